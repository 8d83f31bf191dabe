using System.Text.Json;
using Ibis.Data;
using Ibis.Security.Keys;
using Ibis.Security.SelfTests;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ibis.Server.Observability;

/// <summary>
/// Probes for orchestrators and load balancers (docs/operations.md "Observability"):
/// <c>/health/live</c> answers 200 while the process serves requests (restart it when not);
/// <c>/health/ready</c> answers 200 only when the database is reachable and migrated, the key
/// store signs (computes a MAC) and the cryptographic self-tests pass — at start-up and again
/// today — so a balancer stops sending prints to a node that could not sign them. Bodies name
/// each check and its status, never an exception's text (connection strings, key labels).
/// </summary>
internal static class HealthProbes
{
    public const string ReadyTag = "ready";

    public static void AddIbisHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<KeyStoreHealthCheck>();
        services.AddSingleton<SelfTestHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck<KeyStoreHealthCheck>("key_store", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck<SelfTestHealthCheck>("self_test", HealthStatus.Unhealthy, [ReadyTag]);
    }

    public static void MapIbisHealthProbes(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write })
            .WithName("HealthLive").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = Write })
            .WithName("HealthReady").AllowAnonymous();
    }

    private static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var body = new Dictionary<string, object>
        {
            ["status"] = Name(report.Status),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => (object)new Dictionary<string, string?>
            {
                ["status"] = Name(e.Value.Status),
                ["description"] = e.Value.Description,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>The database answers a query and has Ibis's schema (an empty file or database is not ready).</summary>
internal sealed class DatabaseHealthCheck(IbisDb db, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var applied = await db.Database.GetAppliedMigrationsAsync(ct);
            return applied.Any()
                ? HealthCheckResult.Healthy("reachable, schema migrated")
                : HealthCheckResult.Unhealthy("reachable, but the schema is not migrated");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            HealthLog.DatabaseUnreachable(logger, e.GetType().Name);
            return HealthCheckResult.Unhealthy("unreachable");
        }
    }
}

/// <summary>
/// The key store computes a MAC under a key made for this purpose once per process: it proves that
/// the store (software KEK or PKCS#11 token) is usable without touching any device key.
/// </summary>
internal sealed class KeyStoreHealthCheck(IKeyStore keys, ILogger<KeyStoreHealthCheck> logger) : IHealthCheck
{
    private byte[]? _probeKey;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            _probeKey ??= keys.GenerateMacKey("ibis-health-probe");
            var mac = keys.ComputeMac(_probeKey, "ibis health probe"u8);
            return Task.FromResult(mac.Length > 0
                ? HealthCheckResult.Healthy($"{keys.Kind} key store usable")
                : HealthCheckResult.Unhealthy($"{keys.Kind} key store returned an empty MAC"));
        }
        catch (Exception e)
        {
            _probeKey = null; // a token that came back gets a fresh probe key
            HealthLog.KeyStoreUnusable(logger, e.GetType().Name);
            return Task.FromResult(HealthCheckResult.Unhealthy($"{keys.Kind} key store unusable"));
        }
    }
}

/// <summary>
/// The start-up known-answer tests passed, and a re-run on the current UTC day passed too: a module
/// that has run for months is re-checked daily, not trusted from its first minute forever.
/// </summary>
internal sealed class SelfTestHealthCheck(SelfTestResult atStartup, TimeProvider clock) : IHealthCheck
{
    private (DateOnly Day, bool Passed)? _today;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!atStartup.Passed)
            return Task.FromResult(HealthCheckResult.Unhealthy("start-up self-test failed; signing is disabled (see /health)"));
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (_today is not { } known || known.Day != day)
            _today = known = (day, CryptoSelfTest.Run().Passed);
        return Task.FromResult(known.Passed
            ? HealthCheckResult.Healthy($"passed at start-up and on {day:yyyy-MM-dd}")
            : HealthCheckResult.Unhealthy($"today's self-test ({day:yyyy-MM-dd}) failed"));
    }
}
