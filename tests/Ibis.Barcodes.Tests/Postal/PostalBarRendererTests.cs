using Ibis.Barcodes.Postal;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.Postal;

public sealed class PostalBarRendererTests
{
    private static readonly FourStateBar[] Imb = IntelligentMailBarcode.Encode("01234567094987654321", "01234");

    public static TheoryData<int> Resolutions => [96, 150, 200, 203, 240, 300, 360, 406, 600, 720, 1200, 2400];

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void IntelligentMailLayout_AtCommonResolutions_MeetsUspsB3200(int dpi)
    {
        var l = PostalBarLayout.IntelligentMail(dpi);
        double In(int px) => (double)px / dpi;
        Assert.InRange(In(l.BarWidth), PostalBarDimensions.ImbBarWidthMin, PostalBarDimensions.ImbBarWidthMax);
        Assert.InRange((double)dpi / l.Pitch, PostalBarDimensions.ImbBarsPerInchMin, PostalBarDimensions.ImbBarsPerInchMax);
        Assert.InRange(In(l.FullHeight), PostalBarDimensions.ImbFullBarHeightMin, PostalBarDimensions.ImbFullBarHeightMax);
        Assert.InRange(In(l.ShortHeight), PostalBarDimensions.ImbTrackerHeightMin, PostalBarDimensions.ImbTrackerHeightMax);
        Assert.Equal(l.FullHeight, l.ShortHeight + 2 * l.Extension);
        Assert.True(l.BarWidth < l.Pitch);
        Assert.True(In(l.QuietZoneHorizontal) >= PostalBarDimensions.ImbQuietZoneHorizontal);
        Assert.True(In(l.QuietZoneVertical) >= PostalBarDimensions.ImbQuietZoneVertical);
    }

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void PostnetLayout_AtCommonResolutions_MeetsTheTolerances(int dpi)
    {
        var l = PostalBarLayout.Postnet(dpi);
        double In(int px) => (double)px / dpi;
        Assert.InRange(In(l.BarWidth), PostalBarDimensions.PostnetBarWidthMin, PostalBarDimensions.PostnetBarWidthMax);
        Assert.InRange((double)dpi / l.Pitch, PostalBarDimensions.PostnetBarsPerInchMin, PostalBarDimensions.PostnetBarsPerInchMax);
        Assert.InRange(In(l.FullHeight), PostalBarDimensions.PostnetFullBarHeightMin, PostalBarDimensions.PostnetFullBarHeightMax);
        Assert.InRange(In(l.ShortHeight), PostalBarDimensions.PostnetHalfBarHeightMin, PostalBarDimensions.PostnetHalfBarHeightMax);
    }

    [Fact]
    public void Layout_At300Dpi_IsTheNominalSizeRounded()
    {
        var l = PostalBarLayout.IntelligentMail(300);
        Assert.Equal((6, 14, 14), (l.BarWidth, l.Pitch, l.ShortHeight)); // 0.020 in, 21.4 bars/in, 0.047 in
        Assert.Equal(44, l.FullHeight); // 0.147 in
        Assert.Equal(64 * 14 + 6, l.SymbolWidth(65)); // 3.01 in, within USPS-B-3200's 2.667–3.225 in
    }

    [Theory]
    [InlineData(72)]
    [InlineData(1)]
    public void Layout_TooCoarseAResolution_IsRefused(int dpi)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PostalBarLayout.IntelligentMail(dpi));
        Assert.Contains($"at {dpi} dpi", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PostalBarLayout.Postnet(dpi));
    }

    [Theory]
    [InlineData(203)]
    [InlineData(300)]
    [InlineData(600)]
    public void Render_IntelligentMail_DrawsEachBarInItsRows(int dpi)
    {
        var l = PostalBarLayout.IntelligentMail(dpi);
        var m = PostalBarRenderer.Render(Imb, dpi);
        Assert.Equal((l.SymbolWidth(65), l.FullHeight), (m.Width, m.Height));
        for (var i = 0; i < Imb.Length; i++)
        {
            for (var x = i * l.Pitch; x < i * l.Pitch + l.Pitch && x < m.Width; x++)
            {
                var column = Enumerable.Range(0, m.Height).Where(y => m[x, y]).ToArray();
                if (x >= i * l.Pitch + l.BarWidth)
                {
                    Assert.Empty(column); // the space between bars
                    continue;
                }
                var top = (Imb[i] & FourStateBar.Ascender) != 0 ? 0 : l.Extension;
                var bottom = (Imb[i] & FourStateBar.Descender) != 0 ? l.FullHeight : l.Extension + l.ShortHeight;
                Assert.Equal(Enumerable.Range(top, bottom - top), column);
            }
        }
    }

    [Fact]
    public void Render_Postnet_FullAndHalfBarsShareTheBaseline()
    {
        var bars = Postnet.Encode("555551237");
        var l = PostalBarLayout.Postnet(300);
        var m = PostalBarRenderer.Render(bars, 300);
        Assert.Equal((l.SymbolWidth(52), l.FullHeight), (m.Width, m.Height));
        for (var i = 0; i < bars.Length; i++)
        {
            var x = i * l.Pitch;
            var height = Enumerable.Range(0, m.Height).Count(y => m[x, y]);
            Assert.Equal(bars[i] ? l.FullHeight : l.ShortHeight, height);
            Assert.True(m[x, m.Height - 1]);
        }
    }

    [Fact]
    public void RenderPng_IntelligentMail_HasTheClearZoneAndTheBars()
    {
        var l = PostalBarLayout.IntelligentMail(300);
        var image = TestPng.Decode(PostalBarRenderer.RenderPng(Imb, 300));
        var quiet = Math.Max(l.QuietZoneHorizontal, l.QuietZoneVertical);
        Assert.Equal(l.SymbolWidth(65) + 2 * quiet, image.Width);
        Assert.Equal(l.FullHeight + 2 * quiet, image.Height);
        // The tracker row is dark under every bar.
        var y = quiet + l.Extension + l.ShortHeight / 2;
        for (var i = 0; i < 65; i++) Assert.True(image[quiet + i * l.Pitch, y] < 128);
        Assert.True(image[quiet - 1, y] > 128);
    }

    [Fact]
    public void RenderSvg_IntelligentMail_IsOneRectanglePerBarSizedInInches()
    {
        var svg = PostalBarRenderer.RenderSvg(Imb, 300);
        var doc = System.Xml.Linq.XDocument.Parse(svg);
        var rects = doc.Root!.Elements().ToList();
        Assert.Equal(66, rects.Count); // background and 65 bars
        var width = doc.Root.Attribute("width")!.Value;
        Assert.EndsWith("in", width);
        var inches = double.Parse(width[..^2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(inches, 3.0 + 2 * 0.125, 3.05 + 2 * 0.13);
    }

    [Fact]
    public void RenderSvg_Postnet_IsOneRectanglePerBar()
    {
        var doc = System.Xml.Linq.XDocument.Parse(PostalBarRenderer.RenderSvg(Postnet.Encode("20260"), 600));
        Assert.Equal(33, doc.Root!.Elements().Count());
    }

    [Fact]
    public void Render_NoBars_IsRefused() =>
        Assert.Throws<ArgumentException>(() => PostalBarRenderer.Render(ReadOnlySpan<FourStateBar>.Empty, 300));
}
