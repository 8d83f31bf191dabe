using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

public sealed record PrivacyRequestInput(string? Kind, string? CustomerName, string? CustomerId, string? LogonId, string? RecordId,
    Dictionary<string, Dictionary<string, string?>>? Changes);

public sealed record VerificationRequest(string? Method, string? Note = null);

/// <summary>A written inquiry received by the system manager and logged by staff (notice 820.100 "Notification Procedure").</summary>
public sealed record WrittenInquiryInput(string? CustomerName, string? CustomerId, string? LogonId, string? ReceivedVia);

/// <summary>One field an amendment request asks to change; the value is shown masked like every screen shows it.</summary>
public sealed record RequestedChange(string Category, string Field, string? Shown);

public sealed record AmendmentDecisionRequest(string? Decision, string? Reasons);

public sealed record PrivacyRequestView(string Id, string Object, string Kind, string Status, string RequesterLicenseeId, string? RecordId,
    string? VerificationMethod, string? RefusalReasons, DateTimeOffset ReceivedAt, DateTimeOffset? VerifiedAt, DateTimeOffset? DecidedAt,
    string? ReceivedVia = null, string? VerificationNote = null, string? CustomerName = null, string? CustomerId = null, string? LogonId = null)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static PrivacyRequestView From(PrivacyRequestRow r) => new(r.Id, "privacy_request", r.Kind, r.Status.ToText(), r.RequesterLicenseeId, r.RecordId,
        r.VerificationMethod, r.RefusalReasons, r.ReceivedAt, r.VerifiedAt, r.DecidedAt, r.ReceivedVia, r.VerificationNote, r.CustomerName, r.CustomerNumber, r.LogonId);
}

/// <summary>
/// A record held about the requester: the field names by category, and the values themselves
/// (<see cref="Values"/>; sensitive ones masked as on every screen), its ACH records, how many other
/// records hang on it, and the accounting of its disclosures (5 U.S.C. 552a(c)(3)).
/// </summary>
public sealed record HeldRecord(string RecordId, string CustomerId, string CustomerName, string? LogonId, IReadOnlyDictionary<string, IReadOnlyList<string>> Categories,
    int AchRecords, int LogonRecords, int SecurityAccessRecords, int EarlierVersions, int Applications, int AccessLogEntries,
    IReadOnlyDictionary<string, Dictionary<string, string>>? Values = null, IReadOnlyList<AchView>? Ach = null, IReadOnlyList<DisclosureView>? Disclosures = null);

public sealed record PrivacyReportView(string Object, string RequestId, DateTimeOffset ProducedAt, IReadOnlyList<HeldRecord> Records);

/// <summary>
/// Privacy Act requests (notice 820.100 "Notification Procedure", "Record Access Procedures",
/// "Contesting Record Procedures"): the written inquiry is logged; staff verify the requester's
/// identity (39 CFR 266.6) before the report of records held is produced; a request to amend a
/// record is accepted (the record corrected, its history kept) or refused with reasons recorded.
/// </summary>
public sealed class PrivacyRequests(IbisDb db, AmendCustomerRecord amend, RecordKeys keys, TimeProvider clock)
{
    public static readonly string[] VerificationMethods = ["in_person_photo_id", "notarized_statement", "signed_statement_compared", "account_credentials"];

    /// <summary>How a written inquiry reaches the system manager; "portal" is set for the customer's own requests.</summary>
    public static readonly string[] ReceivedViaChoices = ["mail", "fax", "e_mail", "in_person"];

