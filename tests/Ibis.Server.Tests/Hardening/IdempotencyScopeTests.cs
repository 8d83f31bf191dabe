using System.Net;
using Ibis.Domain.Psd;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 item 7: an Idempotency-Key belongs to one operation of one caller. The same key sent to
/// another operation of the same device is a new request (not the first operation's answer), and
/// another caller's identical request with the same key is its own request (it neither sees nor
/// replays the first caller's answer). A retry of the same operation by the same caller still replays.
/// </summary>
public abstract class IdempotencyScopeTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    [SkippableFact]
    public async Task AnAuditsKey_ReplayedOnAWithdrawal_WithdrawsTheDevice_InsteadOfReturningTheAudit()
    {
        var who = await App.NewLicensee("Key Scope Co");
        var provider = App.Provider();
        var audit = await provider.PostJson($"/v1/devices/{who.DeviceId}/audits", new { }, "same-key");
        Assert.Equal(HttpStatusCode.Created, audit.StatusCode);
        var auditBody = await audit.Content.ReadAsStringAsync();

        var withdrawal = await provider.PostJson($"/v1/devices/{who.DeviceId}/withdrawal", new { }, "same-key");
        Assert.Equal(HttpStatusCode.Created, withdrawal.StatusCode);
        Assert.NotEqual(auditBody, await withdrawal.Content.ReadAsStringAsync());
        Assert.Equal(DeviceStatus.Withdrawn, await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.Status).SingleAsync()));
        Assert.Equal(1, await App.WithDb(db => db.ActivityReports.CountAsync(r => r.DeviceId == who.DeviceId)));

        // The same operation with the same key by the same caller replays its own first answer.
        var retry = await provider.PostJson($"/v1/devices/{who.DeviceId}/audits", new { }, "same-key");
        Assert.Equal(auditBody, await retry.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task AnotherCallersKey_IsItsOwn_NeitherReplayedNorBlocked()
    {
        var who = await App.NewLicensee("Two Callers Co");
        var licensee = App.ClientFor(who.ApiKey);
        var first = await licensee.Reset(who.DeviceId, "10.000", "topup-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();

        var provider = await App.Provider().Reset(who.DeviceId, "10.000", "topup-1");
        Assert.Equal(HttpStatusCode.Created, provider.StatusCode);
        Assert.NotEqual(firstBody, await provider.Content.ReadAsStringAsync());
        Assert.Equal(3, await App.WithDb(db => db.Resets.CountAsync(r => r.DeviceId == who.DeviceId))); // the first reset at onboarding, then one each

        Assert.Equal(firstBody, await (await licensee.Reset(who.DeviceId, "10.000", "topup-1")).Content.ReadAsStringAsync());
        Assert.Equal(3, await App.WithDb(db => db.Resets.CountAsync(r => r.DeviceId == who.DeviceId)));
    }
}

[Collection("sqlite")]
public sealed class SqliteIdempotencyScopeTests(SqliteAppFixture f) : IdempotencyScopeTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresIdempotencyScopeTests(PostgresAppFixture f) : IdempotencyScopeTests(() => f.App), IClassFixture<PostgresAppFixture>;
