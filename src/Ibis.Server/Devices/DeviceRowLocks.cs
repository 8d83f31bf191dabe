using Ibis.Data;
using Ibis.Data.Entities;
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
        using var wait = Observability.IbisMetrics.LockWait(db.IsPostgres ? "postgres" : "sqlite");
        return await (db.IsPostgres
            ? db.Devices.FromSql($"SELECT * FROM devices WHERE \"Id\" = {deviceId} FOR UPDATE").SingleAsync(ct)
            : db.Devices.SingleAsync(d => d.Id == deviceId, ct));
    }
}

/// <summary>The licensee's row, locked (after its device and account rows): resets of one licensee's devices take turns (P050 3.6).</summary>
public static class LicenseeLock
{
    public static Task<LicenseeRow> Row(IbisDb db, string licenseeId, CancellationToken ct) =>
        db.IsPostgres
            ? db.Licensees.FromSql($"SELECT * FROM licensees WHERE \"Id\" = {licenseeId} FOR UPDATE").AsNoTracking().SingleAsync(ct)
            : db.Licensees.AsNoTracking().SingleAsync(l => l.Id == licenseeId, ct);
}
