using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Ibis.Server.Tests.Observability;

/// <summary>
/// The scrape's tests run alone: OpenTelemetry's meter provider listens to every meter of a name in the process, the other
/// test hosts' included, and a host disposed meanwhile took the ASP.NET Core hosting meter's series out of this host's
/// scrape (seen: <c>http_server_request_duration_seconds</c> in one scrape, gone from every one after).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrapeCollection
{
    public const string Name = "metrics scrape";
}

/// <summary>
/// Issue 17 "Observability" through the real app: the Prometheus scrape shows prints rising, the
/// scrape is refused to strangers, every kind of answer carries Request-Id (and problem bodies quote
/// it), the probes answer, and a print's log event has its stable id and no personal data.
/// </summary>
[Collection(ScrapeCollection.Name)]
public sealed class ObservabilityTests(ObservabilityTests.Fixture f) : IClassFixture<ObservabilityTests.Fixture>
{
    public const string ScrapeToken = "test-scrape-token-0123456789abcdef0123";

    public sealed class Fixture : IDisposable
    {
        public StructuredLogs Logs { get; } = new();

        public IbisApp App { get; }

        public Fixture() => App = new IbisApp(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["Ibis:Metrics:Token"] = ScrapeToken })
        {
            ConfigureHost = b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(Logs)),
        };

        public void Dispose() => App.Dispose();
    }

    private IbisApp App => f.App;

    private async Task<string> Scrape()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a counter's series whose labels contain <paramref name="label"/>.</summary>
    private static double Sum(string scrape, string metric, string label) =>
        Regex.Matches(scrape, $@"^{metric}\{{([^}}]*)\}} (\S+)", RegexOptions.Multiline)
            .Where(m => m.Groups[1].Value.Contains(label, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [Fact]
    public async Task Metrics_PrintCounterRises_AfterAPrint()
    {
        var who = await App.NewLicensee();
        var before = await Scrape();
        var response = await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The exporter caches a scrape briefly; ask again until the new print shows (or give up after a while).
        string after = before;
        // The HTTP server's duration is recorded when the response has ended, a moment after the client has it.
        for (var i = 0; i < 50 && (Sum(after, "ibis_indicia_prints_total", "mode=\"test\"") <= Sum(before, "ibis_indicia_prints_total", "mode=\"test\"")
                                   || !after.Contains("http_server_request_duration_seconds", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(200);
            after = await Scrape();
        }
        Assert.True(Sum(after, "ibis_indicia_prints_total", "kind=\"single\"") > Sum(before, "ibis_indicia_prints_total", "kind=\"single\""), after);
        Assert.True(Sum(after, "ibis_indicia_pieces_total", "mode=\"test\"") > Sum(before, "ibis_indicia_pieces_total", "mode=\"test\""));
        // The register lock wait of that print is in the histogram, and the HTTP server metrics are there.
        Assert.Contains("ibis_psd_register_lock_wait_seconds_bucket", after);
        // SQLite: the print's transaction committed in a group (of one or more) at the write gate.
        Assert.True(Sum(after, "ibis_sqlite_commit_group_size_count", "") > Sum(before, "ibis_sqlite_commit_group_size_count", ""), after);
        // …having waited for its turn, held it, and the group's commit timed (how busy SQLite's one writer is).
        foreach (var timed in new[] { "ibis_sqlite_write_gate_wait_seconds_count", "ibis_sqlite_write_gate_held_seconds_count", "ibis_sqlite_commit_group_commit_seconds_count" })
            Assert.True(Sum(after, timed, "") > Sum(before, timed, ""), $"{timed} did not rise:\n{after}");
        Assert.Contains("http_server_request_duration_seconds", after);
        // The runtime's own meter: the GC and memory figures a soak watches (bench/soak.sh).
        Assert.Contains("dotnet_gc_heap_total_allocated", after);
        Assert.Contains("dotnet_process_memory_working_set", after);
        // Routes are templates: no device id (nor any other id) appears in a label.
        Assert.DoesNotContain(who.DeviceId, after);
    }

    [Fact]
    public async Task Metrics_WithoutTheScrapeToken_AreNotFound()
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken + "x");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task RequestId_IsOnEveryKindOfAnswer_AndProblemBodiesQuoteIt()
    {
        var anonymous = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var api = App.ClientFor(App.Sandbox.ApiKey);

        foreach (var (client, path) in new[] { (anonymous, "/health"), (anonymous, "/robots.txt"), (anonymous, "/login"), (anonymous, "/no-such-page"), (api, "/v1/nowhere") })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.Headers.TryGetValues("Request-Id", out var ids), $"{path} ({(int)response.StatusCode}) has no Request-Id");
            Assert.Matches("^[0-9a-f]{32}$", ids!.Single());
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/robots.txt")).StatusCode);

        // A problem (404 of a device that is not there, 400 of a broken body): trace_id is the header.
        var missing = await api.GetAsync("/v1/devices/psd_doesnotexist");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(missing.Headers.GetValues("Request-Id").Single(), (string)(await missing.Body())["trace_id"]!);
        var broken = await api.PostRaw($"/v1/devices/{App.Sandbox.DeviceId}/indicia", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(broken.Headers.GetValues("Request-Id").Single(), (string)(await broken.Body())["trace_id"]!);
    }

    [Fact]
    public async Task RequestId_FromTheCaller_IsKeptOnlyWhenItIsASafeShortToken()
    {
        var api = App.ClientFor(App.Sandbox.ApiKey);
        async Task<(string Header, string TraceId)> Send(string id)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/devices/psd_doesnotexist");
            request.Headers.TryAddWithoutValidation("Request-Id", id);
            var response = await api.SendAsync(request);
            return (response.Headers.GetValues("Request-Id").Single(), (string)(await response.Body())["trace_id"]!);
        }

        var kept = await Send("client-req_42.a:b");
        Assert.Equal(("client-req_42.a:b", "client-req_42.a:b"), kept);
        foreach (var unsafeId in new[] { "has space", "quote\"d", new string('a', 65), "x\u00e9" })
        {
            var (header, traceId) = await Send(unsafeId);
            Assert.NotEqual(unsafeId, header);
            Assert.Matches("^[0-9a-f]{32}$", header);
            Assert.Equal(header, traceId);
        }
    }

    [Fact]
    public async Task RequestId_IsTheTraceIdOfTheRequest_ThoughNoSpanIsExported()
    {
        // Spans are made only when exported (issue 17), but ASP.NET Core still starts each request's activity: the
        // trace id of the caller's traceparent (W3C Trace Context) is the answer's Request-Id, so the two stay linked.
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/devices/psd_doesnotexist");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var response = await App.ClientFor(App.Sandbox.ApiKey).SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", response.Headers.GetValues("Request-Id").Single());
    }

    [Fact]
    public async Task HealthProbes_LiveAndReady_AreHealthy_AndNameTheirChecks()
    {
        var client = App.CreateClient();
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", (string)(await live.Body())["status"]!);

        var ready = await client.GetAsync("/health/ready");
        var body = await ready.Body();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("healthy", (string)body["status"]!);
        foreach (var check in new[] { "database", "key_store", "self_test" })
            Assert.Equal("healthy", (string)body["checks"]![check]!["status"]!);
        // The old probe still answers as before.
        Assert.Equal("ok", (string)(await (await client.GetAsync("/health")).Body())["status"]!);
    }

    [Fact]
    public async Task Print_LogsItsStableEventId_WithIdsOnly()
    {
        var who = await App.NewLicensee("Observed Mailer Personal Name LLC");
        var body = new Dictionary<string, object?>((Dictionary<string, object?>)PrintingTests.Letter()) { ["medium"] = "envelope-10", ["to_address"] = RecipientAndFimTests.ToAddress() };
        var response = await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var printed = f.Logs.Entries.Where(e => e.EventId.Id == 1000 && e.Values.Any(v => v.Key == "DeviceId" && (string?)v.Value == who.DeviceId)).ToList();
        var entry = Assert.Single(printed);
        Assert.Equal("IndiciaPrinted", entry.EventId.Name);
        Assert.Equal(1, entry.Values.Single(v => v.Key == "Pieces").Value);
        // No personal data in anything the app logged about this print: not the recipient's name or
        // street, not the licensee's name.
        foreach (var e in f.Logs.Entries)
        {
            var all = e.Text + " " + string.Join(" ", e.Values.Select(v => v.Value?.ToString()));
            Assert.DoesNotContain("Jane Q Mailer", all);
            Assert.DoesNotContain("L'Enfant", all);
            Assert.DoesNotContain("Observed Mailer Personal Name", all);
        }
    }
}
