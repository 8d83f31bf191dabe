using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Ibis.Domain.Money;

namespace Ibis.Domain.Rates;

/// <summary>The outcome of reading a price list: the table, or the first problem and the JSON path of the field at fault.</summary>
public sealed record RateTableParse(RateTable? Table, string? Code, string? Message, string? Field)
{
    public bool Success => Table is not null;
}

/// <summary>
/// Reads the price-list format of docs/rate-tables.md ("ibis-rate-table/1"). The document comes
/// from an operator, so nothing is trusted: every field is checked and the first problem is
/// reported with its JSON path (e.g. <c>categories[1].steps[0].zones.4</c>); nothing throws.
/// Prices are exact dollar strings with at most three decimals (mills), never floating point.
/// </summary>
public static class RateTableDocument
{
    public const string Format = "ibis-rate-table/1";
    public const string BuiltInSampleName = "sample-2025-07";
    public const string Invalid = "rate_table_invalid";

    /// <summary>Largest weight any class may declare: 70 lb, the Priority and Express Mail maximum.</summary>
    public const decimal MaxWeightOz = 1120m;

    /// <summary>Names of the sample tables embedded in this assembly.</summary>
    public static IReadOnlyList<string> SampleNames { get; } = ["sample-2025-07", "sample-2027-01"];

    /// <summary>The JSON text of an embedded sample table.</summary>
    public static string SampleJson(string name)
    {
        using var stream = typeof(RateTableDocument).Assembly.GetManifestResourceStream($"Ibis.Domain.Rates.Samples.{name}.json")
                           ?? throw new ArgumentException($"no sample table {name}", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static RateTable LoadSample(string name)
    {
        var parsed = Parse(SampleJson(name));
        return parsed.Table ?? throw new InvalidOperationException($"sample table {name} is invalid: {parsed.Field}: {parsed.Message}");
    }

    public static RateTableParse Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Fail("", "the price list is empty");
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return Read(doc.RootElement);
        }
        catch (JsonException e)
        {
            return new RateTableParse(null, Invalid, "the price list is not valid JSON: " + e.Message, null);
        }
        catch (FieldException e)
        {
            return new RateTableParse(null, Invalid, e.Message, e.Field);
        }
    }

    private static RateTableParse Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return Fail("", "the price list must be a JSON object");
        Known(root, "", "format", "name", "effective", "sample", "note", "currency", "categories", "zone_chart");
        var format = String(root, "format", "");
        if (format != Format) throw new FieldException("format", $"format must be \"{Format}\" (got \"{format}\")");
        var name = String(root, "name", "");
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new FieldException("name", "name must be 1–64 letters, digits, '-', '_' or '.'");
        var effectiveText = String(root, "effective", "");
        if (!DateOnly.TryParseExact(effectiveText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective))
            throw new FieldException("effective", $"effective must be a date YYYY-MM-DD (got \"{effectiveText}\")");
        var sample = root.TryGetProperty("sample", out var s) && (s.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? s.GetBoolean()
            : throw new FieldException("sample", "sample must be true or false"));
        if (root.TryGetProperty("currency", out var currency) && (currency.ValueKind != JsonValueKind.String || currency.GetString() != "USD"))
            throw new FieldException("currency", "currency must be \"USD\"");
        if (root.TryGetProperty("note", out var note) && note.ValueKind != JsonValueKind.String)
            throw new FieldException("note", "note must be a string");

        ZoneChart? zones = root.TryGetProperty("zone_chart", out var chart) && chart.ValueKind != JsonValueKind.Null ? ReadZoneChart(chart) : null;

