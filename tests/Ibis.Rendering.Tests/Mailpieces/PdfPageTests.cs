using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ibis.Rendering.Mailpieces;
using Ibis.Testing;
using Xunit;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>PDF pages at the exact physical size of each medium; SVG with the size in inches.</summary>
public class PdfPageTests
{
    public static TheoryData<Medium, string, string> Sizes => new()
    {
        { Medium.Envelope6And3Quarters, "468", "261" },
        { Medium.Envelope9, "639", "279" },
        { Medium.Envelope10, "684", "297" },
        { Medium.Envelope6x9, "648", "432" },
        { Medium.Flat9x12, "864", "648" },
        { Medium.Label4x6, "288", "432" },
        { Medium.SheetLabel, "612", "792" },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MediaBox_is_the_medium_in_points_without_embedded_fonts(Medium medium, string width, string height)
    {
        var pdf = MailpieceRenderer.Render(Pieces.Request(medium, IndiciumVariant.Standard), RenderFormat.Pdf);
        var text = Encoding.Latin1.GetString(pdf);
        var box = Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(box.Success, "MediaBox");
        Assert.Equal(width, box.Groups[1].Value);
        Assert.Equal(height, box.Groups[2].Value);
        Assert.Single(Regex.Matches(text, @"/Type\s*/Page\b"));
        // Text is drawn as outlines: no 700 KB DejaVu embedded in every piece.
        Assert.DoesNotContain("/FontFile", text);
    }

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public void Pdfinfo_reads_the_page_size(Medium medium, string width, string height)
    {
        var pdfinfo = Requires.Tool("pdfinfo", "poppler-utils");
        var path = Path.Combine(Path.GetTempPath(), "ibis-piece-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(path, MailpieceRenderer.Render(Pieces.Request(medium, IndiciumVariant.PostageCorrection), RenderFormat.Pdf));
        try
        {
            var (code, stdout, stderr) = Requires.Run(pdfinfo, path);
            Assert.True(code == 0, stderr);
            Assert.Matches($@"Page size:\s+{width} x {height} pts", stdout);
            Assert.Matches(@"Pages:\s+1\b", stdout);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void Rasterised_pdf_measures_like_the_png()
    {
        var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
        var request = Pieces.Request(Medium.Envelope6x9, IndiciumVariant.Standard, seed: 5);
        var path = Path.Combine(Path.GetTempPath(), "ibis-piece-" + Guid.NewGuid().ToString("N") + ".pdf");
        var prefix = Path.ChangeExtension(path, null) + "-page";
        File.WriteAllBytes(path, MailpieceRenderer.Render(request, RenderFormat.Pdf));
        try
        {
            var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", path, prefix);
            Assert.True(code == 0, stderr);
            var png = File.ReadAllBytes(prefix + ".png");
            var m = new PieceMeasurement(GrayImage.Decode(png), 300);
            var fimRight = m.AssertFim(Ibis.Rendering.Indicia.FacingIdentificationMark.PatternD.ToArray());
            var dark = m.Dark(fimRight + m.Px(0.1), 0, m.Image.Width, m.Image.Height);
            Assert.True(m.In(dark.Top) >= 0.25 && m.In(m.Image.Width - 1 - dark.Right) >= 0.25);
            var symbol = m.Symbol(dark.Left, dark.Top, dark.Right + 1, dark.Bottom + 1);
            Assert.Equal(Pieces.Payload(5), ExternalReaders.ZXingDataMatrix(png, symbol, m.Px(0.15)));
        }
        finally
        {
            File.Delete(path);
            File.Delete(prefix + ".png");
        }
    }

    [Fact]
    public void Svg_has_the_physical_size_and_no_text_elements()
    {
        var svg = MailpieceRenderer.Render(Pieces.Request(Medium.Flat9x12, IndiciumVariant.Standard), RenderFormat.Svg);
        var doc = XDocument.Parse(Encoding.UTF8.GetString(svg));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("12in", (string?)doc.Root!.Attribute("width"));
        Assert.Equal("9in", (string?)doc.Root!.Attribute("height"));
        Assert.Equal("0 0 864 648", (string?)doc.Root!.Attribute("viewBox"));
        Assert.Empty(doc.Descendants(ns + "text"));
    }
}
