using System.Text.RegularExpressions;

namespace Ibis.Server.Auth;

/// <summary>
/// Which writes of <c>devices</c> change what a verifier reads of a device: its standing (status,
/// withdrawal), whose it is (licensee, provider, mode) and its certificate. Every print moves the
/// registers (<c>UPDATE devices SET "AscendingMills" = …, "Version" = …</c>); such an update leaves the
/// verifier's answer unchanged and must not empty its cache each time. Conservative: an insert or delete,
/// or an update that names one of those columns anywhere up to the end of its statement (set list, join or
/// condition), or that has a sub-query, counts as a change.
/// </summary>
internal static class DeviceStandingWrites
{
    public const string Table = "devices";

    private static readonly Regex Standing = new(
        @"\b(?:Status|WithdrawnAt|LicenseeId|LicenseId|ProviderId|Sandbox|CertificateSerial)\b|\(",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>
    /// Whether an UPDATE of <c>devices</c> that sets <paramref name="columns"/> (names, undelimited) may change a device's
    /// standing — for an update written without passing the watch (<c>SqliteRowUpdates</c>), which knows what it sets:
    /// its conditions (the row as read, every column) change nothing.
    /// </summary>
    public static bool Sets(IEnumerable<string> columns) => columns.Any(Standing.IsMatch);

    /// <summary>Whether the statement of <paramref name="sql"/> found by <paramref name="write"/> may change a device's standing.</summary>
    public static bool Changes(string sql, Match write)
    {
        if (!write.Value.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)) return true;
        var end = sql.IndexOf(';', write.Index + write.Length);
        var statement = sql.AsSpan(write.Index + write.Length, (end < 0 ? sql.Length : end) - write.Index - write.Length);
        return Standing.IsMatch(statement);
    }
}
