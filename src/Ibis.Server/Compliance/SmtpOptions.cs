namespace Ibis.Server.Compliance;

/// <summary>
/// Where notices are mailed: Ibis:Smtp:Host (Ibis__Smtp__Host), :Port (default 25), :From, optional
/// :User and :Password, and :Security (auto | none | starttls | tls; default auto). Without a host the
/// messages wait in the outbox (and show in each user's inbox page) until one is configured.
/// </summary>
internal sealed record SmtpOptions(string? Host, int Port, string From, string? User, string? Password, string Security)
{
    public const int MaxAttempts = 8;

    public static SmtpOptions FromConfiguration(IConfiguration config) => new(
        config["Ibis:Smtp:Host"] is { Length: > 0 } host ? host : null,
        int.TryParse(config["Ibis:Smtp:Port"], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : 25,
        config["Ibis:Smtp:From"] is { Length: > 0 } from ? from : "ibis@localhost",
        config["Ibis:Smtp:User"] is { Length: > 0 } user ? user : null,
        config["Ibis:Smtp:Password"],
        (config["Ibis:Smtp:Security"] ?? "auto").ToLowerInvariant());

    /// <summary>Wait before the next attempt after <paramref name="attempts"/> failures: 1, 2, 4 … minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, 1 << Math.Clamp(attempts - 1, 0, 9)));
}
