using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// The watchdog (P050 3.4, §502.23) and the clock, with a fake TimeProvider: a device whose last
/// successful audit or reset is more than 3 months old refuses to print until an audit succeeds,
/// and a clock that moved backwards is refused.
/// </summary>
public abstract class WatchdogTests : IDisposable
{
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);
    private readonly Lazy<IbisApp> _app;

    protected WatchdogTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task<HttpResponseMessage> PrintToday(HttpClient client, string deviceId) =>
        client.PostJson($"/v1/devices/{deviceId}/indicia", PrintingTests.Letter(zip: null,
            date: _clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

    [SkippableFact]
    public async Task AfterThreeMonthsWithoutAudit_PrintingIsRefused_UntilAnAuditSucceeds()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await PrintToday(client, who.DeviceId)).StatusCode);

        _clock.Advance(TimeSpan.FromDays(80));
        Assert.Equal(HttpStatusCode.Created, (await PrintToday(client, who.DeviceId)).StatusCode); // still inside 3 months

        _clock.Advance(TimeSpan.FromDays(15)); // 95 days after the last reset
        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await PrintToday(client, who.DeviceId), 422, "watchdog_expired", null, "expired");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));

        var audit = await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/audits", "");
        Assert.Equal(HttpStatusCode.Created, audit.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PrintToday(client, who.DeviceId)).StatusCode);
    }

    [SkippableFact]
    public async Task AResetRestartsTheWatchdog()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        _clock.Advance(TimeSpan.FromDays(100));
        await BadInputTests.AssertProblem(await PrintToday(client, who.DeviceId), 422, "watchdog_expired", null, "expired");
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "10.000")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PrintToday(client, who.DeviceId)).StatusCode);
    }

    [SkippableFact]
    public async Task AClockThatMovedBackwards_IsRefused()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await PrintToday(client, who.DeviceId)).StatusCode);
        _clock.Set(_clock.GetUtcNow().AddHours(-2));
        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await PrintToday(client, who.DeviceId), 422, "clock_moved_backwards", null, "backwards");
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "1.000"), 422, "clock_moved_backwards", null, "backwards reset");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Created, (await PrintToday(client, who.DeviceId)).StatusCode);
    }
}

public sealed class SqliteWatchdogTests() : WatchdogTests(DatabaseKind.Sqlite);

public sealed class PostgresWatchdogTests() : WatchdogTests(DatabaseKind.Postgres);
