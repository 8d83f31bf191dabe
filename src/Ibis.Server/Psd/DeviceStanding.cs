using System.Linq.Expressions;
using Ibis.Data;
using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// What an operation on a locked device needs besides its row, read in one round trip: the device's
/// newest records (for the replay check of the seal), and the standings a print or reset depends on —
/// the license (P050 2.3), the lease naming the device and the account it resets from (P050 1.3, 2.5i),
/// the provider's authorization (§502.2, §502.5) and the signing certificate's revocation (§502.28).
/// Each is a scalar sub-query on a primary key or a (device, sequence) index.
/// </summary>
public sealed record DeviceStanding(
    long? LastPieceNumber, long? LastPieceAscendingMills, long? LastResetSequence, long? LastResetControlTotalMills,
    Domain.Licensing.LicenseStatus? LicenseStatus, Domain.Licensing.LeaseStatus? LeaseStatus, string? ResettingAccountId, Domain.Organisations.ProviderStatus? ProviderStatus,
    bool? CertificateRevoked, string? CertificateRevocationReason)
{
    /// <summary>
    /// Locks the device row and reads it (tracked) with its license, its standing and the answer kept under the
    /// request's idempotency key, in one round trip (issue 17: three per print, commit included).
    /// PostgreSQL: the row is locked by the statement's <c>FOR UPDATE OF</c> the device row (<see cref="RowLocks"/>). Under READ
    /// COMMITTED a statement that waited for the lock gets the device row as the other transaction left it,
    /// but its other reads (the newest records, the kept answer) come from the snapshot taken before the wait.
    /// Such a read is <see cref="LockedDevice.MayBeStale"/> only in appearance: the caller checks the seal on
    /// it, and a row newer than its records (the only trace a waited-for print or reset leaves) reads the
    /// records and the kept answer again (<see cref="Reread"/>) before anything is refused. SQLite: the
    /// transaction already holds the write lock (BEGIN IMMEDIATE), so the one read is exclusive and fresh.
    /// Null: no such device. <paramref name="linqOnly"/>: never <see cref="SqliteDeviceLock"/> (tests compare the two).
    /// </summary>
    internal static async Task<LockedDevice?> Lock(IbisDb db, string deviceId, string? idempotencyKey, CancellationToken ct, bool linqOnly = false)
    {
        Found? found;
        using (Observability.IbisMetrics.LockWait(db.IsPostgres ? "postgres" : "sqlite"))
        {
            RowLocks.Require(db);
            // SQLite, a context tracking nothing yet (every device operation's): the same read without EF Core's pipeline.
            if (!linqOnly && SqliteDeviceLock.For(db) is { } sqlite) return sqlite.Lock(db, deviceId, idempotencyKey);
            found = await LockQuery.For(db)(db, deviceId, idempotencyKey, ct);
        }
        return found is null ? null : new LockedDevice(found.Device, found.License, found.Standing, found.Kept, MayBeStale: db.IsPostgres);
    }

    /// <summary>
    /// The newest records and the kept answer read again, in a statement of their own, for a row already locked
    /// (PostgreSQL: a new snapshot, taken after the lock was granted, so it sees everything committed before).
    /// </summary>
    internal static async Task<LockedDevice> Reread(IbisDb db, LockedDevice locked, string? idempotencyKey, CancellationToken ct)
    {
        var again = await RereadQuery.For(db)(db, locked.Device.Id, idempotencyKey, ct);
        return locked with { Standing = again.Standing, Kept = again.Kept, MayBeStale = false };
    }

    /// <summary>The standing of a device whose row the caller holds (the seal's replay check, a withheld refund's ceiling).</summary>
    public static Task<DeviceStanding> Read(IbisDb db, DeviceRow d, CancellationToken ct) => ReadQuery.For(db)(db, d.Id, null, ct);

    /// <summary>
    /// The one query every read makes: the device with its license, its standing (every figure a scalar sub-query)
    /// and the answer kept under the idempotency key in the device's scope, if any. Declared before the compiled
    /// queries, whose initialisers read it.
    /// </summary>
    private static readonly Expression<Func<IbisDb, IQueryable<DeviceRow>, string, string?, IQueryable<Found>>> Standing = (db, devices, deviceId, idempotencyKey) =>
        from x in devices
        join l in db.Licenses on x.LicenseId equals l.Id into licenses
        from l in licenses.DefaultIfEmpty()
        // No AsNoTracking here: in EF Core it would apply to the whole query, and the device row must stay tracked.
        join k in db.IdempotencyKeys.Where(k => idempotencyKey != null && k.Scope == deviceId && k.Key == idempotencyKey)
            on x.Id equals k.Scope into kept
        from k in kept.DefaultIfEmpty()
        select new Found
        {
            Device = x,
            License = l,
            Kept = k,
            Standing = new DeviceStanding(
                db.Indicia.Where(i => i.DeviceId == x.Id).OrderByDescending(i => i.PieceNumber).Select(i => (long?)i.PieceNumber).FirstOrDefault(),
                db.Indicia.Where(i => i.DeviceId == x.Id).OrderByDescending(i => i.PieceNumber).Select(i => (long?)i.AscendingAfterMills).FirstOrDefault(),
                db.Resets.Where(r => r.DeviceId == x.Id).OrderByDescending(r => r.Sequence).Select(r => (long?)r.Sequence).FirstOrDefault(),
                db.Resets.Where(r => r.DeviceId == x.Id).OrderByDescending(r => r.Sequence).Select(r => (long?)r.ControlTotalAfterMills).FirstOrDefault(),
                l == null ? null : (Domain.Licensing.LicenseStatus?)l.Status,
                db.Leases.Where(e => e.Id == x.LeaseId).Select(e => (Domain.Licensing.LeaseStatus?)e.Status).FirstOrDefault(),
                db.Leases.Where(e => e.Id == x.LeaseId).Select(e => e.ResettingAccountId).FirstOrDefault(),
                db.Providers.Where(p => p.Id == x.ProviderId).Select(p => (Domain.Organisations.ProviderStatus?)p.Status).FirstOrDefault(),
                db.Certificates.Where(c => c.Serial == x.CertificateSerial).Select(c => (bool?)c.Revoked).FirstOrDefault(),
                db.Certificates.Where(c => c.Serial == x.CertificateSerial).Select(c => c.RevocationReason).FirstOrDefault()),
        };

    // Issue 17: the lock is on every print and reset. Compiled once (EF.CompileAsyncQuery), the read skips what EF does
    // per call to a LINQ query — building the tree, finding its parameters (the funcletizer) and looking the compiled
    // query up by the tree's hash — about a tenth of a print's processor time. It is Standing over the device row
    // selected by id, tagged ForUpdate: on PostgreSQL its SQL ends FOR UPDATE OF the devices alias (RowLockInterceptor),
    // so the device row alone is locked (not the license or the kept answer joined to it); on SQLite the tag is a
    // comment and the read runs under the write lock the transaction already holds.
    private static readonly PerModel<Func<IbisDb, string, string?, CancellationToken, Task<Found?>>> LockQuery = new(() =>
        Compile<Found?>((db, id) => db.Devices.ForUpdate().Where(d => d.Id == id), q => q.SingleOrDefault()));

    private static readonly PerModel<Func<IbisDb, string, string?, CancellationToken, Task<Again>>> RereadQuery = new(() =>
        Compile((db, id) => db.Devices.AsNoTracking().Where(d => d.Id == id), q => q.Select(f => new Again(f.Standing, f.Kept)).Single()));

    private static readonly PerModel<Func<IbisDb, string, string?, CancellationToken, Task<DeviceStanding>>> ReadQuery = new(() =>
        Compile((db, id) => db.Devices.AsNoTracking().Where(d => d.Id == id), q => q.Select(f => f.Standing).Single()));

    /// <summary><see cref="Standing"/> over <paramref name="devices"/>, finished by <paramref name="finish"/>, compiled with its parameters (db, device id, idempotency key).</summary>
    private static Func<IbisDb, string, string?, CancellationToken, Task<T>> Compile<T>(
        Expression<Func<IbisDb, string, IQueryable<DeviceRow>>> devices, Expression<Func<IQueryable<Found>, T>> finish)
    {
        var db = Expression.Parameter(typeof(IbisDb), "db");
        var deviceId = Expression.Parameter(typeof(string), "deviceId");
        var key = Expression.Parameter(typeof(string), "idempotencyKey");
        var ct = Expression.Parameter(typeof(CancellationToken), "ct");
        var query = Inline.Body(Standing, db, Inline.Body(devices, db, deviceId), deviceId, key);
        return EF.CompileAsyncQuery(Expression.Lambda<Func<IbisDb, string, string?, CancellationToken, T>>(Inline.Body(finish, query), db, deviceId, key, ct));
    }

    private sealed record Again(DeviceStanding Standing, IdempotencyRow? Kept);

    private sealed class Found
    {
        public required DeviceRow Device { get; init; }

        public LicenseRow? License { get; init; }

        public required DeviceStanding Standing { get; init; }

        public IdempotencyRow? Kept { get; init; }
    }
}

/// <summary>
/// A device row locked for its operation (tracked), its license (null for a device in inventory), its standing and
/// the answer kept under the request's idempotency key. <c>MayBeStale</c>: the standing and the kept answer
/// may predate a wait for the lock (see <see cref="DeviceStanding.Lock"/>).
/// </summary>
internal sealed record LockedDevice(DeviceRow Device, LicenseRow? License, DeviceStanding Standing, IdempotencyRow? Kept, bool MayBeStale);