    /// <summary>
    /// Staff log a written inquiry addressed to the system manager (notice 820.100 "Notification Procedure":
    /// name, customer ID(s) and/or logon ID). The requester is the customer those keys name; keys that name
    /// no record are still logged, and the report will say nothing is held. Nothing is disclosed until the
    /// requester's identity is verified (39 CFR 266.6).
    /// </summary>
    public async Task<PrivacyRequestView> LogWrittenInquiry(Caller caller, WrittenInquiryInput body, CancellationToken ct)
    {
        if (caller.Role != Caller.PrivacyOfficerRole) throw new ApiException(403, "forbidden", "the privacy officer logs written inquiries");
        string? name = Blank(body.CustomerName), number = Blank(body.CustomerId), logon = Blank(body.LogonId);
        if (name is null && number is null && logon is null)
            throw ApiException.Invalid("inquiry_incomplete", "an inquiry contains the name, customer ID(s) and/or logon ID (notice 820.100 Notification Procedure)", "customer_name");
        if (name is { Length: > 200 } || number is { Length: > 40 } || logon is { Length: > 100 })
            throw ApiException.Invalid("inquiry_key_too_long", "name up to 200, customer ID up to 40, logon ID up to 100 characters", "customer_name");
        if (body.ReceivedVia is null || !ReceivedViaChoices.Contains(body.ReceivedVia))
            throw ApiException.Invalid("received_via_invalid", $"received_via is one of {string.Join(", ", ReceivedViaChoices)}", "received_via");
        // The customer ID and the logon ID name one customer; a name alone must name exactly one.
        var normalized = name is null ? null : CustomerRecords.Normalize(name);
        var matches = await db.CustomerRecords.AsNoTracking()
            .Where(r => (number != null && r.CustomerNumber == number) || (logon != null && r.LogonId == logon) || (number == null && logon == null && r.CustomerName == normalized))
            .Select(r => new { r.Id, r.LicenseeId }).ToListAsync(ct);
        var licensees = matches.Select(m => m.LicenseeId).Distinct().ToList();
        if (licensees.Count > 1)
            throw ApiException.Invalid("inquiry_ambiguous", "these keys name more than one customer; add the customer ID or logon ID from the letter", number is null ? "customer_id" : "logon_id");
        var now = clock.GetUtcNow();
        var request = PrivacyRequest.Receive(Ids.New("pvr"), PrivacyRequestKind.Inquiry);
        var row = new PrivacyRequestRow
        {
            Id = request.Id, Kind = request.Kind.ToText(), RequesterLicenseeId = licensees.SingleOrDefault() ?? "", Status = request.Status, ReceivedAt = now,
            CustomerName = name, CustomerNumber = number, LogonId = logon, ReceivedVia = body.ReceivedVia,
        };
        foreach (var m in matches) CustomerAccess.Log(db, caller, m.Id, "inquiry_logged", "privacy_act_request", now);
        db.PrivacyRequests.Add(row);
        await db.SaveChangesAsync(ct);
        return PrivacyRequestView.From(row);
    }

