using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ibis.Server.Observability;

/// <summary>
/// OpenTelemetry for the server (docs/operations.md "Observability"): metrics from ASP.NET Core,
/// Kestrel, Npgsql, the Quartz scheduler and Ibis's own meter, scraped at <c>/metrics</c>; traces of
/// requests and of database commands (EF Core on SQLite, Npgsql on PostgreSQL) when they are exported by
/// OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set). Health probes and the Request-Id come with it.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "ibis";

    public static void AddIbisObservability(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddIbisHealthChecks();
        builder.Services.AddSingleton(MetricsAccess.FromConfiguration(config));
        var otlp = config["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        var postgres = config.GetConnectionString("Ibis") is { Length: > 0 } || config["database"] is { Length: > 0 } cs && !cs.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    // System.Runtime: the runtime's own meter (GC heap by generation, allocations, pauses, working set,
                    // thread pool) — what a soak watches for a leak; no instrumentation package needed since .NET 9.
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Quartz", "System.Runtime", IbisMetrics.MeterName)
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter();
            });
        // Spans only when they are exported (issue 17): unexported, they reach no one and cost processor time on every
        // request (the request span's tags) and every command (EF's instrumentation reads the provider's assembly name
        // each time). Without them ASP.NET Core still starts each request's activity, so the Request-Id is still the
        // request's W3C trace id and log scopes still carry it.
        if (!otlp) return;
        telemetry.WithTracing(t =>
        {
            t.AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path));
            // On PostgreSQL Npgsql's own spans carry the SQL; EF's would duplicate every command.
            if (postgres) t.AddNpgsql();
            else t.AddEntityFrameworkCoreInstrumentation();
            t.AddOtlpExporter();
        });
    }

    /// <summary>Probes and scrapes are not traced: they would drown the traces that matter.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");

    public static void MapIbisObservability(this WebApplication app)
    {
        app.MapIbisHealthProbes();
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: b => b.Use(MetricsAccess.Guard), optionsName: null).AllowAnonymous();
    }
}
