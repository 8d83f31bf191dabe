using System.Net;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>Idempotency keys are kept at least 24 hours (48 in fact), then forgotten.</summary>
public sealed class IdempotencyRetentionTests : IDisposable
{
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);
    private readonly IbisApp _app;

    public IdempotencyRetentionTests() => _app = new IbisApp(DatabaseKind.Sqlite, _clock);

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task KeysSurviveADay_AndAreForgottenAfterTheRetention()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        var first = await (await client.Reset(who.DeviceId, "1.000", "daily-topup")).Body();

        _clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(0, await _app.WithDb(db => IdempotencyCleanup.RemoveExpired(db, _clock.GetUtcNow(), default)));
        var retry = await client.Reset(who.DeviceId, "1.000", "daily-topup");
        Assert.Equal("true", retry.Headers.GetValues("Idempotency-Replay").Single());
        Assert.Equal((string)first["id"]!, (string)(await retry.Body())["id"]!);

        _clock.Advance(TimeSpan.FromHours(24)); // 49 hours after the first use
        Assert.Equal(1, await _app.WithDb(db => IdempotencyCleanup.RemoveExpired(db, _clock.GetUtcNow(), default)));
        var fresh = await client.Reset(who.DeviceId, "1.000", "daily-topup");
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Idempotency-Replay"));
        Assert.Equal("102.000", (await client.Device(who.DeviceId)).Amount("descending_register"));
    }
}
