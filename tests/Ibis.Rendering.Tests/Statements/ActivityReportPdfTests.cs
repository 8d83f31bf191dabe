using System.Text;
using System.Text.RegularExpressions;
using Ibis.Domain.Money;
using Ibis.Rendering.Statements;
using Ibis.Testing;
using Xunit;

namespace Ibis.Rendering.Tests.Statements;

/// <summary>Form 3601-C of a checked-out device (§502.27(b)): one US Letter page with sections A–G, as real text.</summary>
public class ActivityReportPdfTests
{
    private static ActivityReportForm Sample(Mills? notice = null) => new(
        "act_4M7Q8T2VW4XKZR9PLD6NB5HC", "Main Street Bakery", "lic_2K7Q8T2VW4XKZR9PLD6NB5HC", "Acme Postage Inc", "0001-0002-00000042",
        "psd_7KQ2M4XW9P3RT6VBN5HCJ2DA", "81234567890", "lease ended", new DateTimeOffset(2026, 12, 7, 15, 30, 0, TimeSpan.Zero),
        Mills.FromMills(740), Mills.FromMills(99_260), 1, notice, Mills.FromMills(99_260), "acct_3M7Q8T2VW4XKZR9PLD6NB5HC", "usr_provider_rep");

    [Fact]
    public void Form_IsOneUsLetterPage_InTheEmbeddedFont_AndDeterministic()
    {
        var pdf = ActivityReportRenderer.RenderPdf(Sample());
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text);
        Assert.Single(Regex.Matches(text, @"/Type\s*/Page\b"));
        Assert.Matches(@"/MediaBox\s*\[\s*0\s+0\s+612\s+792\s*\]", text);
        Assert.Contains("/FontFile", text);
        Assert.Equal(pdf, ActivityReportRenderer.RenderPdf(Sample()));
        Assert.NotEqual(pdf, ActivityReportRenderer.RenderPdf(Sample(Mills.FromMills(100_000))));
    }

    [SkippableFact]
    public void Pdftotext_ReadsSectionsAToG_WithTheValidatedRefundAndSignature()
    {
        var pdftotext = Requires.Tool("pdftotext", "poppler-utils");
        var path = Path.Combine(Path.GetTempPath(), $"ibis-3601c-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, ActivityReportRenderer.RenderPdf(Sample(Mills.FromMills(100_000))));
        try
        {
            var (code, stdout, stderr) = Requires.Run(pdftotext, "-layout", path, "-");
            Assert.True(code == 0, stderr);
            foreach (var section in new[] { "A. Licensee", "B. Provider", "C. Security device", "D. Removal from service", "E. Final registers", "F. Validated refund amount", "G. Provider's representative" })
                Assert.Contains(section, stdout);
            Assert.Matches(@"Refund\s+\$99\.260", stdout);
            Assert.Matches(@"DR noted at notice\s+\$100\.000", stdout);
            Assert.Matches(@"Control total\s+\$100\.000", stdout);
            Assert.Matches(@"Signed by\s+usr_provider_rep", stdout);
            Assert.Contains("0001-0002-00000042", stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
