using Ibis.Data;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// A device transaction's updates on SQLite are hand-written statements (<see cref="SqliteRowUpdates"/>, issue 17),
/// not EF Core's update pipeline: they must write what SaveChanges would — the modified columns, converted as the
/// model says — refuse a row whose concurrency token moved as SaveChanges does, and leave the context as SaveChanges
/// leaves it, so a later change of the same row is written too. On PostgreSQL SaveChanges does it all.
/// </summary>
public abstract class RowUpdateTests(DatabaseKind kind) : IDisposable
{
    private IbisApp? _app;

    private IbisApp App => _app ??= new IbisApp(kind, settings: new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });

    public void Dispose() => _app?.Dispose();

    [SkippableFact]
    public async Task AModifiedRow_IsWrittenAsSaveChangesWould_AndALaterChangeOfItToo()
    {
        var who = await App.NewLicensee();
        var version = await App.WithDb(db => db.Devices.AsNoTracking().Where(d => d.Id == who.DeviceId).Select(d => d.Version).SingleAsync());
        var seen = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1230);
        await App.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var device = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
            device.LastSeenAt = seen; // a converted column (SQLite keeps instants as numbers)
            device.Version += 1;      // the concurrency token
            db.ChangeTracker.DetectChanges();
            Assert.Equal(kind == DatabaseKind.Sqlite ? 1 : 0, await SqliteRowUpdates.Modified(db, CancellationToken.None));
            Assert.Equal(kind == DatabaseKind.Sqlite ? EntityState.Unchanged : EntityState.Modified, db.Entry(device).State);
            await db.SaveChangesAsync();

            device.Version += 1; // against the version just written, not the one first read
            db.ChangeTracker.DetectChanges();
            await SqliteRowUpdates.Modified(db, CancellationToken.None);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return 0;
        });
        var row = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        Assert.True((row.LastSeenAt - seen).Duration() < TimeSpan.FromMilliseconds(0.1), $"{seen:O} went in, {row.LastSeenAt:O} came back");
        Assert.Equal(version + 2, row.Version);
    }

    [SkippableFact]
    public async Task ARowWhoseVersionMovedSinceItWasRead_IsRefusedLikeSaveChangesRefusesIt()
    {
        var who = await App.NewLicensee();
        var version = await App.WithDb(db => db.Devices.AsNoTracking().Where(d => d.Id == who.DeviceId).Select(d => d.Version).SingleAsync());
        await App.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var device = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
            // Another writer's change, read neither by this context nor by its change tracker.
            await db.Database.ExecuteSqlAsync($"UPDATE devices SET \"Version\" = \"Version\" + 100 WHERE \"Id\" = {who.DeviceId}");
            device.Version += 1;
            db.ChangeTracker.DetectChanges();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(async () =>
            {
                await SqliteRowUpdates.Modified(db, CancellationToken.None);
                await db.SaveChangesAsync();
            });
            return 0;
        });
        // Rolled back: neither change is kept.
        Assert.Equal(version, await App.WithDb(db => db.Devices.AsNoTracking().Where(d => d.Id == who.DeviceId).Select(d => d.Version).SingleAsync()));
    }

    [SkippableFact]
    public async Task ARowReadWithoutALock_IsWrittenOnlyWhileEveryColumnHoldsWhatWasRead()
    {
        if (kind == DatabaseKind.Postgres) return; // nothing is written by hand there
        var who = await App.NewLicensee();
        await App.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var device = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
            Assert.Null(device.LockReason); // a null read must match a null still there (IS, not =)
            device.Version += 1;
            db.ChangeTracker.DetectChanges();
            Assert.Equal(1, await SqliteRowUpdates.Modified(db, CancellationToken.None, readWithoutLock: true));

            // Another writer's change of a column neither the key nor the version covers.
            await db.Database.ExecuteSqlAsync($"UPDATE devices SET \"InspectedBy\" = 'someone else' WHERE \"Id\" = {who.DeviceId}");
            device.Version += 1;
            db.ChangeTracker.DetectChanges();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SqliteRowUpdates.Modified(db, CancellationToken.None, readWithoutLock: true));
            // The key and the version alone still match it.
            Assert.Equal(1, await SqliteRowUpdates.Modified(db, CancellationToken.None));
            return 0;
        });
    }

    [SkippableFact]
    public async Task AnUpdateNoInterceptorMustSee_IsWrittenDirectly_AsTheOthersAre_AndOnlyADeviceStandingChangePassesTheWatch()
    {
        if (kind == DatabaseKind.Postgres) return; // nothing is written by hand there
        var who = await App.NewLicensee();
        var generations = App.Services.GetRequiredService<TableGenerations>();
        var seen = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1230);
        var version = await App.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var device = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
            var before = generations.Of("devices");
            // A print's kind of update: registers and version. Directly: the devices' watch (the verifier's cache) never hears of it.
            device.LastSeenAt = seen;
            device.Version += 1;
            db.ChangeTracker.DetectChanges();
            Assert.Equal(1, await SqliteRowUpdates.Modified(db, CancellationToken.None, readWithoutLock: true, watched: TableGenerations.MustSeeUpdate));
            Assert.Equal(EntityState.Unchanged, db.Entry(device).State);
            Assert.Equal(before, generations.Of("devices"));

            // Refused directly as through EF Core: another writer changed a column the row was read with.
            await db.Database.ExecuteSqlAsync($"UPDATE devices SET \"InspectedBy\" = 'someone else' WHERE \"Id\" = {who.DeviceId}");
            device.Version += 1;
            db.ChangeTracker.DetectChanges();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SqliteRowUpdates.Modified(db, CancellationToken.None, readWithoutLock: true, watched: TableGenerations.MustSeeUpdate));

            // A standing change (the status) passes the watch, which raises the table's generation.
            before = generations.Of("devices");
            device.Status = DeviceStatus.Locked;
            device.LockReason = "row update test";
            db.ChangeTracker.DetectChanges();
            Assert.Equal(1, await SqliteRowUpdates.Modified(db, CancellationToken.None, watched: TableGenerations.MustSeeUpdate));
            Assert.True(generations.Of("devices") > before, "a device status written without passing the table watch");
            await tx.CommitAsync();
            return device.Version;
        });
        var row = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        Assert.True((row.LastSeenAt - seen).Duration() < TimeSpan.FromMilliseconds(0.1), $"{seen:O} went in, {row.LastSeenAt:O} came back");
        Assert.Equal((version, DeviceStatus.Locked, "someone else"), (row.Version, row.Status, row.InspectedBy));
    }

    [SkippableFact]
    public async Task AnUpdateOutsideATransaction_IsRefused()
    {
        if (kind == DatabaseKind.Postgres) return; // nothing is written by hand there
        var who = await App.NewLicensee();
        await App.WithDb(async db =>
        {
            var device = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
            device.Version += 1;
            await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteRowUpdates.Modified(db, CancellationToken.None));
            return 0;
        });
    }
}

public sealed class SqliteRowUpdateTests() : RowUpdateTests(DatabaseKind.Sqlite);

public sealed class PostgresRowUpdateTests() : RowUpdateTests(DatabaseKind.Postgres);
