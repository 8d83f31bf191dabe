using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

public sealed record DisposalView(string Id, string Category, string RecordId, string CustomerRecordId, string Rule, DateTimeOffset DisposedAt)
{
    public static DisposalView From(DisposalRow d) => new(d.Id, d.Category, d.RecordId, d.CustomerRecordId, d.Rule, d.DisposedAt);
}

/// <summary>
/// Notice 820.100 "Retention and Disposal": disposes of what is due at a given instant and logs each
/// disposal (category, record id, when, rule). A whole customer record is disposed of by deleting its
/// rows in one transaction and, once that has committed, destroying its data key (crypto-shredding:
/// every sealed copy left elsewhere becomes unreadable). Never the other way round: a key destroyed
/// inside a transaction that then rolls back leaves a record nobody can read (issue 16 item 7). The
/// disposal is a background command (no caller) run by the command pipeline, which owns the transaction.
/// On SQLite the deletes run with secure_delete and the WAL is checkpointed, so the freed pages hold
/// zeros, not the old bytes.
/// </summary>
public sealed class RetentionDisposal(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    public const string DailyJob = "daily_job";
    public const string PrivacyOfficer = "privacy_officer";

    /// <summary>Disposes of what is due now; the run itself is recorded (even when nothing was due) so staff can see the job runs.</summary>
    public async Task<List<DisposalView>> Run(CancellationToken ct, string trigger = PrivacyOfficer)
    {
        // Joined to a caller's transaction, the keys would die before that transaction commits, and it may yet roll back.
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("the retention disposal commits its own transaction before it destroys keys; run it outside any other");
        var now = clock.GetUtcNow();
        var committed = await pipeline.Run(null, null, async ct =>
        {
            var log = new List<DisposalRow>();
            if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", ct);

            var logonCutoff = RetentionSchedule.DueIfBefore(RetentionCategory.Logon, now);
            foreach (var r in await db.LogonRecords.Where(l => l.At <= logonCutoff).Select(l => new { l.Id, l.RecordId }).ToListAsync(ct))
                log.Add(Entry(RetentionCategory.Logon, r.Id, r.RecordId, now));
            await db.LogonRecords.Where(l => l.At <= logonCutoff).ExecuteDeleteAsync(ct);

            var achCutoff = RetentionSchedule.DueIfBefore(RetentionCategory.Ach, now);
            foreach (var r in await db.AchRecords.Where(a => a.CreatedAt <= achCutoff).Select(a => new { a.Id, a.RecordId }).ToListAsync(ct))
                log.Add(Entry(RetentionCategory.Ach, r.Id, r.RecordId, now));
            await db.AchRecords.Where(a => a.CreatedAt <= achCutoff).ExecuteDeleteAsync(ct);

            // The bank and card details a deposit was paid with are ACH records too (notice 820.100: 2
            // years): the sealed and masked instrument is erased; amount, status and ledger lines stay.
            var spentInstruments = db.Deposits.Where(d => d.CreatedAt <= achCutoff && (d.InstrumentEncrypted != null || d.InstrumentMasked != null));
            var instruments = await (from d in spentInstruments
                                     join a in db.DepositAccounts on d.AccountId equals a.Id
                                     join r in db.CustomerRecords on a.LicenseeId equals r.LicenseeId into records
                                     from r in records.DefaultIfEmpty()
                                     select new { d.Id, RecordId = r == null ? null : r.Id }).ToListAsync(ct);
            foreach (var d in instruments) log.Add(Entry(RetentionCategory.Ach, d.Id, d.RecordId ?? "", now));
            await spentInstruments.ExecuteUpdateAsync(u => u.SetProperty(d => d.InstrumentEncrypted, (byte[]?)null).SetProperty(d => d.InstrumentMasked, (string?)null), ct);

            var securityCutoff = RetentionSchedule.DueIfBefore(RetentionCategory.SecurityAccess, now);
            foreach (var r in await db.SecurityAccess.Where(s => s.CancelledAt != null && s.CancelledAt <= securityCutoff).Select(s => new { s.Id, s.RecordId }).ToListAsync(ct))
                log.Add(Entry(RetentionCategory.SecurityAccess, r.Id, r.RecordId, now));
            await db.SecurityAccess.Where(s => s.CancelledAt != null && s.CancelledAt <= securityCutoff).ExecuteDeleteAsync(ct);

            var recordCutoff = RetentionSchedule.DueIfBefore(RetentionCategory.CustomerRecord, now);
            foreach (var (id, licenseeId) in (await db.CustomerRecords.Where(r => r.RelationshipEndedAt != null && r.RelationshipEndedAt <= recordCutoff).Select(r => new { r.Id, r.LicenseeId }).ToListAsync(ct)).Select(r => (r.Id, r.LicenseeId)))
            {
                // The key row stays: with the record gone it is a pending destruction, finished after the commit.
                // §502.20(e): the customer's Forms 3601-C go with the record — each only once its year is over.
                var reports = await (from a in db.ActivityReports
                                     join acc in db.DepositAccounts on a.AccountId equals acc.Id
                                     where acc.LicenseeId == licenseeId
                                     select new { a.Id, a.CreatedAt }).ToListAsync(ct);
                var expired = reports.Where(r => !new ActivityReportMustBeKeptOneYearRule(r.CreatedAt, now).IsBroken()).Select(r => r.Id).ToList();
                foreach (var r in expired) log.Add(Entry(RetentionCategory.ActivityReport, r, id, now));
                await db.ActivityReports.Where(a => expired.Contains(a.Id)).ExecuteDeleteAsync(ct);
                // The rows that held the record's data go too; the applications and transmissions that
                // carried a sealed copy keep only their routing data, the copy now unreadable.
                foreach (var a in await db.AchRecords.Where(x => x.RecordId == id).Select(x => x.Id).ToListAsync(ct)) log.Add(Entry(RetentionCategory.CustomerRecord, a, id, now));
                foreach (var l in await db.LogonRecords.Where(x => x.RecordId == id).Select(x => x.Id).ToListAsync(ct)) log.Add(Entry(RetentionCategory.CustomerRecord, l, id, now));
                foreach (var s in await db.SecurityAccess.Where(x => x.RecordId == id).Select(x => x.Id).ToListAsync(ct)) log.Add(Entry(RetentionCategory.CustomerRecord, s, id, now));
                foreach (var v in await db.CustomerRecordVersions.Where(x => x.RecordId == id).Select(x => x.Id).ToListAsync(ct)) log.Add(Entry(RetentionCategory.CustomerRecord, v, id, now));
                await db.AchRecords.Where(x => x.RecordId == id).ExecuteDeleteAsync(ct);
                await db.LogonRecords.Where(x => x.RecordId == id).ExecuteDeleteAsync(ct);
                await db.SecurityAccess.Where(x => x.RecordId == id).ExecuteDeleteAsync(ct);
                await db.CustomerRecordVersions.Where(x => x.RecordId == id).ExecuteDeleteAsync(ct);
                await db.LicenseApplications.Where(x => x.CustomerRecordId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Document, Array.Empty<byte>()), ct);
                await db.PrivacyRequests.Where(x => x.RecordId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Changes, (byte[]?)null), ct);
                await db.CustomerRecords.Where(x => x.Id == id).ExecuteDeleteAsync(ct);
                log.Add(Entry(RetentionCategory.CustomerRecord, id, id, now));
            }
            db.Disposals.AddRange(log);
            db.RetentionRuns.Add(new RetentionRunRow { Id = Ids.New("rrn"), Trigger = trigger, Disposed = log.Count, RanAt = now });
            return log;
        }, ct);
        // Only now, with the disposal committed, are the disposed records' keys destroyed (and any a crash left pending).
        if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", ct);
        var shredded = await keys.DestroyDisposed(db, ct);
        if ((committed.Count > 0 || shredded > 0) && !db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
        return committed.Select(DisposalView.From).ToList();
    }

    private static DisposalRow Entry(RetentionCategory category, string recordId, string customerRecordId, DateTimeOffset now) => new()
    {
        Id = Ids.New("dsp"), Category = RetentionSchedule.Code(category), RecordId = recordId, CustomerRecordId = customerRecordId,
        Rule = RetentionSchedule.Rule(category), DisposedAt = now,
    };
}
