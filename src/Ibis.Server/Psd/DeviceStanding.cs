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
    string? LicenseStatus, string? LeaseStatus, string? ResettingAccountId, string? ProviderStatus,
    bool? CertificateRevoked, string? CertificateRevocationReason)
{
    /// <summary>
    /// Locks the device row, then reads it (tracked) with its license and standing in one query.
    /// PostgreSQL: the lock is a statement of its own — under READ COMMITTED each statement reads from the
    /// snapshot taken when it starts, so a standing read in the same statement as a lock that waited for
    /// another print of the device would miss that print's indicium (and its seal's replay check would
    /// fail); read after the lock is held, it sees everything committed before. SQLite: the transaction
    /// already holds the write lock (BEGIN IMMEDIATE), so the one read is exclusive. Null: no such device.
    /// </summary>
    public static async Task<LockedDevice?> Lock(IbisDb db, string deviceId, CancellationToken ct)
    {
        using (Observability.IbisMetrics.LockWait(db.IsPostgres ? "postgres" : "sqlite"))
        {
            if (db.IsPostgres) await db.Database.ExecuteSqlAsync($"SELECT 1 FROM devices WHERE \"Id\" = {deviceId} FOR UPDATE", ct);
        }
        var found = await WithStanding(db, db.Devices.Where(d => d.Id == deviceId)).SingleOrDefaultAsync(ct);
        return found is null ? null : new LockedDevice(found.Device, found.License, found.Standing);
    }

    /// <summary>The standing of a device whose row the caller holds (the seal's replay check, a withheld refund's ceiling).</summary>
    public static Task<DeviceStanding> Read(IbisDb db, DeviceRow d, CancellationToken ct)
    {
        var id = d.Id;
        return WithStanding(db, db.Devices.AsNoTracking().Where(x => x.Id == id)).Select(f => f.Standing).SingleAsync(ct);
    }

    /// <summary>The one query both read: each device with its license and its standing, every figure a scalar sub-query.</summary>
    private static IQueryable<Found> WithStanding(IbisDb db, IQueryable<DeviceRow> devices) =>
        from x in devices
        join l in db.Licenses on x.LicenseId equals l.Id into licenses
        from l in licenses.DefaultIfEmpty()
        select new Found
        {
            Device = x,
            License = l,
            Standing = new DeviceStanding(
                db.Indicia.Where(i => i.DeviceId == x.Id).OrderByDescending(i => i.PieceNumber).Select(i => (long?)i.PieceNumber).FirstOrDefault(),
                db.Indicia.Where(i => i.DeviceId == x.Id).OrderByDescending(i => i.PieceNumber).Select(i => (long?)i.AscendingAfterMills).FirstOrDefault(),
                db.Resets.Where(r => r.DeviceId == x.Id).OrderByDescending(r => r.Sequence).Select(r => (long?)r.Sequence).FirstOrDefault(),
                db.Resets.Where(r => r.DeviceId == x.Id).OrderByDescending(r => r.Sequence).Select(r => (long?)r.ControlTotalAfterMills).FirstOrDefault(),
                l == null ? null : l.Status,
                db.Leases.Where(e => e.Id == x.LeaseId).Select(e => e.Status).FirstOrDefault(),
                db.Leases.Where(e => e.Id == x.LeaseId).Select(e => e.ResettingAccountId).FirstOrDefault(),
                db.Providers.Where(p => p.Id == x.ProviderId).Select(p => p.Status).FirstOrDefault(),
                db.Certificates.Where(c => c.Serial == x.CertificateSerial).Select(c => (bool?)c.Revoked).FirstOrDefault(),
                db.Certificates.Where(c => c.Serial == x.CertificateSerial).Select(c => c.RevocationReason).FirstOrDefault()),
        };

    private sealed class Found
    {
        public required DeviceRow Device { get; init; }

        public LicenseRow? License { get; init; }

        public required DeviceStanding Standing { get; init; }
    }
}

/// <summary>A device row locked for its operation (tracked), its license (null for a device in inventory) and its standing.</summary>
public sealed record LockedDevice(DeviceRow Device, LicenseRow? License, DeviceStanding Standing);
