using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

public sealed record CustomerAmendRequest(Dictionary<string, Dictionary<string, string?>>? Changes, string? Reason);

/// <summary>
/// Notice 820.100 "Contesting procedures": a record is corrected with the reason recorded; the previous version is
/// kept, sealed under the same key, and the amendment written to the access log.
/// </summary>
public sealed class AmendCustomerRecord(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    /// <summary>Those whose duty includes changing customer records.</summary>
    public static readonly Access Access = Access.For(Caller.LicenseeRole, Caller.ProviderRole, Caller.PrivacyOfficerRole);

    public Task<CustomerRecordView> Handle(Caller caller, string id, Dictionary<string, Dictionary<string, string?>> changes, string reason, string purpose, CancellationToken ct) =>
        pipeline.Run(caller, null, ct => Apply(caller, id, changes, reason, purpose, ct), ct);

    /// <summary>
    /// The amendment inside a use case that amends as part of its own work (a Privacy Act amendment request accepted,
    /// Privacy/DecideAmendment): its changes are saved with that use case's, in its unit of work.
    /// </summary>
    internal async Task<CustomerRecordView> Apply(Caller caller, string id, Dictionary<string, Dictionary<string, string?>> changes, string reason, string purpose, CancellationToken ct)
    {
        var row = await CustomerAccess.Visible(db, caller).FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("customer_record", id);
        Access.Authorize(caller); // after the lookup: a record the caller may not see is not found, whatever its role
        if (string.IsNullOrWhiteSpace(reason)) throw ApiException.Invalid("reason_required", "an amendment states why the record is corrected", "reason");
        var key = await keys.Get(db, row.Id, ct);
        var document = CustomerRecords.ApplyChanges(CustomerRecords.Read(row, key), changes);
        var now = clock.GetUtcNow();
        db.CustomerRecordVersions.Add(new CustomerRecordVersionRow
        {
            Id = Ids.New("rev"), RecordId = row.Id, Version = row.Version, Document = row.Document, ChangedBy = caller.UserOrKeyId, Reason = reason, ChangedAt = now,
        });
        row.Document = RecordKeys.Seal(key, row.Id, CustomerRecords.DocumentContext, JsonSerializer.Serialize(document));
        row.Version++;
        row.UpdatedAt = now;
        CustomerAccess.Log(db, caller, row.Id, "amend", purpose, now);
        return await CustomerRecords.View(db, caller, row, key, ct);
    }
}
