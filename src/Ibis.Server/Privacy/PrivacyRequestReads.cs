using System.Text.Json;
using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>
/// The reads of one Privacy Act request, each a logged read of the records it opens (purpose privacy_act_request):
/// what an amendment asks to change. It runs in the command pipeline so that its log lines commit with it, or the read
/// does not happen. The report to a verified requester answers the inquiry, so it is a use case (<see cref="AnswerPrivacyInquiry"/>).
/// </summary>
public sealed class PrivacyRequestReads(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    /// <summary>The requests the caller may see (<see cref="PrivacyRecords.Visible"/>).</summary>
    public IQueryable<Data.Entities.PrivacyRequestRow> Visible(Caller caller) => PrivacyRecords.Visible(db, caller);

    /// <summary>What an amendment request asks to change, values masked; opening it is a logged read of the record.</summary>
    public Task<IReadOnlyList<RequestedChange>> RequestedChanges(Caller caller, string id, CancellationToken ct) => pipeline.Run<IReadOnlyList<RequestedChange>>(caller, null, async ct =>
    {
        var row = await Visible(caller).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("privacy_request", id);
        if (row.Kind != "amendment" || row.RecordId is null || row.Changes is null) return [];
        var key = await keys.Find(db, row.RecordId, ct);
        if (key is null) return [];
        var changes = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string?>>>(RecordKeys.Open(key, row.RecordId, "amendment/" + row.Id, row.Changes))!;
        CustomerAccess.Log(db, caller, row.RecordId, "read_amendment_request", "privacy_act_request", clock.GetUtcNow());
        return changes.SelectMany(c => c.Value.Select(f => new RequestedChange(c.Key, f.Key, f.Value is null ? null : Domain.Customers.CustomerRecordSchema.Display(f.Key, f.Value))))
            .ToList();
    }, ct);
}
