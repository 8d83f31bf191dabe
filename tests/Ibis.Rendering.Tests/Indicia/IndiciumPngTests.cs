using System.Buffers.Binary;
using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;
using Xunit;

namespace Ibis.Rendering.Tests.Indicia;

public class IndiciumPngTests
{
    [Theory]
    [InlineData(300)]
    [InlineData(600)]
    [InlineData(203)]
    public void Png_is_8_bit_gray_with_a_pHYs_chunk_and_the_physical_size(int dpi)
    {
        var png = Samples.Alone(RenderFormat.Png, dpi);

        var chunks = PngDpiTests.Chunks(png);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("pHYs", chunks[1].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.True(chunks.FindIndex(c => c.Type == "pHYs") < chunks.FindIndex(c => c.Type == "IDAT"));
        Assert.Single(chunks, c => c.Type == "pHYs");

        var ihdr = chunks[0].Data;
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        var height = (int)BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(4));
        Assert.Equal(8, ihdr[8]);  // bit depth
        Assert.Equal(0, ihdr[9]);  // colour type 0: grayscale

        var phys = chunks[1].Data;
        Assert.Equal(9, phys.Length);
        var ppm = (uint)Math.Round(dpi / 0.0254);
        Assert.Equal(ppm, BinaryPrimitives.ReadUInt32BigEndian(phys));
        Assert.Equal(ppm, BinaryPrimitives.ReadUInt32BigEndian(phys.AsSpan(4)));
        Assert.Equal(1, phys[8]);

        // Pixel size = inches × dpi, rounded up to a whole pixel: the block (as wide as its 18 pt marking) and 1/8 in each side.
        Assert.True(Samples.AloneWidthInches > 1.6875, "the marking is wider than the 1 7/16 in design");
        Assert.Equal((int)Math.Ceiling(Samples.AloneWidthInches * dpi - 1e-9), width);

        var gray = GrayImage.Decode(png);
        Assert.Equal(width, gray.Width);
        Assert.Equal(height, gray.Height);
    }

    [Theory]
    [InlineData(300, 4)]
    [InlineData(600, 8)]
    [InlineData(203, 3)]
    public void Barcode_modules_are_whole_pixels_with_crisp_edges(int dpi, int modulePixels)
    {
        var barcode = TestMatrices.FakeDataMatrix();
        var gray = GrayImage.Decode(Samples.Alone(RenderFormat.Png, dpi, barcode));

        var (left, top, right, bottom) = gray.FindDataMatrix(0, 0, gray.Width / 2, gray.Height, minSide: dpi * 3 / 10);
        Assert.Equal(44 * modulePixels, bottom - top);
        Assert.Equal(44 * modulePixels, right - left);
        Assert.True(modulePixels / (double)dpi >= 0.0133, "module at least 0.0133 in");

        // Only pure black and white inside the symbol (no antialiasing), and every module uniform.
        for (var y = top; y < bottom; y++)
            for (var x = left; x < right; x++)
            {
                Assert.True(gray[x, y] is 0 or 255, $"gray {gray[x, y]} at ({x},{y})");
                var mx = left + (x - left) / modulePixels * modulePixels;
                var my = top + (y - top) / modulePixels * modulePixels;
                Assert.Equal(gray[mx, my], gray[x, y]);
            }

        // Modules match the matrix.
        for (var my = 0; my < 44; my++)
            for (var mx = 0; mx < 44; mx++)
                Assert.Equal(barcode[mx, my], gray.Dark(left + mx * modulePixels + 1, top + my * modulePixels + 1));

        // Quiet zone of at least 2 modules on all four sides.
        var q = 2 * modulePixels;
        Assert.Equal(0, gray.CountDark(left - q, top - q, right + q, top));
        Assert.Equal(0, gray.CountDark(left - q, bottom, right + q, bottom + q));
        Assert.Equal(0, gray.CountDark(left - q, top, left, bottom));
        Assert.Equal(0, gray.CountDark(right, top, right + q, bottom));
    }

    [Fact]
    public void Human_readable_block_has_text_right_of_and_below_the_barcode()
    {
        var gray = GrayImage.Decode(Samples.Alone(RenderFormat.Png));
        var (left, top, right, bottom) = gray.FindDataMatrix(0, 0, gray.Width / 2, gray.Height, minSide: 90);

        Assert.True(gray.CountDark(right + 8, top, gray.Width, bottom) > 1500, "text beside the barcode");
        Assert.True(gray.CountDark(0, bottom + 8, gray.Width, gray.Height) > 1500, "text below the barcode");
        // The label margin stays white.
        Assert.Equal(0, gray.CountDark(0, 0, gray.Width, 30));
        Assert.Equal(0, gray.CountDark(0, gray.Height - 30, gray.Width, gray.Height));
    }

