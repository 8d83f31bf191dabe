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

/// <summary>A disclosure outside the Postal Service: which record, to whom (name and address), under which routine use, why.</summary>
public sealed record DisclosureRequest(string? RecordId, string? Recipient, string? RecipientAddress, string? RoutineUse, string? Purpose,
    IReadOnlyList<string>? Categories, bool IncludeAch = false);

/// <summary>One line of the accounting of disclosures (5 U.S.C. 552a(c)(1)): date, nature and purpose, recipient — never a value.</summary>
public sealed record DisclosureView(string Id, string Object, string RecordId, string LicenseeId, string Recipient, string RecipientAddress,
    string RoutineUse, int RoutineUseNumber, string RoutineUseTitle, string Purpose, IReadOnlyList<string> Records, string DisclosedBy, DateTimeOffset DisclosedAt)
{
    public static DisclosureView From(DisclosureRow r)
    {
        var use = RoutineUses.Find(r.RoutineUse);
        return new(r.Id, "disclosure", r.RecordId, r.LicenseeId, r.Recipient, r.RecipientAddress, r.RoutineUse, use?.Number ?? 0, use?.Title ?? r.RoutineUse,
            r.Purpose, JsonSerializer.Deserialize<string[]>(r.Records) ?? [], r.DisclosedBy, r.DisclosedAt);
    }
}

/// <summary>What left: the accounting line and the values handed to the recipient (this answer only; the line keeps no value).</summary>
public sealed record DisclosedRecordView(DisclosureView Disclosure, IReadOnlyDictionary<string, Dictionary<string, string>> Categories, IReadOnlyList<AchView> Ach);

