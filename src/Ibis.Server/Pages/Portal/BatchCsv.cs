using System.Globalization;
using System.Text;
using Ibis.Server.Api;
using Ibis.Server.Indicia;

namespace Ibis.Server.Pages.Portal;

/// <summary>One line of a batch CSV: the piece it asks for, or why it cannot be read.</summary>
internal sealed record BatchCsvRow(int Line, PrintIndiciumRequest? Request, string? Code, string? Message)
{
    public string Describe => Request is null ? "" : $"{Request.MailClass?.Replace('_', ' ')} {Request.RateCategory?.Replace('_', ' ')}, {Request.WeightOz?.ToString(CultureInfo.InvariantCulture)} oz";
}

/// <summary>
/// The batch CSV of the portal (README "Print a batch from a CSV file"): a header row naming the
/// columns, then one piece per line. Required: <c>mail_class</c>, <c>rate_category</c>,
/// <c>weight_oz</c>, <c>destination_zip</c>. Optional: <c>mailing_date</c> (YYYY-MM-DD, default the day
/// of the upload), <c>postage</c> (dollars, default the amount due), <c>medium</c>, <c>origin_zip</c>,
/// and the recipient <c>to_name</c>, <c>to_line1</c>, <c>to_line2</c>, <c>to_city</c>, <c>to_state</c>,
/// <c>to_zip5</c>, <c>to_zip4</c>. Quoted cells ("Suite 4, rear") follow RFC 4180.
/// </summary>
internal static class BatchCsv
{
    public static readonly string[] Required = ["mail_class", "rate_category", "weight_oz", "destination_zip"];

    public static readonly string[] Optional = ["mailing_date", "postage", "medium", "origin_zip", "to_name", "to_line1", "to_line2", "to_city", "to_state", "to_zip5", "to_zip4"];

    /// <summary>The rows of <paramref name="text"/>; a missing column or an unknown one refuses the whole file (<c>csv_invalid</c>).</summary>
    public static IReadOnlyList<BatchCsvRow> Parse(string text, DateOnly today)
    {
        var records = Records(text).Where(r => r.Cells.Any(c => c.Length > 0)).ToList();
        if (records.Count == 0) throw ApiException.Invalid("csv_invalid", "the file is empty: the first line names the columns (mail_class,rate_category,weight_oz,destination_zip …)", "file");
        var header = records[0].Cells.Select(c => c.Trim().ToLowerInvariant()).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0) throw ApiException.Invalid("csv_invalid", $"the first line must name the columns; missing: {string.Join(", ", missing)}", "file");
        var unknown = header.Where(h => h.Length > 0 && !Required.Contains(h) && !Optional.Contains(h)).ToList();
        if (unknown.Count > 0) throw ApiException.Invalid("csv_invalid", $"unknown columns: {string.Join(", ", unknown)}; the columns are {string.Join(", ", Required.Concat(Optional))}", "file");
        if (records.Count - 1 > PrintIndicium.MaxBatch) throw ApiException.Invalid("csv_invalid", $"a batch holds at most {PrintIndicium.MaxBatch} pieces (the file has {records.Count - 1})", "file");

        var rows = new List<BatchCsvRow>(records.Count - 1);
        foreach (var (line, cells) in records.Skip(1))
        {
            string? Cell(string name)
            {
                var i = header.IndexOf(name);
                return i < 0 || i >= cells.Count || string.IsNullOrWhiteSpace(cells[i]) ? null : cells[i].Trim();
            }
            decimal? weight = null;
            if (Cell("weight_oz") is { } w)
            {
                if (!decimal.TryParse(w, NumberStyles.Number, CultureInfo.InvariantCulture, out var ounces))
                {
                    rows.Add(new BatchCsvRow(line, null, "weight_invalid", $"weight_oz '{w}' is not a number of ounces"));
                    continue;
                }
                weight = ounces;
            }
            ToAddressInput? to = null;
            string?[] recipient = [Cell("to_name"), Cell("to_line1"), Cell("to_line2"), Cell("to_city"), Cell("to_state"), Cell("to_zip5"), Cell("to_zip4")];
            if (recipient.Any(r => r is not null))
                to = new ToAddressInput(Cell("to_name"), Cell("to_line2") is { } l2 ? [Cell("to_line1"), l2] : [Cell("to_line1")], Cell("to_city"), Cell("to_state"), Cell("to_zip5"), Cell("to_zip4"));
            var request = new PrintIndiciumRequest(Cell("mail_class"), Cell("rate_category"), weight,
                Cell("postage") is { } p ? new MoneyInput(p.TrimStart('$'), "USD") : null,
                Cell("mailing_date") ?? today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Cell("destination_zip"),
                OriginZip: Cell("origin_zip"), Medium: Cell("medium"), ToAddress: to);
            rows.Add(Cell("destination_zip") is null
                ? new BatchCsvRow(line, request, "destination_zip_required", "destination_zip is required")
                : new BatchCsvRow(line, request, null, null));
        }
        return rows;
    }

    /// <summary>RFC 4180 records with their line numbers (1 = the header).</summary>
    private static IEnumerable<(int Line, List<string> Cells)> Records(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': cells.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n':
                    cells.Add(cell.ToString()); cell.Clear();
                    yield return (start, cells);
                    cells = [];
                    start = ++line;
                    break;
                default: cell.Append(c); break;
            }
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return (start, cells);
        }
    }
}
