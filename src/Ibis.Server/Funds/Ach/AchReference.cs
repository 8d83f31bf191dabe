using System.Globalization;

namespace Ibis.Server.Funds.Ach;

/// <summary>
/// Where an ACH debit deposit stands in the round trip, kept in its payment reference once it is in
/// a debit file: "ach:{effective date}:{trace number}:{file created, yyMMddHHmm UTC}". The file of a
/// date is rebuilt from these, byte for byte, whenever it is asked for again.
/// </summary>
internal sealed record AchReference(DateOnly Effective, string Trace, DateTimeOffset FileCreated)
{
    public const string Scheme = "ach:";

    public static string Prefix(DateOnly effective) => Scheme + effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ":";

    /// <summary>The part of a reference that names a trace number (to find the deposit a return names).</summary>
    public static string TraceMarker(string trace) => ":" + trace + ":";

    public override string ToString() =>
        Prefix(Effective) + Trace + ":" + FileCreated.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);

    public static AchReference? Parse(string? reference)
    {
        if (reference is null || !reference.StartsWith(Scheme, StringComparison.Ordinal)) return null;
        var parts = reference.Split(':');
        if (parts.Length != 4
            || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective)
            || !DateTime.TryParseExact(parts[3], "yyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created))
            return null;
        return new AchReference(effective, parts[2], new DateTimeOffset(created, TimeSpan.Zero));
    }
}
