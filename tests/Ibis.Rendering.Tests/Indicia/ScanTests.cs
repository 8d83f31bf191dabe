using Ibis.Barcodes.DataMatrix;
using Ibis.Rendering.Indicia;
using Ibis.Testing;
using SkiaSharp;
using Xunit;

namespace Ibis.Rendering.Tests.Indicia;

/// <summary>
/// The rendered indicium must scan: an independent decoder (zxing-cpp, and libdmtx where present)
/// reads the Data Matrix from our PNG and the PDF as poppler rasterises it, and returns exactly the
/// bytes we encoded.
/// </summary>
public class ScanTests
{
    private static byte[] Payload(int seed)
    {
        var bytes = new byte[124];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [SkippableTheory]
    [InlineData(RenderMedium.IndiciumOnly, 300, false)]
    [InlineData(RenderMedium.IndiciumOnly, 203, true)]
    [InlineData(RenderMedium.IndiciumOnly, 600, false)]
    [InlineData(RenderMedium.Envelope10, 300, true)]
    [InlineData(RenderMedium.Envelope10, 300, false)]
    [InlineData(RenderMedium.Envelope10, 203, false)]
    public void ZXing_reads_the_png_back_to_the_same_bytes(RenderMedium medium, int dpi, bool sample)
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var payload = Payload(dpi + (int)medium);
        var art = Samples.Artwork(DataMatrixEncoder.Encode(payload), sample);
        var png = IndiciumRenderer.Render(art, medium, RenderFormat.Png, dpi);
        // zxing-cpp 1.4 only searches for Data Matrix along lines through the image centre, so on
        // a whole envelope we hand it what a verification scanner captures: the indicium area
        // (located by measuring the bitmap), with a margin. libdmtx reads the full page below.
        if (medium == RenderMedium.Envelope10) png = CropToIndicium(png, dpi);
        var path = TempFile(png, ".png");
        try
        {
            Assert.Equal(payload, Requires.RunForBytes(zxing, "-format", "DataMatrix", "-bytes", path));
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void ZXing_reads_the_pdf_as_rasterised_by_poppler()
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
        var payload = Payload(7);
        var art = Samples.Artwork(DataMatrixEncoder.Encode(payload));
        var pdf = TempFile(IndiciumRenderer.Render(art, RenderMedium.Envelope10, RenderFormat.Pdf), ".pdf");
        var prefix = Path.ChangeExtension(pdf, null) + "-page";
        try
        {
            var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", pdf, prefix);
            Assert.True(code == 0, stderr);
            var cropped = prefix + "-crop.png";
            File.WriteAllBytes(cropped, CropToIndicium(File.ReadAllBytes(prefix + ".png"), 300));
            Assert.Equal(payload, Requires.RunForBytes(zxing, "-format", "DataMatrix", "-bytes", cropped));
            File.Delete(cropped);
        }
        finally
        {
            File.Delete(pdf);
            File.Delete(prefix + ".png");
        }
    }

    [SkippableTheory]
    [InlineData(RenderMedium.IndiciumOnly, RenderFormat.Png)]
    [InlineData(RenderMedium.Envelope10, RenderFormat.Png)]
    [InlineData(RenderMedium.Envelope10, RenderFormat.Pdf)]
    public void Libdmtx_reads_the_whole_page(RenderMedium medium, RenderFormat format)
    {
        var dmtxread = Requires.Tool("dmtxread", "dmtx-utils");
        var payload = Payload(11 + (int)medium);
        var art = Samples.Artwork(DataMatrixEncoder.Encode(payload), sample: true);
        var file = TempFile(IndiciumRenderer.Render(art, medium, format), format == RenderFormat.Pdf ? ".pdf" : ".png");
        var png = file;
        try
        {
            if (format == RenderFormat.Pdf)
            {
                var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
                var prefix = Path.ChangeExtension(file, null) + "-page";
                var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", file, prefix);
                Assert.True(code == 0, stderr);
                png = prefix + ".png";
            }
            Assert.Equal(payload, Requires.RunForBytes(dmtxread, "-N1", png));
        }
        finally
        {
            File.Delete(file);
            File.Delete(png);
        }
    }

    /// <summary>Crops an envelope bitmap to the dark area right of the FIM, plus 0.15 in of white.</summary>
    private static byte[] CropToIndicium(byte[] png, int dpi)
    {
        var gray = GrayImage.Decode(png);
        var fimRight = gray.RowRuns(dpi / 10)[^1];
        var dark = gray.DarkBounds(fimRight.Start + fimRight.Length + dpi / 20, 0, gray.Width, gray.Height)!.Value;
        var margin = (int)(0.15 * dpi);
        var rect = SKRectI.Create(dark.Left - margin, Math.Max(0, dark.Top - margin),
            Math.Min(gray.Width, dark.Right + margin) - (dark.Left - margin),
            Math.Min(gray.Height, dark.Bottom + margin) - Math.Max(0, dark.Top - margin));
        using var bitmap = SKBitmap.Decode(png);
        using var subset = new SKBitmap();
        Assert.True(bitmap.ExtractSubset(subset, rect));
        using var image = SKImage.FromBitmap(subset);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string TempFile(byte[] bytes, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), "ibis-scan-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
