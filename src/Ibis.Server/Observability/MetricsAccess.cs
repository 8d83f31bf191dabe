using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Ibis.Server.Observability;

/// <summary>
/// Who may read <c>/metrics</c> (docs/security.md "Metrics and logs"). The metrics hold no personal
/// data — tags are bounded sets, HTTP routes are templates, never paths with ids — but they do show
/// an installation's business volume (prints, resets, deposits). So the endpoint answers a scraper
/// on the loopback interface, one from a network named in <c>Ibis:Metrics:AllowedNetworks</c>
/// (CIDR list), or one presenting <c>Authorization: Bearer</c> with <c>Ibis:Metrics:Token</c>;
/// everyone else gets 404, as if nothing were there.
/// </summary>
internal sealed class MetricsAccess(IReadOnlyList<IPNetwork> networks, byte[]? tokenHash)
{
    public static MetricsAccess FromConfiguration(IConfiguration config)
    {
        var networks = new List<IPNetwork>();
        foreach (var text in (config["Ibis:Metrics:AllowedNetworks"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            networks.Add(IPNetwork.TryParse(text, out var n) ? n : throw new InvalidOperationException($"Ibis:Metrics:AllowedNetworks: '{text}' is not a network in CIDR form (e.g. 10.0.0.0/8)"));
        var token = config["Ibis:Metrics:Token"];
        if (token is { Length: > 0 and < 32 })
            throw new InvalidOperationException("Ibis:Metrics:Token must be at least 32 characters");
        return new MetricsAccess(networks, token is { Length: > 0 } ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null);
    }

    public bool Allows(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
            if (IPAddress.IsLoopback(remote) || networks.Any(n => n.Contains(remote))) return true;
        }
        if (tokenHash is null) return false;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, tokenHash);
    }

    /// <summary>The scrape endpoint's own pipeline: an unknown scraper sees a 404, not the metrics.</summary>
    public static Task Guard(HttpContext http, RequestDelegate next)
    {
        if (http.RequestServices.GetRequiredService<MetricsAccess>().Allows(http)) return next(http);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
