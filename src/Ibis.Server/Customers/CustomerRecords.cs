using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

public sealed record AchInput(string? RoutingNumber, string? AccountNumber, string? AccountHolder);

public sealed record AchView(string Id, string RoutingNumber, string AccountNumber, DateTimeOffset CreatedAt);

public sealed record CustomerRecordView(string Id, string Object, string LicenseeId, string ProviderId, string CustomerName, string CustomerId,
    string? LogonId, int Version, IReadOnlyDictionary<string, Dictionary<string, string>> Categories, IReadOnlyList<AchView> Ach,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? RelationshipEndedAt);

/// <summary>An earlier version of a record: who replaced it, when and why — the sealed values stay sealed.</summary>
public sealed record RecordVersionView(int Version, string ChangedBy, string Reason, DateTimeOffset ChangedAt);

public sealed record AccessLogView(string Id, string RecordId, string Actor, string Role, string Action, string Purpose, DateTimeOffset At);

/// <summary>
/// Customer records of system 820.100: created by the provider for its customer (or by the licensee for itself,
/// <see cref="CreateCustomerRecord"/>), read and searched by the roles <see cref="CustomerAccess"/> allows
/// (<see cref="CustomerRecordReads"/>) — every read and change written to the access log — and amended with their
/// earlier versions kept (<see cref="AmendCustomerRecord"/>). What those use cases share: the sealed document, its
/// checks, its ACH records and the record as the caller's duty may see it.
/// </summary>
public static class CustomerRecords
{
    public const string DocumentContext = "customer_record";
    private const string AchContext = "ach";

    public static Dictionary<string, Dictionary<string, string>> Read(CustomerRecordRow row, byte[] key) =>
        JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(RecordKeys.Open(key, row.Id, DocumentContext, row.Document)) ?? [];

    public static Dictionary<string, Dictionary<string, string>> ApplyChanges(Dictionary<string, Dictionary<string, string>> document, Dictionary<string, Dictionary<string, string?>> changes)
    {
        if (changes.Count == 0) throw ApiException.Invalid("changes_required", "changes names at least one field to correct, by category", "changes");
        foreach (var (category, fields) in changes)
            foreach (var (field, value) in fields)
            {
                if (value is null)
                {
                    if (CustomerRecordSchema.Check(category, field, "x") is { Code: "category_unknown" or "field_not_in_category" } unknown)
                        throw new ApiException(400, unknown.Code, unknown.Message, unknown.Field);
                    if (document.TryGetValue(category, out var existing)) existing.Remove(field);
                    continue;
                }
                if (CustomerRecordSchema.Check(category, field, value) is { } broken) throw new ApiException(400, broken.Code, broken.Message, broken.Field);
                if (!document.TryGetValue(category, out var target)) document[category] = target = [];
                target[field] = value;
            }
        return document;
    }

    public static Dictionary<string, Dictionary<string, string>> Validate(Dictionary<string, Dictionary<string, string>> categories)
    {
        foreach (var (category, fields) in categories)
            foreach (var (field, value) in fields)
                if (CustomerRecordSchema.Check(category, field, value ?? "") is { } broken)
                    throw new ApiException(400, broken.Code, broken.Message, broken.Field);
        return categories;
    }

    public static (string Routing, string Account, string Holder) ValidateAch(AchInput ach)
    {
        var routing = ContactFields.RoutingNumber(ach.RoutingNumber);
        if (!routing.Success) throw ApiException.Invalid(routing.ErrorCode!, routing.ErrorMessage!, "ach.routing_number");
        var account = ContactFields.AccountNumber(ach.AccountNumber);
        if (!account.Success) throw ApiException.Invalid(account.ErrorCode!, account.ErrorMessage!, "ach.account_number");
        var holder = (ach.AccountHolder ?? "").Trim();
        if (holder.Length is 0 or > 200) throw ApiException.Invalid("account_holder_required", "ach.account_holder is the name on the bank account", "ach.account_holder");
        return (routing.Value, account.Value, holder);
    }

    public static void AddAch(IbisDb db, string recordId, byte[] key, (string Routing, string Account, string Holder) ach, DateTimeOffset now)
    {
        var id = Ids.New("ach");
        db.AchRecords.Add(new AchRecordRow
        {
            Id = id, RecordId = recordId, CreatedAt = now,
            Sealed = RecordKeys.Seal(key, recordId, AchContext + "/" + id, JsonSerializer.Serialize(new[] { ach.Routing, ach.Account, ach.Holder })),
        });
    }

    /// <summary>The record as the caller's duty may see it (<see cref="CustomerFieldPolicy.Record"/>), sensitive fields masked.</summary>
    public static async Task<CustomerRecordView> View(IbisDb db, Caller caller, CustomerRecordRow row, byte[] key, CancellationToken ct)
    {
        var fieldView = CustomerFieldPolicy.Record(caller.Role);
        var document = CustomerFieldPolicy.Apply(fieldView, Read(row, key));
        var shown = document.ToDictionary(c => c.Key, c => c.Value.ToDictionary(f => f.Key, f => CustomerRecordSchema.Display(f.Key, f.Value)));
        if (!fieldView.Ach)
            return new CustomerRecordView(row.Id, "customer_record", row.LicenseeId, row.ProviderId, row.CustomerName, row.CustomerNumber, row.LogonId,
                row.Version, shown, [], row.CreatedAt, row.UpdatedAt, row.RelationshipEndedAt);
        var ach = await AchViews(db, row.Id, key, ct);
        return new CustomerRecordView(row.Id, "customer_record", row.LicenseeId, row.ProviderId, row.CustomerName, row.CustomerNumber, row.LogonId,
            row.Version, shown, ach, row.CreatedAt, row.UpdatedAt, row.RelationshipEndedAt);
    }

    /// <summary>The record's ACH records, numbers masked.</summary>
    public static async Task<List<AchView>> AchViews(IbisDb db, string recordId, byte[] key, CancellationToken ct)
    {
        var achRows = db.AchRecords.Local.Where(a => a.RecordId == recordId).ToList();
        if (achRows.Count == 0) achRows = await db.AchRecords.AsNoTracking().Where(a => a.RecordId == recordId).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        return achRows.Select(a =>
        {
            var parts = JsonSerializer.Deserialize<string[]>(RecordKeys.Open(key, recordId, AchContext + "/" + a.Id, a.Sealed))!;
            return new AchView(a.Id, ContactFields.Mask(parts[0]), ContactFields.Mask(parts[1]), a.CreatedAt);
        }).ToList();
    }

    public static string Normalize(string name) => string.Join(' ', name.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
