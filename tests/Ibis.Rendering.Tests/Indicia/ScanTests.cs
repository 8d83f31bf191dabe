using Ibis.Barcodes.DataMatrix;
using Ibis.Testing;
using Xunit;

namespace Ibis.Rendering.Tests.Indicia;

/// <summary>
/// The indicium alone must scan: independent decoders (zxing-cpp, libdmtx) read the Data Matrix from
/// our PNG and the PDF as poppler rasterises it, and return exactly the bytes we encoded. Whole
/// pieces are read in Mailpieces/PlacementTests and PdfPageTests.
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
    [InlineData(300, false)]
    [InlineData(203, true)]
    [InlineData(600, false)]
    public void ZXing_reads_the_png_back_to_the_same_bytes(int dpi, bool sample)
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var payload = Payload(dpi);
        var path = TempFile(Samples.Alone(RenderFormat.Png, dpi, DataMatrixEncoder.Encode(payload), sample), ".png");
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
        var pdf = TempFile(Samples.Alone(RenderFormat.Pdf, barcode: DataMatrixEncoder.Encode(payload)), ".pdf");
        var prefix = Path.ChangeExtension(pdf, null) + "-page";
        try
        {
            var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", pdf, prefix);
            Assert.True(code == 0, stderr);
            Assert.Equal(payload, Requires.RunForBytes(zxing, "-format", "DataMatrix", "-bytes", prefix + ".png"));
        }
        finally
        {
            File.Delete(pdf);
            File.Delete(prefix + ".png");
        }
    }

    [SkippableTheory]
    [InlineData(RenderFormat.Png)]
    [InlineData(RenderFormat.Pdf)]
    public void Libdmtx_reads_the_whole_page(RenderFormat format)
    {
        var dmtxread = Requires.Tool("dmtxread", "dmtx-utils");
        var payload = Payload(11 + (int)format);
        var file = TempFile(Samples.Alone(format, barcode: DataMatrixEncoder.Encode(payload), sample: true),
            format == RenderFormat.Pdf ? ".pdf" : ".png");
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

    private static string TempFile(byte[] bytes, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), "ibis-scan-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
