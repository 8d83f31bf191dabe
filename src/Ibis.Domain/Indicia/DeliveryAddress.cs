using System.Globalization;

namespace Ibis.Domain.Indicia;

/// <summary>A field of a delivery address that was refused, with the reason.</summary>
/// <param name="Code">Stable error code, e.g. <c>to_address_state_invalid</c>.</param>
/// <param name="Message">What was wrong.</param>
/// <param name="Field">The field at fault, relative to the address ("state", "zip4").</param>
public sealed record AddressProblem(string Code, string Message, string Field);

/// <summary>
/// The recipient's delivery address printed in the address block of a piece, with the parts of the
/// delivery point ZIP that the Intelligent Mail barcode's routing code carries (USPS-B-3200:
/// ZIP 5, ZIP+4, ZIP+4 and the 2-digit delivery point).
/// </summary>
public sealed record DeliveryAddress
{
    /// <summary>Most lines between the name and the city line (street, suite, building).</summary>
    public const int MaxLines = 3;

    /// <summary>Longest line accepted: what fits the address block of the smallest envelope at 10 pt.</summary>
    public const int MaxLineLength = 40;

    /// <summary>USPS two-letter state and territory abbreviations (Publication 28, appendix B), military APO/FPO included.</summary>
    public static readonly IReadOnlySet<string> States = new HashSet<string>(StringComparer.Ordinal)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
        "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
        "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "AS", "GU", "MP", "PR", "VI", "FM", "MH", "PW", "AA", "AE", "AP",
    };

    private DeliveryAddress(string name, IReadOnlyList<string> lines, string city, string state, Zip5 zip, string? zip4, string? deliveryPoint)
    {
        Name = name;
        Lines = lines;
        City = city;
        State = state;
        Zip = zip;
        Zip4 = zip4;
        DeliveryPoint = deliveryPoint;
    }

    public string Name { get; }

    public IReadOnlyList<string> Lines { get; }

    public string City { get; }

    public string State { get; }

    public Zip5 Zip { get; }

    /// <summary>The 4-digit add-on, or null.</summary>
    public string? Zip4 { get; }

    /// <summary>The 2-digit delivery point (only with a ZIP+4), or null.</summary>
    public string? DeliveryPoint { get; }

    /// <summary>The IMb routing code: 5, 9 or 11 digits (USPS-B-3200).</summary>
    public string RoutingCode => Zip + (Zip4 ?? "") + (DeliveryPoint ?? "");

    /// <summary>The lines as printed, top down; the last line is "CITY ST 12345-6789" (Publication 28, 2-digit state).</summary>
    public IReadOnlyList<string> PrintedLines =>
        [Name, .. Lines, $"{City} {State} {Zip}{(Zip4 is null ? "" : "-" + Zip4)}"];

    /// <summary>
    /// Checks and normalises (trimmed, upper case) an address; returns null and the first problem
    /// when a part is missing or malformed.
    /// </summary>
    public static DeliveryAddress? Create(string? name, IReadOnlyList<string?>? lines, string? city, string? state, string? zip5, string? zip4,
        string? deliveryPoint, out AddressProblem? problem)
    {
        problem = null;
        var n = Clean(name);
        if (n.Length == 0) return Fail(out problem, "to_address_name_required", "the recipient's name is required", "name");
        if (n.Length > MaxLineLength) return Fail(out problem, "to_address_line_too_long", $"the name is longer than {MaxLineLength} characters", "name");
        var given = lines ?? [];
        if (given.Count is 0 or > MaxLines)
            return Fail(out problem, "to_address_lines_invalid", $"lines: 1 to {MaxLines} delivery address lines (street, suite …)", "lines");
        var cleaned = new List<string>(given.Count);
        for (var i = 0; i < given.Count; i++)
        {
            var line = Clean(given[i]);
            if (line.Length == 0) return Fail(out problem, "to_address_lines_invalid", $"line {i} is empty", $"lines[{i}]");
            if (line.Length > MaxLineLength) return Fail(out problem, "to_address_line_too_long", $"line {i} is longer than {MaxLineLength} characters", $"lines[{i}]");
            cleaned.Add(line);
        }
        var c = Clean(city);
        if (c.Length == 0) return Fail(out problem, "to_address_city_required", "the city is required", "city");
        if (c.Length > MaxLineLength - 15) return Fail(out problem, "to_address_line_too_long", $"the city is longer than {MaxLineLength - 15} characters", "city");
        var s = Clean(state);
        if (!States.Contains(s))
            return Fail(out problem, "to_address_state_invalid", $"'{state}' is not a USPS two-letter state abbreviation", "state");
        var z = Zip5.Parse(zip5);
        if (!z.Success || (zip5 ?? "").Trim().Length != 5)
            return Fail(out problem, "to_address_zip_invalid", $"'{zip5}' is not a 5-digit ZIP Code", "zip5");
        var plus4 = string.IsNullOrWhiteSpace(zip4) ? null : zip4.Trim();
        if (plus4 is not null && (plus4.Length != 4 || !plus4.All(char.IsAsciiDigit)))
            return Fail(out problem, "to_address_zip4_invalid", $"'{zip4}' is not a 4-digit ZIP+4 add-on", "zip4");
        var dp = string.IsNullOrWhiteSpace(deliveryPoint) ? null : deliveryPoint.Trim();
        if (dp is not null && (dp.Length != 2 || !dp.All(char.IsAsciiDigit)))
            return Fail(out problem, "to_address_delivery_point_invalid", $"'{deliveryPoint}' is not a 2-digit delivery point", "delivery_point");
        // USPS-B-3200: the routing code is 0, 5, 9 or 11 digits; a delivery point needs its ZIP+4.
        if (dp is not null && plus4 is null)
            return Fail(out problem, "to_address_delivery_point_invalid", "a delivery point needs the ZIP+4 add-on (zip4)", "delivery_point");
        return new DeliveryAddress(n, cleaned, c, s, z.Value, plus4, dp);
    }

    /// <summary>Rebuilds a stored address (already checked when printed).</summary>
    public static DeliveryAddress Stored(string name, string lines, string city, string state, string zip5, string? zip4, string? deliveryPoint) =>
        new(name, lines.Split('\n'), city, state, Zip5.Parse(zip5).Value, zip4, deliveryPoint);

    /// <summary>Value equality over the lines too: a record compares a list by reference, so two
    /// equal addresses read from the database would otherwise be unequal.</summary>
    public bool Equals(DeliveryAddress? other) =>
        other is not null && Name == other.Name && Lines.SequenceEqual(other.Lines) && City == other.City && State == other.State
        && Zip == other.Zip && Zip4 == other.Zip4 && DeliveryPoint == other.DeliveryPoint;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        foreach (var line in Lines) hash.Add(line);
        hash.Add(City);
        hash.Add(State);
        hash.Add(Zip);
        hash.Add(Zip4);
        hash.Add(DeliveryPoint);
        return hash.ToHashCode();
    }

    private static string Clean(string? s) => (s ?? "").Trim().ToUpper(CultureInfo.InvariantCulture);

    private static DeliveryAddress? Fail(out AddressProblem? problem, string code, string message, string field)
    {
        problem = new AddressProblem(code, message, field);
        return null;
    }
}
