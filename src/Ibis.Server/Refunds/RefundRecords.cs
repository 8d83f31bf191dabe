using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>
/// Who sees which refunds, and the small writes every refund use case shares (its history, the release
/// of its claimed pieces). A licensee sees its own, a provider its licensees', the Postal Service's
/// duties every refund of their mode; anything else is reported as not found, so ids cannot be probed.
/// </summary>
public static class RefundRecords
{
    /// <summary>The Postal Service duties that read refunds: the coordinator approves, the others may audit (§502.27(a)(7)).</summary>
    public static readonly string[] PostalReaders = [Caller.RefundCoordinatorRole, Caller.PostalRole, Caller.AuditorRole, Caller.InspectorRole];

    public static IQueryable<RefundRequestRow> Visible(IbisDb db, Caller caller)
    {
        var mine = db.RefundRequests.Where(r => r.Sandbox == caller.IsSandbox);
        return caller.Role switch
        {
            Caller.LicenseeRole => mine.Where(r => r.LicenseeId == caller.LicenseeId),
            Caller.ProviderRole => mine.Where(r => r.ProviderId == caller.ProviderId),
            _ when PostalReaders.Contains(caller.Role) => mine,
            _ => mine.Where(_ => false),
        };
    }

    public static async Task<RefundRequestRow> Load(IbisDb db, Caller caller, string refundId, CancellationToken ct) =>
        (Ids.HasShape(refundId, "rfd") ? await Visible(db, caller).FirstOrDefaultAsync(r => r.Id == refundId, ct) : null)
        ?? throw new BusinessRuleViolationException(new BrokenRule("refund_not_found", $"no refund '{refundId}' exists (or it is not yours)", null, RuleKind.NotFound));

    /// <summary>
    /// Loads a refund to change it, locked for the rest of the transaction (PostgreSQL row lock; SQLite
    /// writers already take turns), so two approvals racing on two nodes cannot both see "certified".
    /// </summary>
    public static async Task<RefundRequestRow> LoadForUpdate(IbisDb db, Caller caller, string refundId, CancellationToken ct)
    {
        var row = !Ids.HasShape(refundId, "rfd") ? null : db.IsPostgres
            ? await db.RefundRequests.FromSql($"SELECT * FROM refund_requests WHERE \"Id\" = {refundId} FOR UPDATE").SingleOrDefaultAsync(ct)
            : await db.RefundRequests.SingleOrDefaultAsync(r => r.Id == refundId, ct);
        if (row is null || !await Visible(db, caller).AnyAsync(r => r.Id == refundId, ct))
            throw new BusinessRuleViolationException(new BrokenRule("refund_not_found", $"no refund '{refundId}' exists (or it is not yours)", null, RuleKind.NotFound));
        return row;
    }

    public static Refund Aggregate(RefundRequestRow row) => Refund.Load(row.Id, row.Kind, row.Status);

    /// <summary>Appends to the refund's history; events are numbered per refund (the refund row is locked while it changes).</summary>
    public static async Task Record(IbisDb db, RefundRequestRow row, string kind, string actor, string? detail, DateTimeOffset at, CancellationToken ct)
    {
        var stored = await db.RefundEvents.CountAsync(e => e.RefundId == row.Id, ct);
        var added = db.RefundEvents.Local.Count(e => e.RefundId == row.Id && db.Entry(e).State == EntityState.Added);
        db.RefundEvents.Add(new RefundEventRow
        {
            RefundId = row.Id, Id = "rev_" + (stored + added + 1).ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
            Kind = kind, Actor = actor, Detail = detail, CreatedAt = at,
        });
    }

    /// <summary>A rejected request gives its pieces back: they were never refunded, so they may be asked for again.</summary>
    public static Task ReleaseClaims(IbisDb db, string refundId, CancellationToken ct) =>
        db.RefundedPieces.Where(p => p.RefundId == refundId).ExecuteDeleteAsync(ct);

    public static async Task<RefundView> View(IbisDb db, RefundRequestRow row, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var pieces = await db.RefundPieces.AsNoTracking().Where(p => p.RefundId == row.Id).ToListAsync(ct);
        var pages = await db.RefundPages.AsNoTracking().Where(p => p.RefundId == row.Id).ToListAsync(ct);
        var events = await db.RefundEvents.AsNoTracking().Where(e => e.RefundId == row.Id).ToListAsync(ct);
        var receipts = row.ReceivedAt is null ? [] : await db.RefundReceipts.AsNoTracking().Where(p => p.RefundId == row.Id).ToListAsync(ct);
        return RefundView.From(row, pieces, pages, events, receipts);
    }
}
