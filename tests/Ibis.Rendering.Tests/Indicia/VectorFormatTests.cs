using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ibis.Rendering.Indicia;
using Ibis.Testing;
using Xunit;

namespace Ibis.Rendering.Tests.Indicia;

public class VectorFormatTests
{
    [Fact]
    public void Envelope_pdf_is_one_684_by_297_point_page_without_embedded_fonts()
    {
        var pdf = IndiciumRenderer.Render(Samples.Artwork(), RenderMedium.Envelope10, RenderFormat.Pdf);
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text);
        Assert.Contains("%%EOF", text[^32..]);
        var box = Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(box.Success, "MediaBox");
        Assert.Equal("684", box.Groups[1].Value);
        Assert.Equal("297", box.Groups[2].Value);
        Assert.Single(Regex.Matches(text, @"/Type\s*/Page\b"));
        Assert.DoesNotContain("/FontFile", text);
        Assert.True(pdf.Length < 60_000, $"{pdf.Length} bytes");
    }

    [SkippableFact]
    public void Pdfinfo_reads_the_page_size()
    {
        var pdfinfo = Requires.Tool("pdfinfo", "poppler-utils");
        var path = TempFile(IndiciumRenderer.Render(Samples.Artwork(), RenderMedium.Envelope10, RenderFormat.Pdf), ".pdf");
        try
        {
            var (code, stdout, stderr) = Requires.Run(pdfinfo, path);
            Assert.True(code == 0, stderr);
            Assert.Matches(@"Page size:\s+684 x 297 pts", stdout);
            Assert.Matches(@"Pages:\s+1\b", stdout);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void Rasterised_pdf_measures_like_the_png()
    {
        var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
        var art = Samples.Artwork();
        var path = TempFile(IndiciumRenderer.Render(art, RenderMedium.Envelope10, RenderFormat.Pdf), ".pdf");
        var prefix = Path.ChangeExtension(path, null) + "-page";
        try
        {
            var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", path, prefix);
            Assert.True(code == 0, stderr);
            var fromPdf = EnvelopeMeasurement.Measure(GrayImage.Decode(File.ReadAllBytes(prefix + ".png")), 300);
            var fromPng = EnvelopeMeasurement.Measure(
                GrayImage.Decode(IndiciumRenderer.Render(art, RenderMedium.Envelope10, RenderFormat.Png)), 300);

            // Same places within a couple of pixels (vector vs. pixel-snapped geometry).
            Assert.InRange(fromPdf.Symbol.Left - fromPng.Symbol.Left, -2, 2);
            Assert.InRange(fromPdf.Symbol.Top - fromPng.Symbol.Top, -2, 2);
            Assert.InRange(fromPdf.Symbol.Right - fromPng.Symbol.Right, -2, 2);
            Assert.InRange(fromPdf.IndiciumDark.Right - fromPng.IndiciumDark.Right, -3, 3);
            Assert.InRange(fromPdf.FimRuns[^1].Start - fromPng.FimRuns[^1].Start, -2, 2);
        }
        finally
        {
            File.Delete(path);
            File.Delete(prefix + ".png");
        }
    }

    [Theory]
    [InlineData(RenderMedium.Envelope10, "9.5in", "4.125in", "0 0 684 297")]
    [InlineData(RenderMedium.IndiciumOnly, "1.6875in", null, null)]
    public void Svg_is_well_formed_with_physical_size_and_no_text_elements(RenderMedium medium, string width, string? height, string? viewBox)
    {
        var svg = IndiciumRenderer.Render(Samples.Artwork(sample: true), medium, RenderFormat.Svg);
        var doc = XDocument.Parse(Encoding.UTF8.GetString(svg));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var root = doc.Root!;
        Assert.Equal(ns + "svg", root.Name);
        Assert.Equal(width, (string?)root.Attribute("width"));
        if (height is not null) Assert.Equal(height, (string?)root.Attribute("height"));
        if (viewBox is not null) Assert.Equal(viewBox, (string?)root.Attribute("viewBox"));
        Assert.Empty(doc.Descendants(ns + "text"));
        Assert.NotEmpty(doc.Descendants(ns + "path"));
    }

    private static string TempFile(byte[] bytes, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), "ibis-render-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
