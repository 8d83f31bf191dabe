using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <param name="Kind">"inquiry" (notice 820.100 "Notification Procedure") or "amendment" ("Contesting Record Procedures").</param>
/// <param name="Changes">For an amendment: the new values by category and field.</param>
public sealed record PrivacyRequestInput(string? Kind, string? CustomerName, string? CustomerId, string? LogonId, string? RecordId,
    Dictionary<string, Dictionary<string, string?>>? Changes);

/// <summary>
/// The customer's own Privacy Act request (notice 820.100): an inquiry whether records about it are held, naming its
/// name, customer ID(s) and/or logon ID ("Notification Procedure"), or a request to amend its record ("Contesting
/// Record Procedures"). Only one's own record may be contested: anyone else's is "not found", and nothing is
/// recorded. The changes are checked now and kept sealed with the record's key until the privacy officer decides
/// (<see cref="DecideAmendment"/>).
/// </summary>
public sealed class SubmitPrivacyRequest(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.LicenseeRole);

    public Task<PrivacyRequestView> Handle(Caller caller, PrivacyRequestInput body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        if (!EnumText<PrivacyRequestKind>.TryParse(body.Kind, out var kind))
            throw ApiException.Invalid("request_kind_invalid", "kind is \"inquiry\" or \"amendment\"", "kind");
        var now = clock.GetUtcNow();
        var request = PrivacyRequest.Receive(Ids.New("pvr"), kind);
        var row = new PrivacyRequestRow { Id = request.Id, Kind = request.Kind.ToText(), RequesterLicenseeId = caller.LicenseeId!, Status = request.Status, ReceivedAt = now };
        switch (kind)
        {
            case PrivacyRequestKind.Inquiry:
                if (body.CustomerName is null && body.CustomerId is null && body.LogonId is null)
                    throw ApiException.Invalid("inquiry_incomplete", "an inquiry contains the name, customer ID(s) and/or logon ID (notice 820.100 Notification Procedure)", "customer_name");
                row.CustomerName = body.CustomerName?.Trim();
                row.CustomerNumber = body.CustomerId?.Trim();
                row.LogonId = body.LogonId?.Trim();
                break;
            case PrivacyRequestKind.Amendment:
                var recordId = body.RecordId ?? throw ApiException.Invalid("record_id_required", "record_id names the record to amend", "record_id");
                // Only one's own record: anyone else's is "not found", and nothing is recorded.
                var record = await db.CustomerRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == recordId && r.LicenseeId == caller.LicenseeId, ct)
                             ?? throw ApiException.NotFound("customer_record", recordId);
                var key = await keys.Get(db, record.Id, ct);
                var changes = body.Changes ?? [];
                CustomerRecords.ApplyChanges(CustomerRecords.Read(record, key), changes); // validates before anything is stored
                row.RecordId = record.Id;
                row.Changes = RecordKeys.Seal(key, record.Id, "amendment/" + row.Id, JsonSerializer.Serialize(changes));
                CustomerAccess.Log(db, caller, record.Id, "amendment_request", "privacy_act_request", now);
                break;
        }
        db.PrivacyRequests.Add(row);
        return PrivacyRequestView.From(row);
    }, ct);
}
