namespace Ibis.Domain.Rates;

/// <summary>A range of 3-digit ZIP Code prefixes, inclusive ("200-212", or one prefix "303").</summary>
public readonly record struct Zip3Range(int From, int To)
{
    public bool Contains(int zip3) => zip3 >= From && zip3 <= To;

    public bool Overlaps(Zip3Range other) => From <= other.To && other.From <= To;

    public override string ToString() => From == To ? $"{From:D3}" : $"{From:D3}-{To:D3}";

    /// <summary>Parses "200" or "200-212"; prefixes are three digits, the range ascending.</summary>
    public static Zip3Range? TryParse(string? text)
    {
        if (text is null) return null;
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length != 3 || !p.All(char.IsAsciiDigit))) return null;
        var from = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var to = parts.Length == 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : from;
        return from <= to ? new Zip3Range(from, to) : null;
    }
}

/// <summary>The zone of destinations in a ZIP3 range, seen from an origin.</summary>
public sealed record ZoneEntry(Zip3Range Destinations, int Zone);

/// <summary>The zones from the origins in one ZIP3 range.</summary>
public sealed record ZoneChartOrigin(Zip3Range Origins, IReadOnlyList<ZoneEntry> Destinations)
{
    public bool Equals(ZoneChartOrigin? other) => other is not null && Origins == other.Origins && Destinations.SequenceEqual(other.Destinations);

    public override int GetHashCode() => HashCode.Combine(Origins, Destinations.Count);
}

/// <summary>
/// The zone chart (data, not code): for each origin ZIP3 range, the zone (1–9) of each destination
/// ZIP3 range. Priority and Express Mail are priced by this zone (P050 1.5). A ZIP Code whose prefix
/// the chart does not list has no zone, and the piece cannot be priced.
/// </summary>
public sealed class ZoneChart(IReadOnlyList<ZoneChartOrigin> origins)
{
    public const int MinZone = 1, MaxZone = 9;

    public IReadOnlyList<ZoneChartOrigin> Origins { get; } = origins;

    /// <summary>True when the chart zones pieces mailed from <paramref name="zip"/>: its 3-digit prefix has an origin row.</summary>
    public bool HasOrigin(Zip5 zip) => Origins.Any(o => o.Origins.Contains(zip.Value / 100));

    public int ZoneFor(Zip5 origin, Zip5 destination)
    {
        var from = origin.Value / 100;
        var to = destination.Value / 100;
        var row = Origins.FirstOrDefault(o => o.Origins.Contains(from))
                  ?? throw new BusinessRuleViolationException(new ZipNotInZoneChartRule(origin, "origin_zip"));
        var entry = row.Destinations.FirstOrDefault(d => d.Destinations.Contains(to))
                    ?? throw new BusinessRuleViolationException(new ZipNotInZoneChartRule(destination, "destination_zip"));
        return entry.Zone;
    }
}

/// <summary>A ZIP Code whose 3-digit prefix the zone chart does not list cannot be zoned, so not priced (P050 1.5).</summary>
public sealed record ZipNotInZoneChartRule(Zip5 Zip, string Field) : IBusinessRule
{
    public string Code => "zip_not_in_zone_chart";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => $"ZIP Code {Zip} (prefix {Zip.Value / 100:D3}) is not in the zone chart of the rate table in force, so the piece cannot be priced (P050 1.5)";

    string? IBusinessRule.Field => Field;

    public bool IsBroken() => true;
}