/// <summary>
/// Disclosures of customer records outside the Postal Service and their accounting (5 U.S.C. 552a(c)):
/// a record leaves this system only through <see cref="Disclose"/>, which records the date, the nature
/// and purpose, the routine use of notice 820.100 and the recipient's name and address in the same
/// transaction as the values are read. The accounting is listed to the privacy officer and, on request,
/// to the person the record is about (552a(c)(3)) once the privacy officer has verified who is asking.
/// Disclosures to the person itself (a Privacy Act report) are made under 552a(d), not (b), and need
/// no accounting; reads by Postal Service staff and the provider operating the system for it are
/// uses inside the agency (552a(b)(1), (m)) and are in the access log instead.
/// </summary>
public sealed class Disclosures(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    private static readonly Access Officer = Access.For(Caller.PrivacyOfficerRole);

    /// <summary>The privacy officer discloses a record (or some of its categories) under a routine use; the accounting line is written with it.</summary>
    public Task<DisclosedRecordView> Disclose(Caller caller, DisclosureRequest body, CancellationToken ct) => pipeline.Run(caller, Officer, async ct =>
    {
        var errors = new ValidationErrors();
        var recipient = body.Recipient?.Trim();
        var address = body.RecipientAddress?.Trim();
        var purpose = body.Purpose?.Trim();
        if (string.IsNullOrEmpty(body.RecordId)) errors.Add("record_id_required", "record_id names the customer record disclosed", "record_id");
        if (recipient is not { Length: > 0 and <= 200 }) errors.Add("recipient_required", "recipient names the person or agency the record is disclosed to (1 to 200 characters; 552a(c)(1))", "recipient");
        if (address is not { Length: > 0 and <= 500 }) errors.Add("recipient_address_required", "recipient_address is the recipient's address (up to 500 characters; 552a(c)(1))", "recipient_address");
        if (purpose is not { Length: > 0 and <= 500 }) errors.Add("purpose_required", "purpose states the nature and purpose of the disclosure (up to 500 characters; 552a(c)(1))", "purpose");
        var rule = new DisclosureMustBeUnderARoutineUseRule(body.RoutineUse);
        if (rule.IsBroken()) errors.Add(rule.Code, rule.Message, "routine_use");
        var customerSystems = new RoutineUseMustApplyToCustomerSystemsRule(body.RoutineUse);
        if (customerSystems.IsBroken()) errors.Add(customerSystems.Code, customerSystems.Message, "routine_use");
        foreach (var c in body.Categories ?? [])
            if (!CustomerRecordSchema.Categories.ContainsKey(c))
                errors.Add("category_unknown", $"'{c}' is not a category of notice 820.100", "categories");
        errors.ThrowIfAny();

        var row = await CustomerAccess.Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(r => r.Id == body.RecordId, ct)
                  ?? throw ApiException.NotFound("customer_record", body.RecordId!);
        var key = await keys.Get(db, row.Id, ct);
        var document = CustomerRecords.Read(row, key);
        var wanted = body.Categories is { Count: > 0 } list ? list.ToHashSet(StringComparer.Ordinal) : document.Keys.ToHashSet(StringComparer.Ordinal);
        // Only what the routine use needs leaves: the categories asked for; sensitive values stay masked.
        var shown = document.Where(c => wanted.Contains(c.Key))
            .ToDictionary(c => c.Key, c => c.Value.ToDictionary(f => f.Key, f => CustomerRecordSchema.Display(f.Key, f.Value)));
        var ach = body.IncludeAch ? await CustomerRecords.AchViews(db, row.Id, key, ct) : [];
        var records = shown.Keys.Order(StringComparer.Ordinal).Select(c => $"customer_record v{row.Version}: {c}").ToList();
        if (body.IncludeAch) records.Add($"ach_records: {ach.Count}");
        var now = clock.GetUtcNow();
        var line = new DisclosureRow
        {
            Id = Ids.New("dsc"), RecordId = row.Id, LicenseeId = row.LicenseeId, Recipient = recipient!, RecipientAddress = address!,
            RoutineUse = body.RoutineUse!, Purpose = purpose!, Records = JsonSerializer.Serialize(records), DisclosedBy = caller.UserOrKeyId, DisclosedAt = now,
        };
        db.Disclosures.Add(line);
        CustomerAccess.Log(db, caller, row.Id, "disclose", "privacy_act_request", now);
        return new DisclosedRecordView(DisclosureView.From(line), shown, ach);
    }, ct);

    /// <summary>
    /// What a disclosure handed over, read again for the privacy officer who shows it after the form that made it
    /// (post/redirect/get, so the form discloses once however often it is sent): the categories its accounting line
    /// lists, as the record now holds them, masked as they were. A read inside the agency, so it is in the access log
    /// (552a(b)(1)), not a second line of the accounting.
    /// </summary>
    public Task<DisclosedRecordView> Shown(Caller caller, string disclosureId, CancellationToken ct) => pipeline.Run(caller, Officer, async ct =>
    {
        var line = await (await Visible(caller, ct)).AsNoTracking().FirstOrDefaultAsync(d => d.Id == disclosureId, ct)
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

    /// <summary>
    /// The accounting visible to the caller: the privacy officer sees every disclosure of its mode's
    /// customers; a customer sees the disclosures of its own records once it has a verified Privacy Act
    /// inquiry (39 CFR 266.6, 552a(c)(3)); nobody else sees any.
    /// </summary>
    public async Task<IQueryable<DisclosureRow>> Visible(Caller caller, CancellationToken ct)
    {
        switch (caller.Role)
        {
            case Caller.PrivacyOfficerRole:
                return db.Disclosures.Where(d => db.Licensees.Any(l => l.Id == d.LicenseeId && l.Sandbox == caller.IsSandbox));
            case Caller.LicenseeRole:
                if (!await Verified(caller, ct)) throw new ApiException(403, "identity_not_verified", NotVerified);
                return db.Disclosures.Where(d => d.LicenseeId == caller.LicenseeId);
            default:
                throw new ApiException(403, "forbidden", "the accounting of disclosures is kept for the privacy officer and listed to the person it is about");
        }
    }

    /// <summary>Why a customer without a verified Privacy Act inquiry is not given its accounting yet.</summary>
    public const string NotVerified =
        "the accounting of disclosures is given to a requester whose identity the privacy officer has verified: submit a Privacy Act inquiry first (39 CFR 266.6)";

    /// <summary>Whether the caller, a customer, has a Privacy Act inquiry whose identity was verified (39 CFR 266.6); the accounting is listed to it only then.</summary>
    public Task<bool> Verified(Caller caller, CancellationToken ct) =>
        db.PrivacyRequests.AnyAsync(r => r.RequesterLicenseeId == caller.LicenseeId && r.Kind == "inquiry" && r.VerifiedAt != null, ct);

    /// <summary>One page of the accounting, newest first.</summary>
    public async Task<ListView<DisclosureView>> List(Caller caller, PageQuery page, CancellationToken ct) =>
        await Lists.Page((await Visible(caller, ct)).AsNoTracking(), page, Lists.NewestFirst<DisclosureRow>(d => d.DisclosedAt, d => d.Id), DisclosureView.From, ct);
}
