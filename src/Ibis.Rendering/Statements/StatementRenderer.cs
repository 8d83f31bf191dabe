using System.Globalization;
using Ibis.Domain.Money;
using SkiaSharp;

namespace Ibis.Rendering.Statements;

/// <summary>
/// Draws a <see cref="MonthlyStatement"/> as a PDF on US Letter pages (612 × 792 pt): a header with
/// the account and its opening and closing balances, one table row per transaction with the
/// balance after it (P050 3.5c), the month's totals and numbered pages. Text is set in the embedded
/// DejaVu Sans as real text (a subset font with its Unicode map), so the statement can be searched
/// and copied. Thread-safe: every call uses its own document.
/// </summary>
public static class StatementRenderer
{
    public const float PageWidth = 612;
    public const float PageHeight = 792;

    private const float Left = 50;
    private const float Right = PageWidth - 50;
    private const float FirstTableTop = 218;
    private const float NextTableTop = 92;
    private const float TableBottom = PageHeight - 64;
    private const float HeaderRowHeight = 18;
    private const float RowHeight = 21;
    private const float TotalsHeight = 8 * 15 + 30;

    // Column edges; amounts are right-aligned on their right edge.
    private const float SequenceRight = 76;
    private const float DateLeft = 86;
    private const float TypeLeft = 144;
    private const float DescriptionLeft = 202;
    private const float DescriptionRight = 426;
    private const float AmountRight = 488;
    private const float BalanceRight = Right - 4;

    private static readonly SKColor Ink = new(0x1d, 0x23, 0x30);
    private static readonly SKColor Muted = new(0x5a, 0x62, 0x72);
    private static readonly SKColor Rule = new(0xc8, 0xcd, 0xd6);
    private static readonly SKColor Band = new(0xe8, 0xec, 0xf2);
    private static readonly SKColor Zebra = new(0xf6, 0xf7, 0xf9);
    private static readonly SKColor Navy = new(0x14, 0x32, 0x5c);

    /// <summary>The number of pages <paramref name="statement"/> takes.</summary>
    public static int PageCount(MonthlyStatement statement) => Paginate(statement.Lines.Count).Count;

