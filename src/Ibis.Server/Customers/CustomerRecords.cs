using System.Security.Cryptography;
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

public sealed record CustomerRecordRequest(string? LicenseeId, string? CustomerName, string? LogonId,
    Dictionary<string, Dictionary<string, string>>? Categories, AchInput? Ach);

public sealed record CustomerAmendRequest(Dictionary<string, Dictionary<string, string?>>? Changes, string? Reason);

public sealed record AchView(string Id, string RoutingNumber, string AccountNumber, DateTimeOffset CreatedAt);

public sealed record CustomerRecordView(string Id, string Object, string LicenseeId, string ProviderId, string CustomerName, string CustomerId,
    string? LogonId, int Version, IReadOnlyDictionary<string, Dictionary<string, string>> Categories, IReadOnlyList<AchView> Ach,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? RelationshipEndedAt);

/// <summary>An earlier version of a record: who replaced it, when and why — the sealed values stay sealed.</summary>
public sealed record RecordVersionView(int Version, string ChangedBy, string Reason, DateTimeOffset ChangedAt);

public sealed record AccessLogView(string Id, string RecordId, string Actor, string Role, string Action, string Purpose, DateTimeOffset At);

/// <summary>
/// Customer records of system 820.100: created by the provider for its customer (or by the licensee
/// for itself), read and searched by the roles <see cref="CustomerAccess"/> allows — every read and
/// change written to the access log — and amended with their earlier versions kept.
/// </summary>
public sealed class CustomerRecords(IbisDb db, RecordKeys keys, TimeProvider clock)
{
    private const string DocumentContext = "customer_record";
    private const string AchContext = "ach";

