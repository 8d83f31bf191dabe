using System.Globalization;
using System.Text;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Ibis.Rendering.Mailpieces;

namespace Ibis.Cli.Daily;

/// <summary>A problem with one row: the CSV line, the column, a stable code and words.</summary>
internal sealed record RowProblem(int Line, string? Column, string Code, string Message);

/// <summary>One row of a batch file, checked: the print request it becomes.</summary>
internal sealed record BatchRow(int Line, string? Reference, RateCategory Category, decimal Weight, string Date, string To, string? From,
    Mills? Postage, string? Medium, string? PieceGroup, Dictionary<string, object?>? ToAddress, string? FromAddressId = null)
{
    /// <summary>The piece as the batch endpoint takes it (POST /v1/devices/{id}/indicia/batch).</summary>
    public Dictionary<string, object?> Request(Mills postage) => new()
    {
        ["mail_class"] = Category.MailClass, ["rate_category"] = Category.Name, ["weight_oz"] = Weight, ["postage"] = postage.ToString(),
        ["mailing_date"] = Date, ["destination_zip"] = To, ["origin_zip"] = From, ["medium"] = Medium, ["piece_group"] = PieceGroup, ["to_address"] = ToAddress,
        ["from_address_id"] = FromAddressId,
    };
}

/// <summary>
/// The batch file of <c>ibis batch print</c>: CSV (RFC 4180) with a header row; columns in any order,
/// names as in the print API. Every row is checked here with the domain's own parsers before the
/// server is asked anything, so a typo in row 40 is found before row 1 spends postage.
/// </summary>
internal static class BatchCsv
{
    public const string Columns = """
        Columns (header row required, any order; only weight_oz and destination_zip are required):
          mail_class       first_class (default), priority, express, standard
          rate_category    letter (default), flat, postcard, single_piece
          weight_oz        ounces, e.g. 1 or 3.5
          destination_zip  the recipient's 5-digit ZIP Code
          postage          dollars, e.g. 0.740 (default: the amount due from the price list)
          mailing_date     YYYY-MM-DD (default: today)
          origin_zip       for zone-priced classes (default: the licensing post office)
          medium           envelope-10, label-4x6, … (see 'ibis print --help')
          piece_group      rows with the same value are the several indicia of one mailpiece (P050 4.5)
          to_name, to_street, to_street2, to_city, to_state, to_zip4
                           the recipient's address block with an Intelligent Mail barcode
          from_address_id  the return address: an address book entry (adr_…) or none (default: your default return address)
          reference        your own note (an order number); shown in the results, never sent
        """;

    private static readonly string[] Known =
    [
        "mail_class", "rate_category", "weight_oz", "destination_zip", "postage", "mailing_date", "origin_zip", "medium", "piece_group",
        "to_name", "to_street", "to_street2", "to_city", "to_state", "to_zip4", "from_address_id", "reference",
    ];

