using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>
/// Notice 820.100 "Record Access Procedures", 39 CFR 266.6: a written inquiry whose requester's identity is verified is
/// answered with the report of what the system holds about the requester; producing the report answers the inquiry, and
/// every record it opens is a logged read (purpose privacy_act_request), committed with the answer or not at all.
/// </summary>
public sealed class AnswerPrivacyInquiry(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    /// <summary>
    /// The report of what the system holds about the requester — record ids, categories, the values held, counts and
    /// the accounting of disclosures — once its identity is verified; producing it answers the inquiry.
    /// </summary>
    public Task<PrivacyReportView> Handle(Caller caller, string id, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        var row = await PrivacyRecords.Visible(db, caller).FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("privacy_request", id);
        var request = PrivacyRecords.Aggregate(row);
        request.Answer(); // an inquiry, its requester's identity verified (39 CFR 266.6)
        var query = db.CustomerRecords.AsNoTracking().Where(r => r.LicenseeId == row.RequesterLicenseeId);
        var name = row.CustomerName is null ? null : CustomerRecords.Normalize(row.CustomerName);
        query = query.Where(r => (name != null && r.CustomerName == name) || (row.CustomerNumber != null && r.CustomerNumber == row.CustomerNumber)
                                 || (row.LogonId != null && r.LogonId == row.LogonId));
        var now = clock.GetUtcNow();
        var held = new List<HeldRecord>();
        foreach (var r in await query.ToListAsync(ct))
        {
            var key = await keys.Find(db, r.Id, ct);
            if (key is null) continue;
            var doc = CustomerRecords.Read(r, key);
            held.Add(new HeldRecord(r.Id, r.CustomerNumber, r.CustomerName, r.LogonId,
                doc.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Value.Keys.Order().ToList()),
                await db.AchRecords.CountAsync(x => x.RecordId == r.Id, ct), await db.LogonRecords.CountAsync(x => x.RecordId == r.Id, ct),
                await db.SecurityAccess.CountAsync(x => x.RecordId == r.Id, ct), await db.CustomerRecordVersions.CountAsync(x => x.RecordId == r.Id, ct),
                await db.LicenseApplications.CountAsync(x => x.CustomerRecordId == r.Id, ct), await db.RecordAccessLog.CountAsync(x => x.RecordId == r.Id, ct),
                // Record Access Procedures: the verified requester receives the values held, not only their names.
                doc.ToDictionary(c => c.Key, c => c.Value.ToDictionary(f => f.Key, f => Domain.Customers.CustomerRecordSchema.Display(f.Key, f.Value))),
                await CustomerRecords.AchViews(db, r.Id, key, ct),
                (await db.Disclosures.AsNoTracking().Where(x => x.RecordId == r.Id).OrderBy(x => x.DisclosedAt).ThenBy(x => x.Id).ToListAsync(ct)).Select(DisclosureView.From).ToList()));
            CustomerAccess.Log(db, caller, r.Id, "report", "privacy_act_request", now);
        }
        row.Status = request.Status;
        return new PrivacyReportView("privacy_report", row.Id, now, held);
    }, ct);
}