        if (!root.TryGetProperty("categories", out var categories) || categories.ValueKind != JsonValueKind.Array || categories.GetArrayLength() == 0)
            throw new FieldException("categories", "categories must be a non-empty array");
        var prices = new List<CategoryPrices>();
        var i = 0;
        foreach (var c in categories.EnumerateArray())
        {
            var path = $"categories[{i++}]";
            var read = ReadCategory(c, path);
            if (prices.Any(p => p.Category == read.Category))
                throw new FieldException(path, $"{read.Category.MailClass}/{read.Category.Name} appears twice");
            if (read.Category.PricedByZone && zones is null)
                throw new FieldException("zone_chart", $"{read.Category.MailClass} is priced by zone, so the price list needs a zone_chart");
            prices.Add(read);
        }
        return new RateTableParse(new RateTable(name, effective, sample, prices, zones), null, null, null);
    }

    private static CategoryPrices ReadCategory(JsonElement c, string path)
    {
        if (c.ValueKind != JsonValueKind.Object) throw new FieldException(path, "a category must be an object");
        Known(c, path, "mail_class", "rate_category", "steps");
        var mailClass = String(c, "mail_class", path);
        var name = String(c, "rate_category", path);
        if (RateCategory.All.All(x => x.MailClass != mailClass))
            throw new FieldException($"{path}.mail_class", $"mail class \"{mailClass}\" is not one of {string.Join(", ", RateCategory.All.Select(x => x.MailClass).Distinct())}");
        var category = RateCategory.Find(mailClass, name)
                       ?? throw new FieldException($"{path}.rate_category", $"rate category \"{name}\" is not one of {string.Join(", ", RateCategory.All.Where(x => x.MailClass == mailClass).Select(x => x.Name))} for {mailClass}");
        if (!c.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array || steps.GetArrayLength() == 0)
            throw new FieldException($"{path}.steps", "steps must be a non-empty array of weight steps");
        var list = new List<WeightStep>();
        var j = 0;
        foreach (var st in steps.EnumerateArray())
        {
            var sp = $"{path}.steps[{j++}]";
            if (st.ValueKind != JsonValueKind.Object) throw new FieldException(sp, "a step must be an object");
            Known(st, sp, "up_to_oz", "price", "zones");
            if (!st.TryGetProperty("up_to_oz", out var up) || up.ValueKind != JsonValueKind.Number || !up.TryGetDecimal(out var upTo))
                throw new FieldException($"{sp}.up_to_oz", "up_to_oz must be a number of ounces");
            if (upTo <= 0 || upTo > MaxWeightOz)
                throw new FieldException($"{sp}.up_to_oz", $"up_to_oz must be more than 0 and at most {MaxWeightOz} (70 lb)");
            if (list.Count > 0 && upTo <= list[^1].UpToOz)
                throw new FieldException($"{sp}.up_to_oz", $"weight steps must rise: {upTo} is not above {list[^1].UpToOz}");
            if (category.PricedByZone)
            {
                if (st.TryGetProperty("price", out _)) throw new FieldException($"{sp}.price", $"{mailClass} is priced by zone: give zones, not price");
                if (!st.TryGetProperty("zones", out var z) || z.ValueKind != JsonValueKind.Object)
                    throw new FieldException($"{sp}.zones", "zones must be an object with the price of each zone \"1\" to \"9\"");
                var zonePrices = new Mills[ZoneChart.MaxZone];
                foreach (var p in z.EnumerateObject())
                {
                    if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var zone) || zone is < ZoneChart.MinZone or > ZoneChart.MaxZone || p.Name.Length != 1)
                        throw new FieldException($"{sp}.zones.{p.Name}", "zones are \"1\" to \"9\"");
                    zonePrices[zone - 1] = Price(p.Value, $"{sp}.zones.{p.Name}");
                }
                for (var zone = ZoneChart.MinZone; zone <= ZoneChart.MaxZone; zone++)
                    if (!z.TryGetProperty(zone.ToString(CultureInfo.InvariantCulture), out _))
                        throw new FieldException($"{sp}.zones.{zone}", $"zone {zone} has no price");
                list.Add(new WeightStep(upTo, null, zonePrices));
            }
            else
            {
                if (st.TryGetProperty("zones", out _)) throw new FieldException($"{sp}.zones", $"{mailClass} is not priced by zone: give price, not zones");
                if (!st.TryGetProperty("price", out var p)) throw new FieldException($"{sp}.price", "price is required");
                list.Add(new WeightStep(upTo, Price(p, $"{sp}.price"), null));
            }
        }
        return new CategoryPrices(category, list);
    }

    private static ZoneChart ReadZoneChart(JsonElement chart)
    {
        const string path = "zone_chart";
        if (chart.ValueKind != JsonValueKind.Object) throw new FieldException(path, "zone_chart must be an object");
        Known(chart, path, "origins", "note");
        if (!chart.TryGetProperty("origins", out var origins) || origins.ValueKind != JsonValueKind.Array || origins.GetArrayLength() == 0)
            throw new FieldException($"{path}.origins", "origins must be a non-empty array");
        var list = new List<ZoneChartOrigin>();
        var i = 0;
        foreach (var o in origins.EnumerateArray())
        {
            var op = $"{path}.origins[{i++}]";
            if (o.ValueKind != JsonValueKind.Object) throw new FieldException(op, "an origin must be an object");
            Known(o, op, "zip3", "zones");
            var range = Range(o, op);
            if (list.FirstOrDefault(x => x.Origins.Overlaps(range)) is { } clash)
                throw new FieldException($"{op}.zip3", $"origin {range} overlaps origin {clash.Origins}");
            if (!o.TryGetProperty("zones", out var zones) || zones.ValueKind != JsonValueKind.Array || zones.GetArrayLength() == 0)
                throw new FieldException($"{op}.zones", "zones must be a non-empty array of {\"zip3\", \"zone\"}");
            var entries = new List<ZoneEntry>();
            var j = 0;
            foreach (var d in zones.EnumerateArray())
            {
                var dp = $"{op}.zones[{j++}]";
                if (d.ValueKind != JsonValueKind.Object) throw new FieldException(dp, "a destination must be an object");
                Known(d, dp, "zip3", "zone");
                var dest = Range(d, dp);
                if (entries.FirstOrDefault(x => x.Destinations.Overlaps(dest)) is { } overlap)
                    throw new FieldException($"{dp}.zip3", $"destination {dest} overlaps destination {overlap.Destinations}");
                if (!d.TryGetProperty("zone", out var z) || z.ValueKind != JsonValueKind.Number || !z.TryGetInt32(out var zone) || zone is < ZoneChart.MinZone or > ZoneChart.MaxZone)
                    throw new FieldException($"{dp}.zone", "zone must be a whole number from 1 to 9");
                entries.Add(new ZoneEntry(dest, zone));
            }
            list.Add(new ZoneChartOrigin(range, entries));
        }
        return new ZoneChart(list);
    }

    private static Zip3Range Range(JsonElement e, string path)
    {
        var text = e.TryGetProperty("zip3", out var z) && z.ValueKind == JsonValueKind.String ? z.GetString() : null;
        return Zip3Range.TryParse(text) ?? throw new FieldException($"{path}.zip3", $"zip3 must be a 3-digit prefix or an ascending range like \"200-212\" (got {(text is null ? "nothing" : $"\"{text}\"")})");
    }

    private static Mills Price(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.String)
            throw new FieldException(path, "a price is a string of dollars with at most three decimals, e.g. \"0.740\"");
        var parsed = Mills.ParseDollars(e.GetString());
        if (!parsed.Success) throw new FieldException(path, parsed.ErrorMessage!);
        if (!parsed.Value.IsPositive) throw new FieldException(path, "a price must be more than $0");
        if (parsed.Value.Value > uint.MaxValue) throw new FieldException(path, "a price must fit the indicium's postage field");
        return parsed.Value;
    }

    private static string String(JsonElement e, string name, string path)
    {
        var field = path.Length == 0 ? name : $"{path}.{name}";
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) throw new FieldException(field, $"{name} is required (a string)");
        return v.GetString()!;
    }

    /// <summary>Unknown fields are refused: a misspelt field would otherwise be silently ignored.</summary>
    private static void Known(JsonElement e, string path, params string[] names)
    {
        foreach (var p in e.EnumerateObject())
            if (!names.Contains(p.Name))
                throw new FieldException(path.Length == 0 ? p.Name : $"{path}.{p.Name}", $"unknown field \"{p.Name}\" (expected {string.Join(", ", names)})");
    }

    private static RateTableParse Fail(string field, string message) => new(null, Invalid, message, field.Length == 0 ? null : field);

    private sealed class FieldException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}
