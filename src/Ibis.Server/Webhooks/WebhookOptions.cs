using System.Globalization;
using Ibis.Domain.Webhooks;

namespace Ibis.Server.Webhooks;

/// <summary>
/// Settings of the webhook dispatcher (docs/operations.md "Webhooks"): <c>Ibis:Webhooks:Enabled</c>
/// (default true), <c>PollSeconds</c> (how often the outbox is read, default 2), <c>TimeoutSeconds</c>
/// (per attempt, default 10), <c>RetryBaseSeconds</c> (default 30), <c>RetryCapSeconds</c> (default
/// 21600) and <c>MaxAttempts</c> (default 12: the last attempt about 2 days after the first),
/// <c>WatchdogScanMinutes</c> (how often devices are checked for watchdog.near, default 60).
/// </summary>
internal sealed record WebhookOptions(bool Enabled, TimeSpan Poll, TimeSpan Timeout, WebhookBackoff Backoff, TimeSpan WatchdogScan)
{
    public static WebhookOptions FromConfiguration(IConfiguration config)
    {
        var d = WebhookBackoff.Default;
        return new WebhookOptions(
            !string.Equals(config["Ibis:Webhooks:Enabled"], "false", StringComparison.OrdinalIgnoreCase),
            Seconds(config, "PollSeconds", 2),
            Seconds(config, "TimeoutSeconds", 10),
            new WebhookBackoff(Seconds(config, "RetryBaseSeconds", d.Base.TotalSeconds), Seconds(config, "RetryCapSeconds", d.Cap.TotalSeconds),
                int.TryParse(config["Ibis:Webhooks:MaxAttempts"], NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0 ? max : d.MaxAttempts),
            TimeSpan.FromMinutes(Seconds(config, "WatchdogScanMinutes", 60).TotalSeconds));
    }

    private static TimeSpan Seconds(IConfiguration config, string key, double fallback) =>
        TimeSpan.FromSeconds(double.TryParse(config[$"Ibis:Webhooks:{key}"], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback);
}
