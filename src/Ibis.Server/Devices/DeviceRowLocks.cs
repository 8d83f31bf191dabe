using System.Linq.Expressions;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Devices;

/// <summary>Reads a device row for update inside the current transaction.</summary>
public static class RegisterLock
{
    /// <summary>
    /// PostgreSQL: SELECT … FOR UPDATE locks only this device's row. SQLite: the transaction took
    /// the database write lock when it began (BEGIN IMMEDIATE), so a plain read is already exclusive.
    /// </summary>
    public static async Task<DeviceRow> Row(IbisDb db, string deviceId, CancellationToken ct)
    {
        RowLocks.Require(db);
        using var wait = Observability.IbisMetrics.LockWait(db.IsPostgres ? "postgres" : "sqlite");
        return await RowQuery.For(db)(db, deviceId, ct);
    }

    private static readonly PerModel<Func<IbisDb, string, CancellationToken, Task<DeviceRow>>> RowQuery = new(() =>
        EF.CompileAsyncQuery((IbisDb db, string deviceId, CancellationToken ct) => db.Devices.ForUpdate().Single(d => d.Id == deviceId)));
}

/// <summary>The licensee's row, locked (after its device and account rows): resets of one licensee's devices take turns (P050 3.6).</summary>
public static class LicenseeLock
{
    public static Task<LicenseeRow> Row(IbisDb db, string licenseeId, CancellationToken ct)
    {
        RowLocks.Require(db);
        return RowQuery.For(db)(db, licenseeId, ct);
    }

    private static readonly PerModel<Func<IbisDb, string, CancellationToken, Task<LicenseeRow>>> RowQuery = new(() =>
        EF.CompileAsyncQuery((IbisDb db, string licenseeId, CancellationToken ct) => db.Licensees.AsNoTracking().ForUpdate().Single(l => l.Id == licenseeId)));

    /// <summary>
    /// P050 3.6, for a reset: the licensee's DR cap and the sum of DR over its other devices not withdrawn, read
    /// under the licensee row lock so that no concurrent reset of its devices can outdate the sum. PostgreSQL: the lock
    /// first, then the sum in a statement of its own (a statement that waited for the lock would sum from the
    /// snapshot taken before the wait). SQLite: one statement — the write lock is already held, or the reset was
    /// prepared before its turn and checks the cap again in it. Compiled (issue 17); a reset on SQLite reads the same
    /// statement written by hand (<c>SqliteResetReads</c>), and tests compare the two.
    /// </summary>
    public static async Task<LicenseeCap> CapFor(IbisDb db, string licenseeId, string deviceId, CancellationToken ct)
    {
        if (!db.IsPostgres) return await CapQuery.For(db)(db, licenseeId, deviceId, ct) ?? throw new InvalidOperationException($"no device {deviceId}");
        var licensee = await Row(db, licenseeId, ct);
        return new LicenseeCap(licensee.DrCapMills, await OthersQuery.For(db)(db, licenseeId, deviceId, ct));
    }

    /// <summary>
    /// P050 3.6's figures as a query's part (<see cref="Inline"/>), each a scalar sub-query (SQLite has no lateral
    /// join for EF Core to read a row's several columns with). A licensee that is not there has a cap of nothing,
    /// which refuses every reset (no licensee row is ever deleted; the schema has no foreign keys to say so).
    /// </summary>
    public static readonly Expression<Func<IbisDb, string, string, LicenseeCap>> CapExpression = (db, licenseeId, deviceId) => new LicenseeCap(
        db.Licensees.Where(l => l.Id == licenseeId).Select(l => l.DrCapMills).FirstOrDefault(),
        db.Devices.Where(x => x.LicenseeId == licenseeId && x.Id != deviceId && x.Status != DeviceStatus.Withdrawn).Sum(x => x.DescendingMills));

    private static readonly PerModel<Func<IbisDb, string, string, CancellationToken, Task<LicenseeCap?>>> CapQuery = new(() =>
    {
        var (db, licenseeId, deviceId, ct) = (Expression.Parameter(typeof(IbisDb), "db"), Expression.Parameter(typeof(string), "licenseeId"),
            Expression.Parameter(typeof(string), "deviceId"), Expression.Parameter(typeof(CancellationToken), "ct"));
        // From the reset's own device row, which is there (locked or read): a licensee not there reads as a cap of nothing, as in ResetReads.
        Expression<Func<IbisDb, string, LicenseeCap, LicenseeCap?>> one = (db, deviceId, cap) => db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => cap).FirstOrDefault();
        return EF.CompileAsyncQuery(Expression.Lambda<Func<IbisDb, string, string, CancellationToken, LicenseeCap?>>(
            Inline.Body(one, db, deviceId, Inline.Body(CapExpression, db, licenseeId, deviceId)), db, licenseeId, deviceId, ct));
    });

    private static readonly PerModel<Func<IbisDb, string, string, CancellationToken, Task<long>>> OthersQuery = new(() =>
        EF.CompileAsyncQuery((IbisDb db, string licenseeId, string deviceId, CancellationToken ct) => db.Devices.AsNoTracking()
            .Where(x => x.LicenseeId == licenseeId && x.Id != deviceId && x.Status != DeviceStatus.Withdrawn).Sum(x => x.DescendingMills)));
}

/// <summary>A licensee's DR cap (P050 3.6) and what its other devices' descending registers hold, in mills.</summary>
public sealed record LicenseeCap(long DrCapMills, long OtherDevicesDescendingMills);