    /// <summary>What an amendment request asks to change, values masked; opening it is a logged read of the record.</summary>
    public async Task<IReadOnlyList<RequestedChange>> RequestedChanges(Caller caller, string id, CancellationToken ct)
    {
        var row = await Visible(caller).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("privacy_request", id);
        if (row.Kind != "amendment" || row.RecordId is null || row.Changes is null) return [];
        var key = await keys.Find(db, row.RecordId, ct);
        if (key is null) return [];
        var changes = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string?>>>(RecordKeys.Open(key, row.RecordId, "amendment/" + row.Id, row.Changes))!;
        CustomerAccess.Log(db, caller, row.RecordId, "read_amendment_request", "privacy_act_request", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return changes.SelectMany(c => c.Value.Select(f => new RequestedChange(c.Key, f.Key, f.Value is null ? null : Domain.Customers.CustomerRecordSchema.Display(f.Key, f.Value))))
            .ToList();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public async Task<PrivacyRequestView> Submit(Caller caller, PrivacyRequestInput body, CancellationToken ct)
    {
        if (caller.Role != Caller.LicenseeRole) throw new ApiException(403, "forbidden", "a Privacy Act request is made by the customer the records are about");
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
        await db.SaveChangesAsync(ct);
        return PrivacyRequestView.From(row);
    }

    /// <summary>The request as its aggregate, which checks every move (<see cref="PrivacyRequestTransitionMustBeAllowedRule"/>).</summary>
    private static PrivacyRequest Aggregate(PrivacyRequestRow row) => PrivacyRequest.Load(row.Id, EnumText<PrivacyRequestKind>.Parse(row.Kind), row.Status);

    public IQueryable<PrivacyRequestRow> Visible(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.PrivacyRequests.Where(r => r.RequesterLicenseeId == caller.LicenseeId),
        // A request names a customer of the officer's own mode; a letter naming no customer record has no mode.
        Caller.PrivacyOfficerRole => db.PrivacyRequests.Where(r => r.RequesterLicenseeId == "" || db.Licensees.Any(c => c.Id == r.RequesterLicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.PrivacyRequests.Where(_ => false),
    };

    /// <summary>39 CFR 266.6: staff verify the requester's identity before any record is disclosed.</summary>
    public async Task<PrivacyRequestView> Verify(Caller caller, string id, VerificationRequest body, CancellationToken ct)
    {
        if (caller.Role != Caller.PrivacyOfficerRole) throw new ApiException(403, "forbidden", "the privacy officer verifies the requester's identity (39 CFR 266.6)");
        if (body.Method is null || !VerificationMethods.Contains(body.Method))
            throw ApiException.Invalid("verification_method_invalid", $"method is one of {string.Join(", ", VerificationMethods)} (39 CFR 266.6)", "method");
        var row = await db.PrivacyRequests.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("privacy_request", id);
        var request = Aggregate(row);
        request.VerifyIdentity();
        var note = body.Note?.Trim();
        if (note is { Length: > 500 }) throw ApiException.Invalid("verification_note_too_long", "the note says what was checked in up to 500 characters", "note");
        row.Status = request.Status;
        row.VerifiedBy = caller.UserOrKeyId;
        row.VerificationMethod = body.Method;
        row.VerificationNote = string.IsNullOrEmpty(note) ? null : note;
        row.VerifiedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return PrivacyRequestView.From(row);
    }

    /// <summary>The report of what the system holds about the requester: record ids, categories and field names, counts — after verification.</summary>
    public async Task<PrivacyReportView> Report(Caller caller, string id, CancellationToken ct)
    {
        var row = await Visible(caller).FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("privacy_request", id);
        var request = Aggregate(row);
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
        await db.SaveChangesAsync(ct);
        return new PrivacyReportView("privacy_report", row.Id, now, held);
    }

    /// <summary>Contesting a record: accepted → corrected with its history kept; refused → the reasons recorded.</summary>
    public async Task<PrivacyRequestView> Decide(Caller caller, string id, AmendmentDecisionRequest body, CancellationToken ct)
    {
        if (caller.Role != Caller.PrivacyOfficerRole) throw new ApiException(403, "forbidden", "the privacy officer decides amendment requests");
        var row = await db.PrivacyRequests.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("privacy_request", id);
        var request = Aggregate(row);
        request.MustAwaitDecision();
        var now = clock.GetUtcNow();
        switch (Decisions.Input(body.Decision))
        {
            case Decisions.Approve: // the amendment is accepted
                request.Accept();
                var key = await keys.Get(db, row.RecordId!, ct);
                var changes = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string?>>>(RecordKeys.Open(key, row.RecordId!, "amendment/" + row.Id, row.Changes!))!;
                await amend.Apply(caller, row.RecordId!, changes, $"Privacy Act amendment request {row.Id}", "privacy_act_request", ct);
                break;
            case Decisions.Reject: // refused, with the reasons (39 CFR 266)
                request.Refuse(body.Reasons);
                row.RefusalReasons = body.Reasons!.Trim();
                break;
            default:
                throw ApiException.Invalid("decision_invalid", "decision is \"approve\" or \"reject\" (the rule's \"accept\" or \"refuse\")", "decision");
        }
        row.Status = request.Status;
        row.DecidedBy = caller.UserOrKeyId;
        row.DecidedAt = now;
        await db.SaveChangesAsync(ct);
        return PrivacyRequestView.From(row);
    }
}
