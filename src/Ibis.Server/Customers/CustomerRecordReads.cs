using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

/// <summary>
/// The reads of customer records (notice 820.100): one record, a search by name, customer ID or logon ID
/// ("Retrievability"), its access log and its earlier versions, for the roles <see cref="CustomerAccess"/> allows.
/// Every record read is written to the access log with the reader's purpose — the log line is part of the read.
/// </summary>
public sealed class CustomerRecordReads(IbisDb db, RecordKeys keys, TimeProvider clock)
{
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
        return await CustomerRecords.View(db, caller, row, key, ct);
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
        if (name is not null) { var n = CustomerRecords.Normalize(name); query = query.Where(r => r.CustomerName == n); }
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
            views.Add(await CustomerRecords.View(db, caller, row, key, ct));
        }
        await db.SaveChangesAsync(ct);
        return ListView<CustomerRecordView>.Of(views, hasMore);
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
}
