using Ibis.Rendering.Indicia;
using Xunit;

namespace Ibis.Rendering.Tests.Indicia;

public class EnvelopeTests
{
    [Theory]
    [InlineData(300, false)]
    [InlineData(300, true)]
    [InlineData(600, false)]
    [InlineData(203, true)]
    public void Envelope_png_meets_position_and_FIM_geometry(int dpi, bool sample)
    {
        var png = IndiciumRenderer.Render(Samples.Artwork(sample: sample), RenderMedium.Envelope10, RenderFormat.Png, dpi);
        EnvelopeMeasurement.Measure(GrayImage.Decode(png), dpi);
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(40, 40)]
    [InlineData(48, 48)]
    [InlineData(52, 52)]
    [InlineData(64, 64)]
    [InlineData(48, 16)]
    public void Any_symbol_size_keeps_clear_of_the_FIM_and_the_edges(int width, int height)
    {
        var art = Samples.Artwork(TestMatrices.FakeDataMatrix(width, height, seed: width * height));
        var layout = IndiciumLayout.Compute(art, RenderMedium.Envelope10, RenderFormat.Png);
        Assert.True(layout.Indicium.Top >= 0.25);
        Assert.True(layout.PageWidth - layout.Indicium.Right >= 0.25);
        Assert.False(layout.Indicium.IntersectsWith(layout.FimClearZone!.Value));
        Assert.All(layout.FimBars, bar => Assert.False(bar.IntersectsWith(layout.Indicium)));
        Assert.All(layout.Text, t => Assert.True(t.SizePoints >= 4, $"'{t.Text}' shrunk to {t.SizePoints} pt"));

        var gray = GrayImage.Decode(IndiciumRenderer.Render(art, RenderMedium.Envelope10, RenderFormat.Png));
        var dark = gray.DarkBounds((int)(7.6 * 300), 0, gray.Width, gray.Height)!.Value;
        Assert.True(dark.Top >= 75 && gray.Width - 1 - dark.Right >= 75);
        Assert.True(gray.Width - dark.Left <= 1.75 * 300);
    }

    [Fact]
    public void Layout_reports_FIM_D_bars_and_the_clear_zone()
    {
        var layout = IndiciumLayout.Compute(Samples.Artwork(), RenderMedium.Envelope10, RenderFormat.Pdf);
        Assert.Equal(7, layout.FimBars.Count);
        Assert.Equal(9.5 - 2.0, layout.FimBars[^1].Right, 6);
        Assert.Equal(8 * (1.0 / 16) + 1.0 / 32, layout.FimBars[^1].Right - layout.FimBars[0].Left, 6);
        Assert.Equal(new InchRect(6.5, 0, 1.25, 0.625), layout.FimClearZone);
        Assert.Empty(IndiciumLayout.Compute(Samples.Artwork(), RenderMedium.IndiciumOnly, RenderFormat.Pdf).FimBars);
    }

    [Fact]
    public void Human_readable_lines_carry_the_P050_4_5_minimum()
    {
        var layout = IndiciumLayout.Compute(Samples.Artwork(), RenderMedium.Envelope10, RenderFormat.Svg);
        var texts = layout.Text.Select(t => t.Text).ToList();
        Assert.Contains("BETHESDA MD 20814", texts);
        Assert.Contains("0651A0001234", texts);
        Assert.Contains("NOV 23 2026", texts);
        Assert.Contains("LETTER", texts);
        Assert.Contains("$0.740", texts);
        Assert.Contains("FIRST-CLASS MAIL", texts);
        Assert.All(layout.Text, t =>
        {
            Assert.True(t.Left >= layout.Indicium.Left - 1e-9);
            Assert.True(t.Baseline <= layout.Indicium.Bottom + 1e-9);
        });
    }
}
