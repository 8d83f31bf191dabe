using System.Linq.Expressions;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Devices;
using Ibis.Server.Quality;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// What a reset reads besides its device: the deposit account it draws on (tracked, for the debit — P050 3.5),
/// the device's quality-assurance standing (§502.26) and the licensee's cap with its other devices' DR (P050 3.6).
/// </summary>
internal sealed record ResetReads(DepositAccountRow Account, QualityAssurance.Standing Quality, LicenseeCap Cap)
{
    /// <summary>
    /// PostgreSQL: three statements, locking in the order used everywhere — device (held), account, licensee.
    /// SQLite (issue 17): one statement of scalar sub-queries beside the account row: the write lock is held, or the
    /// reset was prepared before its turn, and then its account row is written only as it was read and the cap is
    /// checked again in the turn (<see cref="PsdContext.RecheckInTurn"/>); the quality standing, read with the
    /// rest before the turn either way, is what a serial order placing the reset first would also have seen. That statement
    /// is written by hand (<see cref="SqliteResetReads"/>); <paramref name="linqOnly"/>: its LINQ (tests compare the two).
    /// </summary>
    public static async Task<ResetReads> Read(IbisDb db, DeviceRow device, string accountId, CancellationToken ct, bool linqOnly = false)
    {
        if (db.IsPostgres)
        {
            var quality = QualityAssurance.Exempt(device)
                ? new QualityAssurance.Standing(null, null, null) // the check passes it without looking: not read
                : await QualityAssurance.StandingOf(db, device.Id, ct);
            var account = await Funds.AccountLock.Row(db, accountId, ct);
            return new ResetReads(account, quality, await LicenseeLock.CapFor(db, device.LicenseeId!, device.Id, ct));
        }
        RowLocks.Require(db);
        // By hand unless the context tracks the account already (a caller's transaction), whose instance the LINQ hands back.
        if (!linqOnly && SqliteResetReads.For(db) is { } sqlite && !Tracks(db, accountId)) return sqlite.Read(db, accountId, device.Id, device.LicenseeId!);
        var found = await Query.For(db)(db, accountId, device.Id, device.LicenseeId!, ct);
        return new ResetReads(found.Account, found.Quality, found.Cap);
    }

    /// <summary>
    /// P050 3.6's figures again, for the recheck in the turn at SQLite's write gate (<see cref="PsdContext.RecheckInTurn"/>):
    /// by hand there (<see cref="SqliteResetReads.Cap"/>), the turn held for it; <paramref name="linqOnly"/>: the LINQ (tests compare the two).
    /// </summary>
    public static async Task<LicenseeCap> CapInTurn(IbisDb db, string licenseeId, string deviceId, CancellationToken ct, bool linqOnly = false) =>
        !linqOnly && SqliteResetReads.For(db) is { } sqlite ? sqlite.Cap(db, licenseeId, deviceId) : await LicenseeLock.CapFor(db, licenseeId, deviceId, ct);

    /// <summary>Whether the context tracks the account row, looked up without detecting changes (the entries as they stand).</summary>
    private static bool Tracks(IbisDb db, string accountId)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in db.ChangeTracker.Entries<DepositAccountRow>())
                if (entry.Entity.Id == accountId) return true;
            return false;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static readonly PerModel<Func<IbisDb, string, string, string, CancellationToken, Task<Found>>> Query = new(() =>
    {
        var db = Expression.Parameter(typeof(IbisDb), "db");
        var (accountId, deviceId, licenseeId) = (Expression.Parameter(typeof(string), "accountId"), Expression.Parameter(typeof(string), "deviceId"),
            Expression.Parameter(typeof(string), "licenseeId"));
        var ct = Expression.Parameter(typeof(CancellationToken), "ct");
        Expression<Func<IbisDb, string, QualityAssurance.Standing, LicenseeCap, Found>> one = (db, accountId, quality, cap) =>
            db.DepositAccounts.ForUpdate().Where(a => a.Id == accountId).Select(a => new Found { Account = a, Quality = quality, Cap = cap }).Single();
        var body = Inline.Body(one, db, accountId,
            Inline.Body(QualityAssurance.StandingExpression, db, deviceId), Inline.Body(LicenseeLock.CapExpression, db, licenseeId, deviceId));
        return EF.CompileAsyncQuery(Expression.Lambda<Func<IbisDb, string, string, string, CancellationToken, Found>>(body, db, accountId, deviceId, licenseeId, ct));
    });

    private sealed class Found
    {
        public required DepositAccountRow Account { get; init; }

        public required QualityAssurance.Standing Quality { get; init; }

        public required LicenseeCap Cap { get; init; }
    }
}
