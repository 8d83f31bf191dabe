using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Money;
using Ibis.Domain.Refunds;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// What a caller looks for among printed pieces. Every field is optional; all given ones must hold.
/// The API spells them <c>device</c>, <c>class</c>, <c>created[gte]</c>, <c>created[lt]</c>, <c>zip</c>,
/// <c>amount</c>, <c>piece</c> and <c>status</c>.
/// </summary>
public sealed record IndiciaFilter
{
    public string? DeviceId { get; init; }
    public string? MailClass { get; init; }
    public DateTimeOffset? CreatedGte { get; init; }
    public DateTimeOffset? CreatedLt { get; init; }
    /// <summary>The destination ZIP Code (5 digits) the piece was printed for.</summary>
    public string? Zip { get; init; }
    /// <summary>The postage printed, exactly.</summary>
    public Mills? Amount { get; init; }
    /// <summary>The device's piece number (the serial of the piece in its indicium), or an indicium id.</summary>
    public string? Serial { get; init; }
    /// <summary>printed (no refund asked), refund_requested, refunded (paid).</summary>
    public string? Status { get; init; }

    public static readonly string[] Statuses = [PieceStatus.Printed, PieceStatus.RefundRequested, PieceStatus.Refunded];

    /// <summary>Reads the filter from text (query string or form); bad text is a 400 naming the parameter.</summary>
    public static IndiciaFilter Parse(string? device, string? mailClass, string? createdGte, string? createdLt, string? zip, string? amount, string? serial, string? status)
    {
        var filter = new IndiciaFilter
        {
            DeviceId = Blank(device),
            MailClass = Blank(mailClass),
            CreatedGte = Instant(createdGte, "created[gte]"),
            CreatedLt = Instant(createdLt, "created[lt]"),
            Serial = Blank(serial),
            Status = Blank(status),
        };
        if (Blank(zip) is { } z)
        {
            var parsed = Domain.Zip5.Parse(z.Length > 5 && z[5] == '-' ? z[..5] : z);
            if (!parsed.Success) throw ApiException.Invalid("zip_invalid", $"zip: '{z}' is not a 5-digit ZIP Code", "zip");
            filter = filter with { Zip = parsed.Value.ToString() };
        }
        if (Blank(amount) is { } a)
        {
            var parsed = Mills.ParseDollars(a.TrimStart('$'));
            if (!parsed.Success) throw ApiException.Invalid("amount_invalid", $"amount: '{a}' is not an amount in dollars (0.740)", "amount");
            filter = filter with { Amount = parsed.Value };
        }
        if (filter.MailClass is { } c && Domain.Rates.RateCategory.All.All(x => x.MailClass != c))
            throw ApiException.Invalid("mail_class_unknown", $"class '{c}' is not one of: {string.Join(", ", Domain.Rates.RateCategory.All.Select(x => x.MailClass).Distinct())}", "class");
        if (filter.Status is { } s && !Statuses.Contains(s))
            throw ApiException.Invalid("status_unknown", $"status '{s}' is not one of: {string.Join(", ", Statuses)}", "status");
        return filter;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A date (midnight UTC) or an ISO 8601 date and time with its offset.</summary>
    private static DateTimeOffset? Instant(string? text, string field)
    {
        if (Blank(text) is not { } t) return null;
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at.ToUniversalTime();
        throw ApiException.Invalid("created_invalid", $"{field}: '{t}' is not a date (YYYY-MM-DD) or an ISO 8601 time", field);
    }
}

/// <summary>Where a printed piece stands with refunds (P050 3.3, §502.27(a)).</summary>
internal static class PieceStatus
{
    public const string Printed = "printed";
    public const string RefundRequested = "refund_requested";
    public const string Refunded = "refunded";
}

/// <summary>One printed piece in a history list: the indicium, its device's number, its refund standing.</summary>
public sealed record HistoryEntry(IndiciumRow Row, string Status, string? RefundId);

/// <summary>A page of history, newest first; <see cref="HasMore"/> is true when a further page exists.</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, bool HasMore);

/// <summary>
/// Every printed piece a caller may see, searched, filtered and paged — the one query behind the
/// licensee's History page and <c>GET /v1/indicia</c>. A licensee sees its own pieces, a provider its
/// customers' (as <see cref="Devices.DeviceAccess.MayUse"/>), each only of its own mode (sandbox or
/// live, DESIGN §3). Pages are newest first and cursor-paged by indicium id; one extra row is read to
/// know whether more follow, so <c>has_more</c> is never a guess.
/// </summary>
public sealed class IndiciaHistory(IbisDb db)
{
    public const int MaxLimit = 100;
    public const int DefaultLimit = 20;

