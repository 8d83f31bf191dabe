using Ibis.Data;
using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>
/// What a disclosure handed over, read again for the privacy officer who shows it after the form that made it
/// (post/redirect/get, so the form discloses once however often it is sent): the categories its accounting line
/// lists, as the record now holds them, masked as they were. A read inside the agency, so it is in the access log
/// (552a(b)(1)), not a second line of the accounting.
/// </summary>
public sealed class ShowDisclosedRecord(IbisDb db, CommandPipeline pipeline, DisclosureReads reads, RecordKeys keys, TimeProvider clock)
{
    public Task<DisclosedRecordView> Handle(Caller caller, string disclosureId, CancellationToken ct) => pipeline.Run(caller, DiscloseRecord.Access, async ct =>
    {
        var line = await (await reads.Visible(caller, ct)).AsNoTracking().FirstOrDefaultAsync(d => d.Id == disclosureId, ct)
                   ?? throw ApiException.NotFound("disclosure", disclosureId);
        var view = DisclosureView.From(line);
        var row = await CustomerAccess.Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(r => r.Id == line.RecordId, ct)
                  ?? throw ApiException.NotFound("customer_record", line.RecordId);
        if (await keys.Find(db, row.Id, ct) is not { } key) throw RecordKeys.Disposed(row.Id);
        var categories = view.Records.Where(r => r.StartsWith("customer_record ", StringComparison.Ordinal) && r.Contains(": ", StringComparison.Ordinal))
            .Select(r => r[(r.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToHashSet(StringComparer.Ordinal);
        var shown = CustomerRecords.Read(row, key).Where(c => categories.Contains(c.Key))
            .ToDictionary(c => c.Key, c => c.Value.ToDictionary(f => f.Key, f => CustomerRecordSchema.Display(f.Key, f.Value)));
        CustomerAccess.Log(db, caller, row.Id, "read", "privacy_act_request", clock.GetUtcNow());
        return new DisclosedRecordView(view, shown, []);
    }, ct);
}
