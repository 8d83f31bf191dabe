using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ibis.Testing;
using Xunit;

namespace Ibis.Rendering.Tests.Indicia;

public class VectorFormatTests
{
    [Fact]
    public void Pdf_is_one_page_of_the_indicium_with_its_margin_without_embedded_fonts()
    {
        var pdf = Samples.Alone(RenderFormat.Pdf);
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text);
        Assert.Contains("%%EOF", text[^32..]);
        var box = Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(box.Success, "MediaBox");
        // The block (as wide as its 18 pt marking) + 2 x 1/8 in; Skia writes the box in whole points.
        var points = Samples.AloneWidthInches * 72;
        Assert.InRange(double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Math.Floor(points) - 1, Math.Ceiling(points));
        Assert.Single(Regex.Matches(text, @"/Type\s*/Page\b"));
        Assert.DoesNotContain("/FontFile", text);
        Assert.True(pdf.Length < 60_000, $"{pdf.Length} bytes");
    }

    [SkippableFact]
    public void Pdfinfo_reads_the_page_size()
    {
        var pdfinfo = Requires.Tool("pdfinfo", "poppler-utils");
        var path = TempFile(Samples.Alone(RenderFormat.Pdf), ".pdf");
        try
        {
            var (code, stdout, stderr) = Requires.Run(pdfinfo, path);
            Assert.True(code == 0, stderr);
            var size = Regex.Match(stdout, @"Page size:\s+([\d.]+) x [\d.]+ pts");
            Assert.True(size.Success, stdout);
            Assert.InRange(double.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Math.Floor(Samples.AloneWidthInches * 72) - 1, Math.Ceiling(Samples.AloneWidthInches * 72));
            Assert.Matches(@"Pages:\s+1\b", stdout);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Svg_is_well_formed_with_physical_size_and_no_text_elements()
    {
        var svg = Samples.Alone(RenderFormat.Svg, sample: true);
        var doc = XDocument.Parse(Encoding.UTF8.GetString(svg));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var root = doc.Root!;
        Assert.Equal(ns + "svg", root.Name);
        var width = (string)root.Attribute("width")!;
        Assert.EndsWith("in", width);
        Assert.InRange(double.Parse(width[..^2], System.Globalization.CultureInfo.InvariantCulture), Samples.AloneWidthInches - 0.001, Samples.AloneWidthInches + 0.001);
        var viewBox = ((string)root.Attribute("viewBox")!).Split(' ');
        Assert.InRange(double.Parse(viewBox[2], System.Globalization.CultureInfo.InvariantCulture), Samples.AloneWidthInches * 72 - 0.05, Samples.AloneWidthInches * 72 + 0.05);
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
