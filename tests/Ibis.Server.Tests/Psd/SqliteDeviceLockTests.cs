using System.Net;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Issue 17, SQLite: every device operation's one read (device, license, kept answer, standing) is written by hand and
/// shaped without EF Core's query pipeline (<see cref="SqliteDeviceLock"/>). It must read what DeviceStanding's LINQ
/// reads, figure for figure, for devices in every state those figures describe, and leave the rows tracked as the
/// tracking query would.
/// </summary>
[Collection("sqlite")]
public sealed class SqliteDeviceLockTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private readonly IbisApp _app = fixture.App;

    [Fact]
    public async Task TheHandWrittenRead_ReadsWhatTheLinqReads_ForDevicesInEveryStateItsFiguresDescribe()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        // Printed and reset: newest indicium and reset; an answer kept under a key.
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId, key: "lock-read-print")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "5.000", key: "lock-read-reset")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
        // Fresh: no indicium, no reset.
        var fresh = await _app.AddDevice(who.LicenseeId);
        // In inventory: no license, no lease; a certificate serial on record nowhere.
        var inventory = await _app.AddDevice(who.LicenseeId);
        var revoked = await _app.AddDevice(who.LicenseeId);
        await _app.Sql($"UPDATE devices SET \"LicenseId\" = NULL, \"LeaseId\" = NULL, \"CertificateSerial\" = -1 WHERE \"Id\" = {inventory}");

        // Revoked certificate and cancelled lease (the licensee's one lease, its other devices' too), as the figures report them.
        await _app.Sql($"UPDATE certificates SET \"Revoked\" = 1, \"RevocationReason\" = 'key compromise' WHERE \"DeviceId\" = {revoked}");
        await _app.Sql($"UPDATE leases SET \"Status\" = 'cancelled' WHERE \"Id\" = (SELECT \"LeaseId\" FROM devices WHERE \"Id\" = {revoked})");
        // The keys as kept ("method route|caller|key", IdempotentBody.Key): the print's and the reset's answers.
        var kept = await _app.WithDb(db => db.IdempotencyKeys.Where(k => k.Scope == who.DeviceId).Select(k => k.Key).ToListAsync());
        Assert.Equal(2, kept.Count);
        var cases = new (string Device, string? Key)[]
        {
            (who.DeviceId, null), (who.DeviceId, kept[0]), (who.DeviceId, kept[1]), (who.DeviceId, "never-used"),
            (fresh, null), (revoked, null), (inventory, kept[0]),
        };
        foreach (var (device, key) in cases)
        {
            var (byHand, tracked) = await Read(device, key, linqOnly: false);
            var (byLinq, _) = await Read(device, key, linqOnly: true);
            var what = $"device {device}, key {key ?? "(none)"}";
            Assert.NotNull(byHand);
            Assert.NotNull(byLinq);
            Assert.Equal(byLinq!.Standing, byHand!.Standing);
            RowAssert.Same(byLinq.Device, byHand.Device, what);
            RowAssert.Same(byLinq.License, byHand.License, what);
            RowAssert.Same(byLinq.Kept, byHand.Kept, what);
            Assert.True(tracked, $"{what}: the rows read by hand are not tracked as unchanged");
        }
        Assert.NotNull((await Read(who.DeviceId, kept[0], false)).Locked!.Kept);
        Assert.Null((await Read(inventory, null, false)).Locked!.License);
        Assert.Null((await Read("psd_nosuchdevice", null, false)).Locked);
    }

    [Fact]
    public async Task AContextThatAlreadyTracksRows_ReadsThroughTheLinq_WhichHandsBackTheTrackedInstance()
    {
        var who = await _app.NewLicensee();
        await _app.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var mine = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
            Assert.Null(SqliteDeviceLock.For(db));
            var locked = await DeviceStanding.Lock(db, who.DeviceId, null, default);
            Assert.Same(mine, locked!.Device);
            return 0;
        });
    }

    private async Task<(LockedDevice? Locked, bool Tracked)> Read(string deviceId, string? key, bool linqOnly) =>
        await _app.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            if (!linqOnly) Assert.NotNull(SqliteDeviceLock.For(db));
            var locked = await DeviceStanding.Lock(db, deviceId, key, default, linqOnly);
            var tracked = locked is null || (db.Entry(locked.Device).State == EntityState.Unchanged
                && (locked.License is null || db.Entry(locked.License).State == EntityState.Unchanged)
                && (locked.Kept is null || db.Entry(locked.Kept).State == EntityState.Unchanged)
                && !db.ChangeTracker.HasChanges());
            return (locked, tracked);
        });
}