    public static (List<BatchRow> Rows, List<RowProblem> Problems, int Count) Read(string text, string today)
    {
        var records = Parse(text);
        var problems = new List<RowProblem>();
        var rows = new List<BatchRow>();
        if (records.Count == 0) return (rows, [new RowProblem(1, null, "batch_empty", "the file has no header row")], 0);
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var unknown in header.Where(h => !Known.Contains(h)))
            problems.Add(new RowProblem(1, unknown, "column_unknown", $"column '{unknown}' is not one of: {string.Join(", ", Known)}"));
        foreach (var required in new[] { "weight_oz", "destination_zip" }.Where(r => !header.Contains(r)))
            problems.Add(new RowProblem(1, required, "column_required", $"the header has no '{required}' column"));
        if (problems.Count > 0) return (rows, problems, records.Count - 1);

        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Fields.Count != header.Count)
            {
                problems.Add(new RowProblem(record.Line, null, "row_columns", $"{record.Fields.Count} values for {header.Count} columns"));
                continue;
            }
            var values = header.Zip(record.Fields).ToDictionary(p => p.First, p => string.IsNullOrWhiteSpace(p.Second) ? null : p.Second.Trim());
            var row = Check(record.Line, values, today, out var problem);
            if (row is null) problems.Add(problem!);
            else rows.Add(row);
        }
        if (rows.Count == 0 && problems.Count == 0) problems.Add(new RowProblem(1, null, "batch_empty", "the file has no rows"));
        return (rows, problems, rows.Count + problems.Count);
    }

    private static BatchRow? Check(int line, Dictionary<string, string?> v, string today, out RowProblem? problem)
    {
        problem = null;
        string? Get(string name) => v.GetValueOrDefault(name);
        BatchRow? Fail(string column, string code, string message, out RowProblem? p)
        {
            p = new RowProblem(line, column, code, message);
            return null;
        }

        var cls = Get("mail_class") ?? RateCategory.FirstClass;
        var inClass = RateCategory.All.Where(c => c.MailClass == cls).ToList();
        if (inClass.Count == 0) return Fail("mail_class", "mail_class_unknown", $"mail class '{cls}' is not offered (P050 1.4)", out problem);
        var categoryName = Get("rate_category") ?? (inClass.Count == 1 ? inClass[0].Name : "letter");
        var category = RateCategory.Find(cls, categoryName);
        if (category is null) return Fail("rate_category", "rate_category_unknown", $"'{categoryName}' is not a rate category of {cls}: {string.Join(", ", inClass.Select(c => c.Name))}", out problem);
        if (!decimal.TryParse(Get("weight_oz"), NumberStyles.Number, CultureInfo.InvariantCulture, out var weight) || weight <= 0)
            return Fail("weight_oz", "weight_invalid", $"'{Get("weight_oz")}' is not a weight in ounces", out problem);
        var to = Zip5.Parse(Get("destination_zip"));
        if (!to.Success) return Fail("destination_zip", to.ErrorCode!, to.ErrorMessage!, out problem);
        string? from = null;
        if (Get("origin_zip") is { } origin)
        {
            var parsed = Zip5.Parse(origin);
            if (!parsed.Success) return Fail("origin_zip", parsed.ErrorCode!, parsed.ErrorMessage!, out problem);
            from = parsed.Value.ToString();
        }
        var date = Get("mailing_date") ?? today;
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var mailing))
            return Fail("mailing_date", "mailing_date_invalid", $"'{date}' is not a date in the form YYYY-MM-DD", out problem);
        if (mailing < DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            return Fail("mailing_date", "mailing_date_in_past", $"{date} has passed: the date of mailing is the day of deposit or later (P050 4.7)", out problem);
        Mills? postage = null;
        if (Get("postage") is { } amount)
        {
            var parsed = Mills.ParseDollars(amount);
            if (!parsed.Success) return Fail("postage", parsed.ErrorCode!, parsed.ErrorMessage!, out problem);
            postage = parsed.Value;
        }
        if (Get("medium") is { } medium && MediumSpec.FindByName(medium) is null)
            return Fail("medium", "medium_unknown", $"medium '{medium}' is not one of: {string.Join(", ", MediumSpec.Every.Select(m => m.Name))}", out problem);
        Dictionary<string, object?>? address = null;
        if (Get("to_name") is not null || Get("to_street") is not null || Get("to_city") is not null)
        {
            string?[] lines = Get("to_street2") is { } second ? [Get("to_street"), second] : [Get("to_street")];
            var checkedAddress = DeliveryAddress.Create(Get("to_name"), lines, Get("to_city"), Get("to_state"), to.Value.ToString(), Get("to_zip4"), null, out var bad);
            if (checkedAddress is null) return Fail(AddressColumn(bad!.Field), bad.Code, bad.Message, out problem);
            address = new Dictionary<string, object?>
            {
                ["name"] = Get("to_name"), ["lines"] = lines.Where(l => l is not null).ToArray(), ["city"] = Get("to_city"), ["state"] = Get("to_state"),
                ["zip5"] = to.Value.ToString(), ["zip4"] = Get("to_zip4"),
            };
        }
        return new BatchRow(line, Get("reference"), category, weight, date, to.Value.ToString(), from, postage, Get("medium")?.ToLowerInvariant(), Get("piece_group"), address,
            Get("from_address_id"));
    }

    private static string AddressColumn(string field) => field switch
    {
        "lines[1]" => "to_street2",
        _ when field.StartsWith("lines", StringComparison.Ordinal) => "to_street",
        "zip4" => "to_zip4",
        "zip5" => "destination_zip",
        _ => "to_" + field,
    };

    /// <summary>RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. Each record keeps its first line number.</summary>
    internal static List<(int Line, List<string> Fields)> Parse(string text)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    if (any || fields.Any(f => f.Length > 0)) records.Add((start, fields));
                    fields = []; any = false; line++; start = line;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted) throw new CliException($"line {start}: a quoted value is not closed");
        fields.Add(field.ToString());
        if (any || fields.Any(f => f.Length > 0)) records.Add((start, fields));
        // A UTF-8 byte order mark (spreadsheet exports) is not part of the first column's name.
        if (records.Count > 0 && records[0].Item2.Count > 0) records[0].Item2[0] = records[0].Item2[0].TrimStart('\uFEFF');
        return records;
    }
}