    /// <summary>Only a licensee or a provider has printed pieces to look through.</summary>
    public static void CheckRole(Caller caller)
    {
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole))
            throw new ApiException(403, "forbidden", "only a licensee (its own pieces) or a provider (its customers') lists printed indicia", null);
    }

    /// <summary>Newest first, by creation time then id: the shared cursor order of every list (<see cref="Lists"/>).</summary>
    private static readonly ListOrder<IndiciumRow, DateTimeOffset> Order = Lists.NewestFirst<IndiciumRow>(i => i.CreatedAt, i => i.Id);

    /// <summary>
    /// One page as every list pages (<see cref="PageQuery"/>: <c>limit</c>, <c>starting_after</c>, <c>ending_before</c>,
    /// <c>created[gte|lt]</c>); the cursor must be a piece of the caller's own filtered list — another's id is as unknown as a made-up one.
    /// </summary>
    public async Task<HistoryPage> Page(Caller caller, IndiciaFilter filter, PageQuery page, CancellationToken ct)
    {
        CheckRole(caller);
        var rows = await Lists.Rows(Filtered(caller, filter), page, Order, ct);
        return new HistoryPage(await WithStatus(rows.Rows.ToList(), ct), rows.HasMore);
    }

    /// <summary>The portal's page: <paramref name="limit"/> pieces after <paramref name="startingAfter"/>, created filters from <paramref name="filter"/>.</summary>
    public Task<HistoryPage> Page(Caller caller, IndiciaFilter filter, int limit, string? startingAfter, CancellationToken ct) =>
        Page(caller, filter, new PageQuery(limit, string.IsNullOrEmpty(startingAfter) ? null : startingAfter, null, null, null), ct);

    /// <summary>Every piece matching the filter, newest first, for an export (at most <paramref name="max"/>).</summary>
    public async Task<IReadOnlyList<HistoryEntry>> All(Caller caller, IndiciaFilter filter, int max, CancellationToken ct)
    {
        CheckRole(caller);
        var rows = await Filtered(caller, filter).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(max).ToListAsync(ct);
        return await WithStatus(rows, ct);
    }

    /// <summary>Pieces by id, those the caller may see only, in the order asked.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> ByIds(Caller caller, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        CheckRole(caller);
        var rows = await Visible(caller).Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        var found = await WithStatus(rows, ct);
        return ids.Select(id => found.FirstOrDefault(e => e.Row.Id == id)).OfType<HistoryEntry>().ToList();
    }

    /// <summary>
    /// The pieces of one printed batch, in print order: a batch is one device transaction, in which the device's
    /// piece count moves under its lock, so its pieces are that device's pieces <paramref name="first"/> to
    /// <paramref name="last"/>. Only a device the caller may see; nothing for a range no batch can span.
    /// </summary>
    public async Task<IReadOnlyList<IndiciumRow>> Batch(Caller caller, string deviceId, long first, long last, CancellationToken ct)
    {
        CheckRole(caller);
        if (first < 1 || last < first || last - first >= PrintIndicium.MaxBatch) return [];
        return await Visible(caller).Where(i => i.DeviceId == deviceId && i.PieceNumber >= first && i.PieceNumber <= last)
            .OrderBy(i => i.PieceNumber).ToListAsync(ct);
    }

    /// <summary>The caller's devices (id → device number) for the filter's choices and the list's column.</summary>
    public async Task<IReadOnlyList<DeviceRow>> Devices(Caller caller, CancellationToken ct)
    {
        CheckRole(caller);
        return await VisibleDevices(caller).OrderBy(d => d.Id).ToListAsync(ct);
    }

    private IQueryable<DeviceRow> VisibleDevices(Caller caller) => db.Devices.AsNoTracking().Where(d => d.Sandbox == caller.IsSandbox
        && ((caller.Role == Caller.LicenseeRole && d.LicenseeId == caller.LicenseeId)
            || (caller.Role == Caller.ProviderRole && d.ProviderId == caller.ProviderId)));

    private IQueryable<IndiciumRow> Visible(Caller caller)
    {
        var devices = VisibleDevices(caller).Select(d => d.Id);
        return db.Indicia.AsNoTracking().Where(i => devices.Contains(i.DeviceId));
    }

    private IQueryable<IndiciumRow> Filtered(Caller caller, IndiciaFilter f)
    {
        var q = Visible(caller);
        if (f.DeviceId is { } device) q = q.Where(i => i.DeviceId == device);
        if (f.MailClass is { } mailClass) q = q.Where(i => i.MailClass == mailClass);
        if (f.CreatedGte is { } gte) q = q.Where(i => i.CreatedAt >= gte);
        if (f.CreatedLt is { } lt) q = q.Where(i => i.CreatedAt < lt);
        if (f.Zip is { } zip) q = q.Where(i => i.DestinationZip == zip);
        if (f.Amount is { } amount) q = q.Where(i => i.PostageMills == amount.Value);
        if (f.Serial is { } serial)
            q = long.TryParse(serial, NumberStyles.None, CultureInfo.InvariantCulture, out var piece)
                ? q.Where(i => i.PieceNumber == piece)
                : q.Where(i => i.Id == serial);
        var claims = db.RefundedPieces.AsNoTracking();
        var paid = claims.Where(c => db.RefundRequests.Any(r => r.Id == c.RefundId && r.Status == RefundStatus.Paid)).Select(c => c.IndiciumId);
        q = f.Status switch
        {
            PieceStatus.Printed => q.Where(i => !claims.Any(c => c.IndiciumId == i.Id)),
            PieceStatus.Refunded => q.Where(i => paid.Contains(i.Id)),
            PieceStatus.RefundRequested => q.Where(i => claims.Any(c => c.IndiciumId == i.Id) && !paid.Contains(i.Id)),
            _ => q,
        };
        return q;
    }

    /// <summary>Each piece's refund standing: claimed by a refund (not rejected) is requested; paid is refunded.</summary>
    private async Task<IReadOnlyList<HistoryEntry>> WithStatus(List<IndiciumRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var claims = await db.RefundedPieces.AsNoTracking().Where(c => ids.Contains(c.IndiciumId))
            .Select(c => new { c.IndiciumId, c.RefundId, Status = db.RefundRequests.Where(r => r.Id == c.RefundId).Select(r => (RefundStatus?)r.Status).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            var claim = claims.FirstOrDefault(c => c.IndiciumId == r.Id);
            var status = claim is null ? PieceStatus.Printed : claim.Status == RefundStatus.Paid ? PieceStatus.Refunded : PieceStatus.RefundRequested;
            return new HistoryEntry(r, status, claim?.RefundId);
        }).ToList();
    }
}