    public static byte[] RenderPdf(MonthlyStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var pages = Paginate(statement.Lines.Count);
        using var stream = new MemoryStream();
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"Statement {statement.AccountId} {statement.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";
        metadata.Subject = $"Deposit account statement for {statement.LicenseeName}, {statement.MonthName}";
        metadata.Creator = "Ibis";
        metadata.Producer = "Ibis";
        // The same statement renders to the same bytes: the document's dates are the statement's.
        metadata.Creation = statement.GeneratedAt.UtcDateTime;
        metadata.Modified = statement.GeneratedAt.UtcDateTime;
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            for (var p = 0; p < pages.Count; p++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                DrawPage(canvas, statement, pages[p], p + 1, pages.Count);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>Which lines go on which page; the totals follow the last line, on a page of their own when they do not fit.</summary>
    private static List<PagePlan> Paginate(int lineCount)
    {
        var pages = new List<PagePlan>();
        var next = 0;
        var first = true;
        while (true)
        {
            var top = first ? FirstTableTop : NextTableTop;
            var capacity = (int)((TableBottom - top - HeaderRowHeight) / RowHeight);
            var count = Math.Min(capacity, lineCount - next);
            if (!first && count == 0)
            {
                // Only the totals are left: a page of their own, without an empty table.
                pages.Add(new PagePlan(next, 0, false, NextTableTop - 20, TableOmitted: true));
                return pages;
            }
            var end = top + HeaderRowHeight + Math.Max(count, lineCount == 0 ? 1 : 0) * RowHeight;
            var totalsFit = next + count == lineCount && end + TotalsHeight <= TableBottom;
            pages.Add(new PagePlan(next, count, first, totalsFit ? end : null));
            if (totalsFit) return pages;
            next += count;
            first = false;
        }
    }

    private sealed record PagePlan(int First, int Count, bool IsFirst, float? TotalsAt, bool TableOmitted = false);

    private static void DrawPage(SKCanvas canvas, MonthlyStatement s, PagePlan plan, int number, int pageCount)
    {
        using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill };
        canvas.DrawRect(SKRect.Create(PageWidth, PageHeight), white);
        var pen = new Pen(canvas);

        float top;
        if (plan.IsFirst)
        {
            DrawHeader(pen, s);
            top = FirstTableTop;
        }
        else
        {
            pen.Text($"Monthly statement · {s.MonthName} · {s.AccountId}", Left, 56, 8.5f, bold: true, Navy);
            pen.Text(Fit(s.LicenseeName, 8.5f, false, 200), Right, 56, 8.5f, false, Muted, SKTextAlign.Right);
            pen.Line(Left, 64, Right, 64, Rule, 0.75f);
            top = NextTableTop;
        }

        if (!plan.TableOmitted)
        {
            DrawTableHeader(pen, top);
            var y = top + HeaderRowHeight;
            if (s.Lines.Count == 0)
            {
                pen.Text("No transactions this month.", DateLeft, y + 13, 8.5f, false, Muted);
                y += RowHeight;
            }
            for (var i = 0; i < plan.Count; i++)
            {
                DrawRow(pen, s.Lines[plan.First + i], y, zebra: (plan.First + i) % 2 == 1);
                y += RowHeight;
            }
            pen.Line(Left, y, Right, y, Rule, 0.75f);
        }
        if (plan.TotalsAt is { } at) DrawTotals(pen, s, at + 22);

        // Footer: what this is, when it was made, and where in the document the reader is.
        pen.Line(Left, PageHeight - 46, Right, PageHeight - 46, Rule, 0.5f);
        pen.Text($"Ibis · deposit account statement (P050 3.5c) · {s.AccountId} · generated {s.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}",
            Left, PageHeight - 34, 7f, false, Muted);
        pen.Text(string.Create(CultureInfo.InvariantCulture, $"Page {number} of {pageCount}"), Right, PageHeight - 34, 7.5f, true, Ink, SKTextAlign.Right);
    }

    private static void DrawHeader(Pen pen, MonthlyStatement s)
    {
        pen.Text("Monthly statement", Left, 74, 20, true, Navy);
        pen.Text(s.MonthName, Left, 96, 12.5f, false, Ink);
        pen.Text("Deposit account · Computerized Remote Postage Meter Resetting System", Right, 74, 7.5f, false, Muted, SKTextAlign.Right);
        pen.Text("Balances in US dollars, exact to the mill ($0.001)", Right, 86, 7.5f, false, Muted, SKTextAlign.Right);

        var last = s.Month.AddMonths(1).AddDays(-1);
        var box = new SKRect(Left, 112, Right, 196);
        pen.Box(box, Zebra, Rule);
        float y = 132;
        (string Label, string Value)[] left =
        [
            ("Licensee", Fit(s.LicenseeName, 9.5f, true, 190)),
            ("Account", s.AccountId),
            ("Period", $"{Iso(s.Month)} to {Iso(last)} (UTC)"),
            ("Transactions", s.Lines.Count.ToString(CultureInfo.InvariantCulture)),
        ];
        foreach (var (label, value) in left)
        {
            pen.Text(label, Left + 12, y, 8, false, Muted);
            pen.Text(value, Left + 80, y, 9.5f, label == "Licensee", Ink);
            y += 16;
        }
        pen.Line(372, 122, 372, 186, Rule, 0.75f);
        pen.Text("Opening balance", 386, 136, 8, false, Muted);
        pen.Text(s.OpeningBalance.ToDollarString(), Right - 12, 136, 11, false, Ink, SKTextAlign.Right);
        pen.Text("Net change", 386, 156, 8, false, Muted);
        pen.Text(Signed(s.Totals.NetChange), Right - 12, 156, 11, false, Ink, SKTextAlign.Right);
        pen.Text("Closing balance", 386, 180, 8.5f, true, Ink);
        pen.Text(s.ClosingBalance.ToDollarString(), Right - 12, 180, 13, true, Navy, SKTextAlign.Right);
    }

    private static void DrawTableHeader(Pen pen, float top)
    {
        pen.Fill(new SKRect(Left, top, Right, top + HeaderRowHeight), Band);
        var baseline = top + 12;
        pen.Text("No.", SequenceRight, baseline, 7.5f, true, Ink, SKTextAlign.Right);
        pen.Text("Date (UTC)", DateLeft, baseline, 7.5f, true, Ink);
        pen.Text("Type", TypeLeft, baseline, 7.5f, true, Ink);
        pen.Text("Description", DescriptionLeft, baseline, 7.5f, true, Ink);
        pen.Text("Amount", AmountRight, baseline, 7.5f, true, Ink, SKTextAlign.Right);
        pen.Text("Balance after", BalanceRight, baseline, 7.5f, true, Ink, SKTextAlign.Right);
    }

    private static void DrawRow(Pen pen, StatementLine line, float top, bool zebra)
    {
        if (zebra) pen.Fill(new SKRect(Left, top, Right, top + RowHeight), Zebra);
        var baseline = top + 10.5f;
        pen.Text(line.Sequence.ToString(CultureInfo.InvariantCulture), SequenceRight, baseline, 8, false, Muted, SKTextAlign.Right);
        var at = line.At.ToUniversalTime();
        pen.Text(at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DateLeft, baseline, 8, false, Ink);
        pen.Text(at.ToString("HH:mm:ss", CultureInfo.InvariantCulture), DateLeft, baseline + 8.5f, 6.5f, false, Muted);
        pen.Text(Fit(line.CauseLabel, 8, false, DescriptionLeft - TypeLeft - 6), TypeLeft, baseline, 8, false, Ink);
        pen.Text(Fit(line.Description, 7.5f, false, DescriptionRight - DescriptionLeft), DescriptionLeft, baseline, 7.5f, false, Ink);
        pen.Text(Fit(line.Reference, 6.5f, false, DescriptionRight - DescriptionLeft), DescriptionLeft, baseline + 8.5f, 6.5f, false, Muted);
        pen.Text(Signed(line.Amount), AmountRight, baseline, 8, false, line.Amount.IsNegative ? Ink : new SKColor(0x1d, 0x6b, 0x33), SKTextAlign.Right);
        pen.Text(line.BalanceAfter.ToString(), BalanceRight, baseline, 8, true, Ink, SKTextAlign.Right);
    }

    private static void DrawTotals(Pen pen, MonthlyStatement s, float top)
    {
        var t = s.Totals;
        const float labelLeft = 330;
        pen.Text("Totals for the month", labelLeft, top, 10, true, Navy);
        var y = top + 18;
        (string Label, Mills Amount)[] rows =
        [
            ("Deposits", t.Deposits), ("Resets", t.Resets), ("Refunds", t.Refunds), ("Advances", t.Advances), ("Repayments", t.Repayments),
        ];
        foreach (var (label, amount) in rows)
        {
            pen.Text(label, labelLeft, y, 8.5f, false, Ink);
            pen.Text(Signed(amount), BalanceRight, y, 8.5f, false, Ink, SKTextAlign.Right);
            y += 15;
        }
        if (t.Other != Mills.Zero)
        {
            pen.Text("Other (corrections)", labelLeft, y, 8.5f, false, Ink);
            pen.Text(Signed(t.Other), BalanceRight, y, 8.5f, false, Ink, SKTextAlign.Right);
            y += 15;
        }
        pen.Line(labelLeft, y - 9, Right, y - 9, Rule, 0.75f);
        pen.Text("Opening balance", labelLeft, y + 2, 8.5f, false, Muted);
        pen.Text(s.OpeningBalance.ToDollarString(), BalanceRight, y + 2, 8.5f, false, Muted, SKTextAlign.Right);
        pen.Text("Closing balance", labelLeft, y + 18, 9.5f, true, Ink);
        pen.Text(s.ClosingBalance.ToDollarString(), BalanceRight, y + 18, 9.5f, true, Ink, SKTextAlign.Right);
    }

    /// <summary>"250.000" or "-50.000": ASCII signs, so that copied text and the CSV agree.</summary>
    private static string Signed(Mills m) => m.ToString();

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Shortens <paramref name="text"/> with an ellipsis to fit <paramref name="width"/> points.</summary>
    private static string Fit(string text, float size, bool bold, float width)
    {
        using var font = Font(bold, size);
        if (font.MeasureText(text) <= width) return text;
        var lo = 0;
        var hi = text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (font.MeasureText(text[..mid] + "…") <= width) lo = mid; else hi = mid - 1;
        }
        return text[..lo].TrimEnd() + "…";
    }

