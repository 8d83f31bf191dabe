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

/// <summary>
/// Disclosures of customer records outside the Postal Service and their accounting (5 U.S.C. 552a(c)): a record
/// leaves this system only through this use case, which records the date, the nature and purpose, the routine use
/// of notice 820.100 and the recipient's name and address in the same transaction as the values are read. Only
/// what the routine use needs leaves: the categories asked for, sensitive values masked. Disclosures to the person
/// itself (a Privacy Act report) are made under 552a(d), not (b), and need no accounting; reads by Postal Service
/// staff and the provider operating the system for it are uses inside the agency (552a(b)(1), (m)) and are in the
/// access log instead.
/// </summary>
public sealed class DiscloseRecord(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.PrivacyOfficerRole);

    public Task<DisclosedRecordView> Handle(Caller caller, DisclosureRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
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
}
