using System.Globalization;

namespace Ibis.Server.Pages.Portal.Devices;

/// <summary>How the portal shows times and the watchdog: UTC to the second, and how close the deadline is.</summary>
internal static class PortalFormat
{
    /// <summary>A watchdog deadline this close is highlighted: the licensee has two weeks to get a reset or an audit.</summary>
    public static readonly TimeSpan WatchdogWarning = TimeSpan.FromDays(14);

    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } t ? Time(t) : "never";

    /// <summary>The exact instant, for machines (a data attribute).</summary>
    public static string Exact(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>"expired", "due" (within <see cref="WatchdogWarning"/>) or "ok".</summary>
    public static string WatchdogState(DateTimeOffset deadline, DateTimeOffset now) =>
        deadline <= now ? "expired" : deadline - now <= WatchdogWarning ? "due" : "ok";

    /// <summary>"in 89 days", "in 5 hours", "expired 3 days ago".</summary>
    public static string WatchdogDistance(DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = deadline - now;
        var span = left.Duration();
        var text = span.TotalDays >= 1 ? Plural((int)span.TotalDays, "day")
            : span.TotalHours >= 1 ? Plural((int)span.TotalHours, "hour")
            : Plural(Math.Max(1, (int)span.TotalMinutes), "minute");
        return left > TimeSpan.Zero ? "in " + text : "expired " + text + " ago";
    }

    /// <summary>"in_service" → "in service".</summary>
    public static string Words(string code) => code.Replace('_', ' ');

    private static string Plural(int n, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
}