    private static SKFont Font(bool bold, float size) => new(EmbeddedFonts.Get(bold), size)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };

    /// <summary>The few drawing operations a statement needs, in points from the top-left corner.</summary>
    private readonly struct Pen(SKCanvas canvas)
    {
        public void Text(string text, float x, float baseline, float size, bool bold, SKColor color, SKTextAlign align = SKTextAlign.Left)
        {
            using var font = Font(bold, size);
            using var paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
            canvas.DrawText(text, x, baseline, align, font, paint);
        }

        public void Line(float x0, float y0, float x1, float y1, SKColor color, float width)
        {
            using var paint = new SKPaint { Color = color, StrokeWidth = width, Style = SKPaintStyle.Stroke, IsAntialias = true };
            canvas.DrawLine(x0, y0, x1, y1, paint);
        }

        public void Fill(SKRect rect, SKColor color)
        {
            using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill };
            canvas.DrawRect(rect, paint);
        }

        public void Box(SKRect rect, SKColor fill, SKColor stroke)
        {
            using var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill, IsAntialias = true };
            canvas.DrawRoundRect(rect, 4, 4, paint);
            using var edge = new SKPaint { Color = stroke, Style = SKPaintStyle.Stroke, StrokeWidth = 0.75f, IsAntialias = true };
            canvas.DrawRoundRect(rect, 4, 4, edge);
        }
    }
}
