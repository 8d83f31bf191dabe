namespace Ibis.Domain.Webhooks;

/// <summary>The events an organisation may subscribe to (issue 19.4); the list is fixed, an unknown name is refused.</summary>
public static class WebhookEventTypes
{
    public const string DepositCleared = "deposit.cleared";
    public const string LicenseIssued = "license.issued";
    public const string LicenseRevoked = "license.revoked";
    public const string AuditFailed = "audit.failed";
    /// <summary>A device's watchdog ends within <see cref="WatchdogNearDays"/> days (P050 3.4: audit or reset before it does).</summary>
    public const string WatchdogNear = "watchdog.near";
    /// <summary>A device reported lost, stolen (P050 2.8) or defective (P050 2.7).</summary>
    public const string DeviceReported = "device.reported";
    public const string RefundPaid = "refund.paid";

    public const int WatchdogNearDays = 14;

    public static readonly IReadOnlyList<string> All = [DepositCleared, LicenseIssued, LicenseRevoked, AuditFailed, WatchdogNear, DeviceReported, RefundPaid];
}

/// <summary>
/// A webhook is sent to an https URL only: events name devices, licenses and amounts, and travel
/// signed but not encrypted otherwise. The sandbox may also use http to the local machine (localhost,
/// 127.0.0.1, [::1]) so that a developer can receive events without a certificate.
/// </summary>
public sealed record WebhookUrlMustBeHttpsRule(string? Url, bool Sandbox) : IBusinessRule
{
    public const int MaxLength = 2048;

    public string Code => "webhook_url_invalid";

    public string? Field => "url";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => Sandbox
        ? "url must be an absolute https URL (or http to localhost in the sandbox), without user name or password, at most 2048 characters"
        : "url must be an absolute https URL without user name or password, at most 2048 characters";

    public bool IsBroken()
    {
        if (Url is null || Url.Length > MaxLength || !Uri.TryCreate(Url, UriKind.Absolute, out var uri)) return true;
        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0) return true;
        if (uri.Scheme == Uri.UriSchemeHttps) return false;
        return !(Sandbox && uri.Scheme == Uri.UriSchemeHttp && IsLocal(uri));
    }

    private static bool IsLocal(Uri uri) =>
        uri.IsLoopback && (uri.Host == "localhost" || uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6);
}

/// <summary>A subscription names one or more events, each from <see cref="WebhookEventTypes.All"/>, none twice.</summary>
public sealed record WebhookEventTypesMustBeKnownRule(IReadOnlyList<string>? Types) : IBusinessRule
{
    public string Code => "webhook_event_types_invalid";

    public string? Field => "event_types";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => $"event_types lists one or more of {string.Join(", ", WebhookEventTypes.All)}, each once" +
        (Types?.FirstOrDefault(t => !WebhookEventTypes.All.Contains(t)) is { } unknown ? $" ('{unknown}' is not one)" : "");

    public bool IsBroken() =>
        Types is null || Types.Count == 0 || Types.Any(t => !WebhookEventTypes.All.Contains(t)) || Types.Distinct(StringComparer.Ordinal).Count() != Types.Count;
}

/// <summary>An organisation keeps at most <see cref="Max"/> endpoints: each event is signed and sent once per endpoint.</summary>
public sealed record WebhookEndpointLimitRule(int Existing) : IBusinessRule
{
    public const int Max = 10;

    public string Code => "webhook_endpoint_limit";

    public RuleKind Kind => RuleKind.Conflict;

    public string Message => $"an organisation has at most {Max} webhook endpoints; delete one first";

    public bool IsBroken() => Existing >= Max;
}

/// <summary>
/// Retries of a delivery that was not answered with 2xx: exponential backoff from a base delay,
/// each wait capped, and a last attempt after which the delivery is failed.
/// </summary>
public sealed record WebhookBackoff(TimeSpan Base, TimeSpan Cap, int MaxAttempts)
{
    public static readonly WebhookBackoff Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(6), 12);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based), or null when it was the last.</summary>
    public TimeSpan? After(int attempt)
    {
        if (attempt >= MaxAttempts) return null;
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min((double)Base.Ticks * Math.Pow(2, exponent), Cap.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