    public async Task<CustomerRecordView> Create(Caller caller, CustomerRecordRequest body, string purpose, CancellationToken ct)
    {
        var licenseeId = caller.Role == Caller.LicenseeRole ? body.LicenseeId ?? caller.LicenseeId! : body.LicenseeId
            ?? throw ApiException.Invalid("licensee_id_required", "licensee_id names the customer the record is about", "licensee_id");
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole))
            throw new ApiException(403, "forbidden", "customer records are created by the provider for its customer, or by the licensee for itself");
        var licensee = await db.Licensees.AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenseeId, ct);
        if (licensee is null || !CustomerAccess.MaySee(caller, licensee.Id, licensee.ProviderId)) throw ApiException.NotFound("licensee", licenseeId);
        var name = (body.CustomerName ?? "").Trim();
        if (name.Length is 0 or > 200) throw ApiException.Invalid("customer_name_required", "customer_name is the customer's name (1 to 200 characters)", "customer_name");
        var document = Validate(body.Categories ?? []);
        (string Routing, string Account, string Holder)? ach = body.Ach is null ? null : ValidateAch(body.Ach);
        var logonId = body.LogonId?.Trim();
        if (logonId is { Length: 0 or > 100 }) throw ApiException.Invalid("logon_id_invalid", "logon_id is 1 to 100 characters", "logon_id");
        if (await db.CustomerRecords.AnyAsync(r => r.LicenseeId == licenseeId, ct))
            throw new ApiException(409, "customer_record_exists", $"licensee {licenseeId} already has a customer record; amend it instead", "licensee_id");

        var now = clock.GetUtcNow();
        var row = new CustomerRecordRow
        {
            Id = Ids.New("rec"), LicenseeId = licenseeId, ProviderId = licensee.ProviderId, CustomerName = Normalize(name),
            CustomerNumber = "C" + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
            LogonId = logonId, Document = [], Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        var key = keys.Create(db, row.Id, now);
        row.Document = RecordKeys.Seal(key, row.Id, DocumentContext, JsonSerializer.Serialize(document));
        db.CustomerRecords.Add(row);
        if (ach is { } a) AddAch(row.Id, key, a, now);
        if (logonId is not null)
            db.SecurityAccess.Add(new SecurityAccessRow { Id = Ids.New("sec"), RecordId = row.Id, Privilege = "portal_logon", GrantedAt = now });
        CustomerAccess.Log(db, caller, row.Id, "create", purpose, now);
        await db.SaveChangesAsync(ct);
        return await View(caller, row, key, ct);
    }

    public async Task<CustomerRecordView> Get(Caller caller, string id, string purpose, CancellationToken ct) =>
        await Read(caller, id, purpose, ct) ?? throw RecordKeys.Disposed(id);

    /// <summary>
    /// The record as <see cref="Get"/> reads it (a logged read), or null when its data was disposed of under the
    /// retention schedule — for a page that shows what remains of a request about it.
    /// </summary>
    public async Task<CustomerRecordView?> Read(Caller caller, string id, string purpose, CancellationToken ct)
    {
        var row = await CustomerAccess.Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
                  ?? throw ApiException.NotFound("customer_record", id);
        if (await keys.Find(db, row.Id, ct) is not { } key) return null;
        CustomerAccess.Log(db, caller, row.Id, "read", purpose, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await View(caller, row, key, ct);
    }

    /// <summary>Retrieval by customer name, customer ID or logon ID (notice 820.100 "Retrievability").</summary>
    public async Task<List<CustomerRecordView>> Search(Caller caller, string? name, string? customerId, string? logonId, string purpose, CancellationToken ct, bool ownRecord = false) =>
        (await Search(caller, name, customerId, logonId, purpose, new PageQuery(50, null, null, null, null), ct, ownRecord, oldestFirst: true)).Data.ToList();

    /// <summary>
    /// GET /v1/customers: one page of the records found, newest first (or by id, for the portal's
    /// search); only the records on the page are read, so only they are logged as read.
    /// </summary>
    public async Task<ListView<CustomerRecordView>> Search(Caller caller, string? name, string? customerId, string? logonId, string purpose, PageQuery page,
        CancellationToken ct, bool ownRecord = false, bool oldestFirst = false)
    {
        if (name is null && customerId is null && logonId is null && !(ownRecord && caller.Role == Caller.LicenseeRole))
            throw ApiException.Invalid("search_key_required", "retrieve customer records by name, customer_id or logon_id (notice 820.100 Retrievability)", "name");
        var query = CustomerAccess.Visible(db, caller).AsNoTracking();
        if (name is not null) { var n = Normalize(name); query = query.Where(r => r.CustomerName == n); }
        if (customerId is not null) query = query.Where(r => r.CustomerNumber == customerId.Trim());
        if (logonId is not null) query = query.Where(r => r.LogonId == logonId.Trim());
        var (rows, hasMore) = oldestFirst
            ? await Lists.Rows(query, page, new ListOrder<CustomerRecordRow, string>(r => r.Id, r => r.Id, Descending: false, Created: r => r.CreatedAt), ct)
            : await Lists.Rows(query, page, Lists.NewestFirst<CustomerRecordRow>(r => r.CreatedAt, r => r.Id), ct);
        var now = clock.GetUtcNow();
        var views = new List<CustomerRecordView>();
        foreach (var row in rows)
        {
            var key = await keys.Find(db, row.Id, ct);
            if (key is null) continue;
            CustomerAccess.Log(db, caller, row.Id, "read", purpose, now);
            views.Add(await View(caller, row, key, ct));
        }
        await db.SaveChangesAsync(ct);
        return ListView<CustomerRecordView>.Of(views, hasMore);
    }

    /// <summary>Corrects a record; the previous version is kept, sealed under the same key (contesting procedures).</summary>
    public async Task<CustomerRecordView> Amend(Caller caller, string id, Dictionary<string, Dictionary<string, string?>> changes, string reason, string purpose, CancellationToken ct)
    {
        var row = await CustomerAccess.Visible(db, caller).FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("customer_record", id);
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole or Caller.PrivacyOfficerRole))
            throw new ApiException(403, "forbidden", "your duty does not include changing customer records");
        if (string.IsNullOrWhiteSpace(reason)) throw ApiException.Invalid("reason_required", "an amendment states why the record is corrected", "reason");
        var key = await keys.Get(db, row.Id, ct);
        var document = ApplyChanges(Read(row, key), changes);
        var now = clock.GetUtcNow();
        db.CustomerRecordVersions.Add(new CustomerRecordVersionRow
        {
            Id = Ids.New("rev"), RecordId = row.Id, Version = row.Version, Document = row.Document, ChangedBy = caller.UserOrKeyId, Reason = reason, ChangedAt = now,
        });
        row.Document = RecordKeys.Seal(key, row.Id, DocumentContext, JsonSerializer.Serialize(document));
        row.Version++;
        row.UpdatedAt = now;
        CustomerAccess.Log(db, caller, row.Id, "amend", purpose, now);
        await db.SaveChangesAsync(ct);
        return await View(caller, row, key, ct);
    }

    /// <summary>The relationship ended (retention rule 4 counts from here); logon privileges are cancelled (rule 3).</summary>
    public async Task<CustomerRecordView> EndRelationship(Caller caller, string id, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) throw new ApiException(403, "forbidden", "the provider ends the customer relationship");
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
        await db.SaveChangesAsync(ct);
        return await View(caller, row, key, ct);
    }

    /// <summary>A computer access by the customer (retention rule 1).</summary>
    public async Task RecordLogon(string licenseeId, string logonId, CancellationToken ct)
    {
        var recordId = await db.CustomerRecords.Where(r => r.LicenseeId == licenseeId).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (recordId is null) return;
        db.LogonRecords.Add(new LogonRecordRow { Id = Ids.New("lgn"), RecordId = recordId, LogonId = logonId, At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<AccessLogView>> AccessLog(Caller caller, string id, CancellationToken ct)
    {
        var visible = caller.Role is Caller.PrivacyOfficerRole or Caller.LicenseeRole
            && await CustomerAccess.Visible(db, caller).AnyAsync(r => r.Id == id, ct);
        if (!visible) throw ApiException.NotFound("customer_record", id);
        return await db.RecordAccessLog.AsNoTracking().Where(a => a.RecordId == id).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new AccessLogView(a.Id, a.RecordId, a.Actor, a.Role, a.Action, a.Purpose, a.At)).ToListAsync(ct);
    }

    /// <summary>GET /v1/customers/{id}/access-log: one page of the log, oldest first.</summary>
    public async Task<ListView<AccessLogView>> AccessLog(Caller caller, string id, PageQuery page, CancellationToken ct)
    {
        var visible = caller.Role is Caller.PrivacyOfficerRole or Caller.LicenseeRole
            && await CustomerAccess.Visible(db, caller).AnyAsync(r => r.Id == id, ct);
        if (!visible) throw ApiException.NotFound("customer_record", id);
        return await Lists.Page(db.RecordAccessLog.AsNoTracking().Where(a => a.RecordId == id), page,
            new ListOrder<RecordAccessRow, DateTimeOffset>(a => a.At, a => a.Id, Descending: false, Created: a => a.At),
            a => new AccessLogView(a.Id, a.RecordId, a.Actor, a.Role, a.Action, a.Purpose, a.At), ct);
    }

    /// <summary>The record's history (contesting procedures keep every earlier version), newest first, for those who may see the record.</summary>
    public async Task<List<RecordVersionView>> History(Caller caller, string id, CancellationToken ct)
    {
        if (!await CustomerAccess.Visible(db, caller).AnyAsync(r => r.Id == id, ct)) throw ApiException.NotFound("customer_record", id);
        return await db.CustomerRecordVersions.AsNoTracking().Where(v => v.RecordId == id).OrderByDescending(v => v.Version)
            .Select(v => new RecordVersionView(v.Version, v.ChangedBy, v.Reason, v.ChangedAt)).ToListAsync(ct);
    }

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

    private static Dictionary<string, Dictionary<string, string>> Validate(Dictionary<string, Dictionary<string, string>> categories)
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

    private void AddAch(string recordId, byte[] key, (string Routing, string Account, string Holder) ach, DateTimeOffset now)
    {
        var id = Ids.New("ach");
        db.AchRecords.Add(new AchRecordRow
        {
            Id = id, RecordId = recordId, CreatedAt = now,
            Sealed = RecordKeys.Seal(key, recordId, AchContext + "/" + id, JsonSerializer.Serialize(new[] { ach.Routing, ach.Account, ach.Holder })),
        });
    }

    /// <summary>The record as the caller's duty may see it (<see cref="CustomerFieldPolicy.Record"/>), sensitive fields masked.</summary>
    private async Task<CustomerRecordView> View(Caller caller, CustomerRecordRow row, byte[] key, CancellationToken ct)
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