    [Fact]
    public void Sample_indicium_carries_a_large_bold_line_beside_the_barcode()
    {
        // The block as RenderIndicium lays it out at 300 dpi (4 px modules), moved by the 1/8 in margin.
        var normal = Block(sample: false);
        var sample = Block(sample: true);
        var line = Assert.Single(sample.Text, t => t.Text == "SAMPLE");
        Assert.True(line.Bold);
        // As large as the postage amount, the largest text of the block.
        Assert.True(line.SizePoints >= 12, $"SAMPLE at {line.SizePoints} pt");
        Assert.DoesNotContain(normal.Text, t => t.Text == "SAMPLE");
        // Beside the barcode (right of it, within its rows), so the symbol stays mid-image for scanners.
        var symbol = sample.Barcode!.Value;
        Assert.True(line.Left > symbol.Right);
        Assert.True(line.Baseline <= symbol.Bottom + 0.1, $"SAMPLE baseline {line.Baseline} vs barcode bottom {symbol.Bottom}");

        var b = GrayImage.Decode(Samples.Alone(RenderFormat.Png, sample: true));
        var margin = MailpieceRenderer.IndiciumAloneMarginInches;
        var baseline = (int)Math.Round((line.Baseline + margin) * 300);
        var left = (int)Math.Round((line.Left + margin) * 300);
        Assert.True(b.CountDark(left, baseline - 45, b.Width, baseline + 2) > 2500, "SAMPLE is drawn big and bold");
    }

    [Fact]
    public void Output_is_deterministic()
    {
        Assert.Equal(Samples.Alone(RenderFormat.Png), Samples.Alone(RenderFormat.Png));
        Assert.Equal(Samples.Alone(RenderFormat.Svg), Samples.Alone(RenderFormat.Svg));
        var envelope = MailpieceRequest.For(Samples.Content(), Medium.Envelope10);
        Assert.Equal(MailpieceRenderer.Render(envelope, RenderFormat.Png), MailpieceRenderer.Render(envelope, RenderFormat.Png));
    }

    [Fact]
    public void Indicium_alone_carries_the_P050_4_5_minimum_and_the_class_marking()
    {
        var texts = Block(sample: false).Text.Select(t => t.Text).ToList();
        Assert.Equal(["US POSTAGE", "$0.740", "NOV 23 2026", "0651A0001234", "BETHESDA MD 20814", "LETTER", Samples.Marking], texts);
    }

    /// <summary>P050 4.11: postal markings in bold capitals at least 1/4 in high (18 pt), with no exception for a small medium.</summary>
    [Fact]
    public void Indicium_alone_prints_its_class_marking_in_bold_18_point_capitals_below_everything_else()
    {
        var block = Block(sample: false);
        var marking = block.Text.Single(t => t.Text == Samples.Marking);
        Assert.True(marking.Bold);
        Assert.True(marking.SizePoints >= 18, $"marking at {marking.SizePoints} pt");
        Assert.Equal(marking.Text.ToUpperInvariant(), marking.Text);
        Assert.All(block.Text.Where(t => t != marking), t => Assert.True(t.Baseline < marking.Baseline));
        Assert.True(block.Height >= marking.Baseline, "the block holds the marking");

        // On the page: ink of 1/4 in capitals (cap height of 18 pt bold is about 0.18 in, 54 px at 300 dpi) across the marking's width.
        var png = GrayImage.Decode(Samples.Alone(RenderFormat.Png));
        var margin = MailpieceRenderer.IndiciumAloneMarginInches;
        var baseline = (int)Math.Round((marking.Baseline + margin) * 300);
        var rows = Enumerable.Range(baseline - 60, 62).Where(y => png.CountDark(0, y, png.Width, y + 1) > 0).ToList();
        Assert.True(rows.Count >= 50, $"marking ink spans {rows.Count} rows at 300 dpi");
        Assert.True(png.Width >= (int)(1.9 * 300), $"the page widened for the marking: {png.Width} px");
    }

    private static IndiciumBlock Block(bool sample) =>
        IndiciumBlock.Compute(Samples.Content(sample: sample), IndiciumVariant.Standard, IndiciumDesigns.Standard,
            4.0 / 300, IndiciumBlock.StackedWidthInches, Samples.Marking);

    [Theory]
    [InlineData(0)]
    [InlineData(71)]
    [InlineData(2401)]
    public void Unreasonable_dpi_is_rejected(int dpi) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Samples.Alone(RenderFormat.Png, dpi));
}
