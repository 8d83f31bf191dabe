using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Compliance;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>A duty as the API and the portal show it; <c>status</c> is due, overdue or done at the instant of the request.</summary>
public sealed record DutyView(
    string Id, string Object, string Rule, string Section, string Title, string SubjectId, string Owner, string? ProviderId, string? LicenseeId,
    DateTimeOffset DueAt, string Status, string? Outcome, DateTimeOffset? CompletedAt, DateTimeOffset? RemindedAt, string? EscalatedTo, DateTimeOffset? EscalatedAt,
    bool Declarable)
{
    public static DutyView From(DutyRow d, IDutyRule? rule, DateTimeOffset now) => new(
        d.Id, "duty", d.Rule, d.Section, rule?.Title ?? d.Rule, d.SubjectId, d.Owner, d.ProviderId, d.LicenseeId, d.DueAt,
        StatusOf(d, now).ToText(), d.Outcome, d.CompletedAt, d.RemindedAt, d.EscalatedTo, d.EscalatedAt,
        (rule?.CompletedByDeclaration ?? false) && d.State == DutyState.Open);

    public static DutyStatus StatusOf(DutyRow d, DateTimeOffset now) =>
        d.State == DutyState.Done ? DutyStatus.Done : now >= d.DueAt ? DutyStatus.Overdue : DutyStatus.Due;
}

/// <summary>The filters of GET /v1/compliance/duties: all optional.</summary>
public sealed record DutyQuery(string? Rule = null, string? Section = null, string? SubjectId = null, string? Status = null, int Limit = 100);

/// <summary>
/// The duties a caller may see (DESIGN §4 "every object query is scoped"): a licensee its own, a provider
/// those of itself and its licensees, the Postal Service's roles every duty of their mode and the
/// installation's own. Newest deadline first within each status.
/// </summary>
public sealed class ListDuties(IbisDb db, IEnumerable<IDutySource> sources, TimeProvider clock)
{
    public const int MaxLimit = 500;

    public async Task<IReadOnlyList<DutyView>> Handle(Caller caller, DutyQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (query.Limit is < 1 or > MaxLimit)
            Rules.Check(new BrokenRule("limit_invalid", $"limit is between 1 and {MaxLimit}", "limit", RuleKind.BadInput));
        var rows = await Filtered(caller, query, now).AsNoTracking().OrderBy(d => d.State).ThenBy(d => d.DueAt).ThenBy(d => d.Id).Take(query.Limit).ToListAsync(ct);
        return rows.Select(d => DutyView.From(d, DutyRegistry.RuleOf(sources, d.Rule), now)).ToList();
    }

    /// <summary>GET /v1/compliance/duties: a page of the filtered duties, the nearest deadline first.</summary>
    public Task<Api.ListView<DutyView>> Page(Caller caller, DutyQuery query, Api.PageQuery page, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return Api.Lists.Page(Filtered(caller, query, now).AsNoTracking(), page,
            new Api.ListOrder<DutyRow, DateTimeOffset>(d => d.DueAt, d => d.Id, Descending: false, Created: d => d.CreatedAt),
            d => DutyView.From(d, DutyRegistry.RuleOf(sources, d.Rule), now), ct);
    }

    private IQueryable<DutyRow> Filtered(Caller caller, DutyQuery query, DateTimeOffset now)
    {
        DutyStatus? wanted = null;
        if (query.Status is { } s)
            wanted = EnumText<DutyStatus>.TryParse(s, out var parsed) ? parsed
                : throw new BusinessRuleViolationException(new BrokenRule("status_invalid", "status is one of due, overdue, done", "status", RuleKind.BadInput));
        var q = Visible(caller);
        if (query.Rule is { Length: > 0 } rule) q = q.Where(d => d.Rule == rule);
        if (query.Section is { Length: > 0 } section) q = q.Where(d => d.Section.Contains(section));
        if (query.SubjectId is { Length: > 0 } subject) q = q.Where(d => d.SubjectId == subject);
        switch (wanted)
        {
            case DutyStatus.Done: q = q.Where(d => d.State == DutyState.Done); break;
            case DutyStatus.Overdue: q = q.Where(d => d.State == DutyState.Open && d.DueAt <= now); break;
            case DutyStatus.Due: q = q.Where(d => d.State == DutyState.Open && d.DueAt > now); break;
        }
        return q;
    }

    public IQueryable<DutyRow> Visible(Caller caller)
    {
        var sandbox = caller.TestMode;
        return caller.Role switch
        {
            Caller.LicenseeRole => db.Duties.Where(d => d.LicenseeId == caller.LicenseeId && d.Owner == "licensee"),
            Caller.ProviderRole => db.Duties.Where(d => d.ProviderId == caller.ProviderId),
            _ => db.Duties.Where(d => d.Sandbox == sandbox || (d.ProviderId == null && d.LicenseeId == null)),
        };
    }
}
