using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ibis.Domain.Money;
using Ibis.Rendering.Statements;
using Ibis.Testing;
using Xunit;

namespace Ibis.Rendering.Tests.Statements;

/// <summary>The monthly statement of a deposit account as a PDF (P050 3.5c).</summary>
public class StatementPdfTests
{
    private static readonly DateOnly November = new(2026, 11, 1);

    /// <summary>A month with <paramref name="count"/> transactions: deposits, resets, an advance and its repayment, in turn.</summary>
    public static MonthlyStatement Sample(int count, long openingMills = 900_000)
    {
        var lines = new List<StatementLine>();
        var balance = openingMills;
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var (cause, amount, memo, prefix) = (i % 5) switch
            {
                0 => ("deposit", 250_000L + i, "ach_debit deposit", "dep"),
                1 => ("reset", -50_000L - i, "postage value download to psd_7KQ2M4XW9P3RT6VB", "rst"),
                2 => ("advance", 20_000L, "provider advance", "acct"),
                3 => ("repayment", -20_000L, "advance repayment", "acct"),
                _ => ("reset", -12_345L, "postage value download to psd_7KQ2M4XW9P3RT6VB", "rst"),
            };
            balance += amount;
            lines.Add(new StatementLine(2L * i + 10, at.AddHours(6 * i), cause, memo, $"{prefix}_{i:D4}ABCDEFGHJKMNPQRSTVW",
                Mills.FromMills(amount), Mills.FromMills(balance)));
        }
        return new MonthlyStatement("Acme Mailing Company", "acct_3M7Q8T2VW4XKZR9PLD6NB5HC", November, Mills.FromMills(openingMills), lines,
            new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Statement_IsAUsLetterPdf()
    {
        var pdf = StatementRenderer.RenderPdf(Sample(12));
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text);
        Assert.Contains("%%EOF", text[^32..]);
        var boxes = Regex.Matches(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.NotEmpty(boxes);
        Assert.All(boxes, box =>
        {
            Assert.Equal("612", box.Groups[1].Value);
            Assert.Equal("792", box.Groups[2].Value);
        });
        Assert.Single(Regex.Matches(text, @"/Type\s*/Page\b"));
        // Real text in the embedded font, not outlines: the font travels with the file.
        Assert.Contains("/FontFile", text);
    }

    [Fact]
    public void HundredLines_TakeSeveralPages_EachNumbered()
    {
        var statement = Sample(100);
        var pdf = Encoding.Latin1.GetString(StatementRenderer.RenderPdf(statement));
        var pages = Regex.Matches(pdf, @"/Type\s*/Page\b").Count;
        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Equal(StatementRenderer.PageCount(statement), pages);
        Assert.Equal(pages, Regex.Matches(pdf, @"/MediaBox\s*\[\s*0\s+0\s+612\s+792\s*\]").Count);
    }

    [Fact]
    public void SameStatement_RendersToTheSameBytes()
    {
        Assert.Equal(StatementRenderer.RenderPdf(Sample(30)), StatementRenderer.RenderPdf(Sample(30)));
    }

    [Fact]
    public void PageCount_GrowsWithTheLines()
    {
        var counts = Enumerable.Range(0, 120).Select(n => StatementRenderer.PageCount(Sample(n))).ToList();
        Assert.Equal(1, counts[0]);
        for (var n = 1; n < counts.Count; n++) Assert.InRange(counts[n] - counts[n - 1], 0, 1);
        Assert.True(counts[^1] >= 4, $"{counts[^1]} pages for 119 lines");
    }

    [Fact]
    public void Totals_AddUpToTheNetChange()
    {
        var s = Sample(100);
        var t = s.Totals;
        Assert.Equal(s.ClosingBalance - s.OpeningBalance, t.NetChange);
        Assert.Equal(Mills.FromMills(s.Lines.Where(l => l.Cause == "deposit").Sum(l => l.Amount.Value)), t.Deposits);
        Assert.Equal(Mills.FromMills(s.Lines.Where(l => l.Cause == "reset").Sum(l => l.Amount.Value)), t.Resets);
        Assert.Equal(Mills.Zero, t.Other);
    }

    [Fact]
    public void EmptyMonth_ClosesAtTheOpeningBalance()
    {
        var s = Sample(0, openingMills: 123_456);
        Assert.Equal(Mills.FromMills(123_456), s.ClosingBalance);
        Assert.Equal(1, StatementRenderer.PageCount(s));
        Assert.StartsWith("%PDF-", Encoding.Latin1.GetString(StatementRenderer.RenderPdf(s)));
    }

    [SkippableFact]
    public void Pdftotext_ReadsTheAmountsBalancesAndPageNumbers()
    {
        var pdftotext = Requires.Tool("pdftotext", "poppler-utils");
        var statement = Sample(100);
        var path = Path.Combine(Path.GetTempPath(), $"ibis-statement-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, StatementRenderer.RenderPdf(statement));
        try
        {
            var (code, stdout, stderr) = Requires.Run(pdftotext, "-layout", path, "-");
            Assert.True(code == 0, stderr);
            Assert.Contains("Monthly statement", stdout);
            Assert.Contains("November 2026", stdout);
            Assert.Contains("Acme Mailing Company", stdout);
            Assert.Contains("acct_3M7Q8T2VW4XKZR9PLD6NB5HC", stdout);
            Assert.Contains("Opening balance", stdout);
            Assert.Contains("$900.000", stdout);
            Assert.Contains("Closing balance", stdout);
            Assert.Contains(statement.ClosingBalance.ToDollarString(), stdout);
            var pages = StatementRenderer.PageCount(statement);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Page 1 of {pages}"), stdout);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Page {pages} of {pages}"), stdout);
            // Every line's amount and balance after it, on a row of its own, in order.
            var rows = stdout.Split('\n');
            var at = 0;
            foreach (var line in statement.Lines)
            {
                var found = Array.FindIndex(rows, at, r =>
                    Regex.IsMatch(r, $@"^\s*{line.Sequence}\s") && r.Contains(line.Amount.ToString(), StringComparison.Ordinal)
                    && r.TrimEnd().EndsWith(line.BalanceAfter.ToString(), StringComparison.Ordinal));
                Assert.True(found >= 0, $"line {line.Sequence} ({line.Amount} → {line.BalanceAfter}) not found after row {at}");
                at = found + 1;
            }
            var t = statement.Totals;
            foreach (var (label, amount) in new[] { ("Deposits", t.Deposits), ("Resets", t.Resets), ("Advances", t.Advances), ("Repayments", t.Repayments) })
                Assert.Matches($@"{label}\s+{Regex.Escape(amount.ToString())}", stdout);
        }
        finally { File.Delete(path); }
    }
}
