using System.Net;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Quality;
using Ibis.Server.Devices;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Issue 17, SQLite: what a reset reads besides its device — its deposit account, its quality-assurance standing (§502.26)
/// and the licensee's cap with its other devices' DR (P050 3.6) — and the cap's recheck in the turn at the write gate
/// are written by hand (<see cref="SqliteResetReads"/>). They must read what the compiled LINQ reads, figure for figure:
/// samples forwarded, graded (failed with deficiencies, passed, two graded at once), none; other devices holding DR, one
/// withdrawn; a licensee or account that is not there.
/// </summary>
[Collection("sqlite")]
public sealed class SqliteResetReadsTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private readonly IbisApp _app = fixture.App;

    [Fact]
    public async Task TheHandWrittenReads_ReadWhatTheLinqReads_ForEveryStandingAndCapTheirFiguresDescribe()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "5.000")).StatusCode);
        var account = await _app.AccountOf(who.LicenseeId);
        // The licensee's other devices: one holding DR, one withdrawn holding DR (left out of the sum), one fresh.
        var (holding, withdrawn, graded, forwarded) = (await _app.AddDevice(who.LicenseeId), await _app.AddDevice(who.LicenseeId),
            await _app.AddDevice(who.LicenseeId), await _app.AddDevice(who.LicenseeId));
        await _app.Sql($"UPDATE devices SET \"DescendingMills\" = 7000 WHERE \"Id\" = {holding}");
        await _app.Sql($"UPDATE devices SET \"DescendingMills\" = 11000, \"Status\" = 'withdrawn' WHERE \"Id\" = {withdrawn}");
        // Samples: `graded` has one forwarded after two graded at the same instant (the later id wins) and an older failure;
        // `forwarded` has only one not yet evaluated.
        var t = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        await _app.WithDb(async db =>
        {
            db.QualitySamples.AddRange(
                Sample(who.LicenseeId, graded, "qas_0001", t, QualitySampleStatus.Failed, t.AddDays(1), "bars smudged"),
                Sample(who.LicenseeId, graded, "qas_0002", t.AddDays(2), QualitySampleStatus.Failed, t.AddDays(3), "quiet zone too narrow"),
                Sample(who.LicenseeId, graded, "qas_0003", t.AddDays(2), QualitySampleStatus.Passed, t.AddDays(3), null),
                Sample(who.LicenseeId, graded, "qas_0004", t.AddDays(5), QualitySampleStatus.Submitted, null, null),
                Sample(who.LicenseeId, forwarded, "qas_0005", t.AddDays(4), QualitySampleStatus.Submitted, null, null));
            return await db.SaveChangesAsync();
        });

        foreach (var (device, licensee) in new[]
                 {
                     (who.DeviceId, who.LicenseeId), (holding, who.LicenseeId), (graded, who.LicenseeId), (forwarded, who.LicenseeId),
                     (who.DeviceId, "lic_nosuchlicensee"),
                 })
        {
            var what = $"device {device}, licensee {licensee}";
            var (byHand, tracked) = await Read(account, device, licensee, linqOnly: false);
            var (byLinq, _) = await Read(account, device, licensee, linqOnly: true);
            Assert.Equal(byLinq.Quality, byHand.Quality);
            Assert.Equal(byLinq.Cap, byHand.Cap);
            RowAssert.Same(byLinq.Account, byHand.Account, what);
            Assert.True(tracked, $"{what}: the account read by hand is not tracked as unchanged");
            Assert.Equal(await Cap(device, licensee, linqOnly: true), await Cap(device, licensee, linqOnly: false));
        }
        // The figures are the ones set up: the forwarded-after-graded sample is the last forwarded, the later of two graded at once decides.
        var standing = (await Read(account, graded, who.LicenseeId, false)).Reads.Quality;
        Assert.Equal((t.AddDays(5), QualitySampleStatus.Passed, (string?)null), (standing.LastSubmittedAt!.Value, standing.LatestEvaluatedStatus!.Value, standing.Deficiencies));
        Assert.Equal(7000 + 100_000 + 5000, (await Read(account, graded, who.LicenseeId, false)).Reads.Cap.OtherDevicesDescendingMills);
        Assert.Equal(new LicenseeCap(0, 0), await Cap(who.DeviceId, "lic_nosuchlicensee", linqOnly: false));
        // No account: both refuse as the LINQ's Single does.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Read("acct_nosuchaccount", who.DeviceId, who.LicenseeId, linqOnly: false));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Read("acct_nosuchaccount", who.DeviceId, who.LicenseeId, linqOnly: true));
    }

    [Fact]
    public async Task AContextThatAlreadyTracksTheAccount_ReadsThroughTheLinq_WhichHandsBackTheTrackedInstance()
    {
        var who = await _app.NewLicensee();
        var account = await _app.AccountOf(who.LicenseeId);
        await _app.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var mine = await db.DepositAccounts.SingleAsync(a => a.Id == account);
            var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId);
            var reads = await ResetReads.Read(db, device, account, default);
            Assert.Same(mine, reads.Account);
            return 0;
        });
    }

    private async Task<(ResetReads Reads, bool Tracked)> Read(string accountId, string deviceId, string licenseeId, bool linqOnly) =>
        await _app.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            if (!linqOnly) Assert.NotNull(SqliteResetReads.For(db));
            // The device as the reset holds it, under another licensee id where the case asks for one.
            var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId);
            device.LicenseeId = licenseeId;
            var reads = await ResetReads.Read(db, device, accountId, default, linqOnly);
            var tracked = db.Entry(reads.Account).State == EntityState.Unchanged && db.ChangeTracker.Entries().Count() == 1;
            return (reads, tracked);
        });

    private async Task<LicenseeCap> Cap(string deviceId, string licenseeId, bool linqOnly) =>
        await _app.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            return await ResetReads.CapInTurn(db, licenseeId, deviceId, default, linqOnly);
        });

    private static QualitySampleRow Sample(string licenseeId, string deviceId, string id, DateTimeOffset submitted, QualitySampleStatus status, DateTimeOffset? graded,
        string? deficiencies) => new()
    {
        Id = id + deviceId[^6..], DeviceId = deviceId, LicenseeId = licenseeId, ProviderId = "prv_test", Status = status, ScanPng = [1], SubmittedBy = "test",
        SubmittedAt = submitted, GradedAt = graded, GradedBy = graded is null ? null : "test", Deficiencies = deficiencies,
    };
}
