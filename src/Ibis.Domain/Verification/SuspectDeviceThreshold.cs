namespace Ibis.Domain.Verification;

/// <summary>
/// Revenue protection (§502.25(b); P050 2.6, 2.9: the Postal Service may examine and withdraw a suspect device):
/// a device whose indicia keep turning up copied (<c>duplicate</c>) or forged (<c>signature_invalid</c> under
/// its certificate) within <see cref="WindowDays"/> days is suspect, and is opened as a case for the Inspection
/// Service. One copy is often an honest double feed; several are a pattern, so each count has its own
/// threshold. Configured under <c>Ibis:RevenueProtection</c> (docs/operations.md "Revenue protection").
/// </summary>
public sealed record SuspectDeviceThreshold(int Duplicates, int Forgeries, int WindowDays)
{
    /// <summary>The kind of the case a suspect device is opened as.</summary>
    public const string CaseKind = "suspect_scans";

    public const int DefaultDuplicates = 5;
    public const int DefaultForgeries = 3;
    public const int DefaultWindowDays = 30;

    public static SuspectDeviceThreshold Default { get; } = new(DefaultDuplicates, DefaultForgeries, DefaultWindowDays);

    /// <summary>True when the counts of the window reach either threshold (a threshold of 0 or less is off).</summary>
    public bool IsCrossedBy(long duplicates, long forgeries) =>
        (Duplicates > 0 && duplicates >= Duplicates) || (Forgeries > 0 && forgeries >= Forgeries);

    /// <summary>The first day counted for a scan on <paramref name="today"/>: the window, but never before the end of the device's last suspect episode.</summary>
    public DateOnly CountFrom(DateOnly today, DateOnly? lastEpisodeClosedOn)
    {
        var windowStart = today.AddDays(-(Math.Max(1, WindowDays) - 1));
        return lastEpisodeClosedOn is { } closed && closed.AddDays(1) > windowStart ? closed.AddDays(1) : windowStart;
    }
}
