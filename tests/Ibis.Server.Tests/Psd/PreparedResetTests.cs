using System.Net;
using Ibis.Server.Tests.Funds;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Issue 17, SQLite: a reset is prepared — device, deposit account and licensee cap read, the audit made and checked, the
/// record signed — before its turn at the write gate, which it then holds for its writes (PsdTransaction). What stands in
/// for the locks it did not hold while it read: each row it writes (the device, the deposit account) is updated only as
/// it was read, and P050 3.6's cap, which rests on the licensee's other devices, is checked again in the turn. A writer
/// that moved any of them meanwhile makes the reset start again inside its transaction.
/// </summary>
[Collection("sqlite")]
public sealed class PreparedResetTests : IClassFixture<SqliteAppFixture>
{
    private readonly IbisApp _app;
    private readonly WriteGateHold _gate;

    public PreparedResetTests(SqliteAppFixture fixture)
    {
        _app = fixture.App;
        _gate = new WriteGateHold(_app);
    }

    [Fact]
    public async Task AResetPreparedBeforeItsTurn_WhoseLicenseesOtherDeviceGainedPostageMeanwhile_IsHeldToTheCapAgain()
    {
        var who = await _app.NewLicensee(); // its first device holds $100
        var other = await _app.AddDevice(who.LicenseeId);
        var client = _app.ClientFor(who.ApiKey);
        var account = await _app.AccountOf(who.LicenseeId);
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "10.000")).StatusCode); // $110 now
        var (before, balance) = (await client.Snapshot(who.DeviceId), await client.Balance(account));
        using var outcomes = new PreparedOutcomes();

        await _gate.Baseline();
        Task<HttpResponseMessage> reset;
        using (await _gate.Hold())
        {
            // $300 more fits under the licensee's $500 while the other device holds nothing ($410).
            reset = Task.Run(() => client.Reset(who.DeviceId, "300.000"));
            await _gate.UntilQueued(2); // prepared, audited and signed, waiting for its turn
            // Meanwhile, as a reset of the other device by another writer would: it now holds $200.
            await _app.WithDb(db => db.Database.ExecuteSqlAsync($"UPDATE devices SET \"DescendingMills\" = 200000 WHERE \"Id\" = {other}"));
            Assert.False(reset.IsCompleted, "the reset was answered while the write gate was held");
        }

        // $110 + $200 + $300 would be $610 across the licensee's devices (P050 3.6).
        await BadInputTests.AssertProblem(await reset, 422, "licensee_cap_exceeded", "amount", "a reset prepared before the other device gained postage");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
        Assert.Equal(balance, await client.Balance(account));
        Assert.True(outcomes.Count("moved") >= 1, "the reset did not find the cap's other devices moved at its turn");
    }

    [Fact]
    public async Task AResetPreparedBeforeItsTurn_WhoseAccountAnotherWriterChangedMeanwhile_ResetsAgainOnTheNewRow_KeepingTheChange()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        var account = await _app.AccountOf(who.LicenseeId);
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "10.000")).StatusCode);
        using var outcomes = new PreparedOutcomes();

        await _gate.Baseline();
        Task<HttpResponseMessage> reset;
        using (await _gate.Hold())
        {
            reset = Task.Run(() => client.Reset(who.DeviceId, "50.000"));
            await _gate.UntilQueued(2);
            // A column of the account the reset does not write, set by another process: monthly statements asked for.
            await _app.WithDb(db => db.Database.ExecuteSqlAsync($"UPDATE deposit_accounts SET \"MonthlyStatement\" = 1 WHERE \"Id\" = {account}"));
        }

        Assert.Equal(HttpStatusCode.Created, (await reset).StatusCode);
        Assert.True(outcomes.Count("moved") >= 1, "a column of the account moved, and the reset did not notice");
        Assert.True(await _app.WithDb(db => db.DepositAccounts.Where(a => a.Id == account).Select(a => a.MonthlyStatement).SingleAsync()));
        Assert.Equal("840.000", await client.Balance(account));
        Assert.Equal("160.000", (await client.Device(who.DeviceId)).Amount("descending_register"));
    }

    [Fact]
    public async Task AResetPreparedOnARowOlderThanItsCheckpoint_LeavesTheVerdictToARead_InsideItsTransaction()
    {
        // Read before its turn, a row can be older than its checkpoint without having been rolled back: an operation
        // that reads inside its turn (a print; one whose context holds no connection) moved and anchored it after the
        // read. Only the read inside the transaction may lock the device — here it finds the row still older, and does.
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        var ahead = await _app.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        ahead.Version += 1;
        _app.Services.GetRequiredService<RegisterCheckpoints>().Note(ahead, DateTimeOffset.UtcNow);
        using var outcomes = new PreparedOutcomes();

        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "10.000"), 409, "register_integrity_failure", null, "a row older than its checkpoint");
        Assert.True(outcomes.Count("moved") >= 1, "the reset prepared before its turn locked the device on its own read");
        Assert.Equal(1, await _app.WithDb(db => db.Cases.CountAsync(c => c.DeviceId == who.DeviceId && c.Kind == DeviceLockout.IntegrityFailure)));
    }
}
