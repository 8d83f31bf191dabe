using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

/// <summary>
/// The provider ends the customer relationship: retention rule 4 of notice 820.100 counts from here, and the
/// customer's logon privileges and computer access are cancelled (rule 3).
/// </summary>
internal sealed class EndCustomerRelationship(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public Task<CustomerRecordView> Handle(Caller caller, string id, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await CustomerAccess.Visible(db, caller).FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("customer_record", id);
        var key = await keys.Get(db, row.Id, ct);
        var now = clock.GetUtcNow();
        row.RelationshipEndedAt ??= now;
        await db.SecurityAccess.Where(s => s.RecordId == row.Id && s.CancelledAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.CancelledAt, now), ct);
        // Notice 820.100 retention rule 3: the licensee's computer access ends with the relationship —
        // every login (its sessions end at the next request) and every API key of the licensee.
        await db.Users.Where(u => u.LicenseeId == row.LicenseeId && u.RemovedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.RemovedAt, now).SetProperty(u => u.SessionStamp, "ended:" + now.ToUnixTimeMilliseconds()), ct);
        await db.ApiKeys.Where(k => k.LicenseeId == row.LicenseeId && k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        CustomerAccess.Log(db, caller, row.Id, "end_relationship", "service_and_support", now);
        return await CustomerRecords.View(db, caller, row, key, ct);
    }, ct);
}
