using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Compliance;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

public sealed record IssueSanctionCommand(string? Basis, string? Action, string? Grounds, bool? Willful, int? SuspensionDays, string? Amount, int? CureDays, int? DefenseDays);

/// <summary>A step's written statement: a defense, an appeal, or the Postal Service's reasons (with a decision's outcome and effective date).</summary>
public sealed record SanctionStepCommand(string? Statement, string? Reasons, string? Outcome, string? EffectiveAt, int? Days, int? DefenseDays);

public sealed record SanctionEventView(string Kind, string Text, string RecordedBy, DateTimeOffset At);

public sealed record SanctionView(
    string Id, string Object, string ProviderId, string Basis, string Section, string Action, string Stage, string Grounds, bool Willful,
    int? SuspensionDays, string? Amount, DateTimeOffset? CureDueAt, DateTimeOffset? NoticedAt, DateTimeOffset? DefenseDueAt, DateTimeOffset? DefendedAt,
    DateTimeOffset? DecidedAt, DateTimeOffset? AppealDueAt, DateTimeOffset? AppealedAt, DateTimeOffset? AppealDecidedAt, DateTimeOffset? EffectiveAt,
    DateTimeOffset? TookEffectAt, DateTimeOffset? EndsAt, DateTimeOffset? ClosedAt, string Mode, DateTimeOffset CreatedAt, IReadOnlyList<SanctionEventView> History)
{
    public static SanctionView From(SanctionRow s, IEnumerable<SanctionEventRow> events) => new(
        s.Id, "sanction", s.ProviderId, s.Basis, SanctionCodes.SectionOf(SanctionCodes.ParseBasis(s.Basis)!.Value), s.Action, s.Stage, s.Grounds, s.Willful,
        s.SuspensionDays, s.AmountMills is { } a ? Mills.FromMills(a).ToString() : null, s.CureDueAt, s.NoticedAt, s.DefenseDueAt, s.DefendedAt,
        s.DecidedAt, s.AppealDueAt, s.AppealedAt, s.AppealDecidedAt, s.EffectiveAt, s.TookEffectAt, s.EndsAt, s.ClosedAt, s.Sandbox ? "test" : "live", s.CreatedAt,
        events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new SanctionEventView(e.Kind, e.Text, e.RecordedBy, e.At)).ToList());
}

/// <summary>
/// Sanction procedures against providers (39 CFR 502.5, 502.13, 502.15, 502.21): the Postal Service issues
/// the written notice, records a correction, gives the notice of suspension after the cure period,
/// decides after the defense, decides the appeal, extends or withdraws; the provider presents its
/// defense and its appeal. Every step is kept in the procedure's history and its written notice goes
/// through the outbox to the provider's administrators. Whenever a sanction takes effect, is stayed or
/// ends, the provider's standing is set through <see cref="Providers"/>, so what a suspended provider may
/// not do (<see cref="ProviderMustBeAuthorizedRule"/>) follows.
/// </summary>
public sealed class Sanctions(IbisDb db, CommandPipeline pipeline, Outbox outbox, TimeProvider clock)
{
    public static readonly Access PostalAccess = Access.For(OrganisationRoles.Postal);
    public static readonly Access ProviderAccess = Access.For(Caller.ProviderRole);
    public const string Scheduler = "scheduler";

    public Task<SanctionView> Issue(Caller caller, string providerId, IssueSanctionCommand command, CancellationToken ct) => pipeline.Run(caller, PostalAccess, async ct =>
    {
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId && p.Sandbox == caller.IsSandbox, ct) ?? throw ProviderNotFound(providerId);
        var basis = SanctionCodes.ParseBasis(command.Basis)
            ?? throw new BusinessRuleViolationException(new BrokenRule("sanction_basis_invalid", "basis is authorization (§502.5), system_approval (§502.13), reporting (§502.15) or distribution_controls (§502.21)", "basis", RuleKind.BadInput));
        var action = SanctionCodes.ParseAction(command.Action)
            ?? throw new BusinessRuleViolationException(new BrokenRule("sanction_action_invalid", "action is suspension, revocation or administrative_sanction", "action", RuleKind.BadInput));
        Mills? amount = null;
        if (command.Amount is not null)
        {
            var parsed = Mills.ParseDollars(command.Amount);
            if (!parsed.Success) throw new BusinessRuleViolationException(new BrokenRule(parsed.ErrorCode!, parsed.ErrorMessage!, "amount", RuleKind.BadInput));
            amount = parsed.Value;
        }
        Rules.Check(new ProviderMustBeAuthorizedOrSuspendedRule(provider.Id, provider.Status));
        var now = clock.GetUtcNow();
        var (sanction, step) = Sanction.Issue(Ids.New("snc"), provider.Id, basis, action, command.Grounds, command.Willful ?? false,
            command.SuspensionDays, amount, command.CureDays, command.DefenseDays, now);
        var row = new SanctionRow
        {
            Id = sanction.Id, ProviderId = provider.Id, Sandbox = provider.Sandbox, Basis = SanctionCodes.Of(basis), Action = SanctionCodes.Of(action),
            Stage = SanctionCodes.Of(sanction.Stage), Grounds = sanction.Grounds, Willful = sanction.Willful, IssuedBy = caller.UserOrKeyId, CreatedAt = now,
        };
        db.Sanctions.Add(row);
        await Record(row, sanction, step, caller.UserOrKeyId, now, ct);
        return await View(row, ct);
    }, ct);

    public Task<SanctionView> Cure(Caller caller, string id, CancellationToken ct) => Step(caller, PostalAccess, id, (s, _) => s.Cure(clock.GetUtcNow()), ct);

    public Task<SanctionView> Notice(Caller caller, string id, SanctionStepCommand c, CancellationToken ct) => Step(caller, PostalAccess, id, (s, now) => s.NoticeAfterCure(c.DefenseDays, now), ct);

    public Task<SanctionView> Defend(Caller caller, string id, SanctionStepCommand c, CancellationToken ct) => Step(caller, ProviderAccess, id, (s, now) => s.Defend(c.Statement, now), ct);

    public Task<SanctionView> Decide(Caller caller, string id, SanctionStepCommand c, CancellationToken ct) => Step(caller, PostalAccess, id, (s, now) =>
    {
        var impose = Outcome(c.Outcome, "impose", "withdraw");
        DateTimeOffset? effective = null;
        if (c.EffectiveAt is { } text)
            effective = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                ? at : throw new BusinessRuleViolationException(new BrokenRule("effective_at_invalid", $"'{text}' is not an instant (ISO 8601)", "effective_at", RuleKind.BadInput));
        return s.Decide(impose, c.Reasons, effective, now);
    }, ct);

    public Task<SanctionView> Appeal(Caller caller, string id, SanctionStepCommand c, CancellationToken ct) => Step(caller, ProviderAccess, id, (s, now) => s.Appeal(c.Statement, now), ct);

    public Task<SanctionView> DecideAppeal(Caller caller, string id, SanctionStepCommand c, CancellationToken ct) =>
        Step(caller, PostalAccess, id, (s, now) => s.DecideAppeal(Outcome(c.Outcome, "deny", "grant"), c.Reasons, now), ct);

    public Task<SanctionView> Extend(Caller caller, string id, SanctionStepCommand c, CancellationToken ct) => Step(caller, PostalAccess, id, (s, now) => s.Extend(c.Days, c.Reasons, now), ct);

    public Task<SanctionView> Withdraw(Caller caller, string id, SanctionStepCommand c, CancellationToken ct) => Step(caller, PostalAccess, id, (s, now) => s.Withdraw(c.Reasons, now), ct);

    /// <summary>The Postal Service sees every procedure of its mode; a provider its own; a licensee none.</summary>
    public async Task<IReadOnlyList<SanctionView>> List(Caller caller, string? providerId, CancellationToken ct)
    {
        var q = Visible(caller);
        if (providerId is not null) q = q.Where(s => s.ProviderId == providerId);
        var rows = await q.AsNoTracking().OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var events = (await db.SanctionEvents.AsNoTracking().Where(e => ids.Contains(e.SanctionId)).ToListAsync(ct)).ToLookup(e => e.SanctionId);
        return rows.Select(r => SanctionView.From(r, events[r.Id])).ToList();
    }

    public async Task<SanctionView> Get(Caller caller, string providerId, string id, CancellationToken ct)
    {
        var row = await Visible(caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.ProviderId == providerId, ct) ?? throw NotFound(id);
        return SanctionView.From(row, await db.SanctionEvents.AsNoTracking().Where(e => e.SanctionId == id).ToListAsync(ct));
    }

    /// <summary>
    /// The clock's steps, run by the scheduled job (idempotent, state-based, so a late run catches up): an
    /// action whose defense period passed unused or whose decision's date came takes effect; a suspension
    /// whose period is over ends; a revocation whose appeal window closed becomes final. Returns the steps taken.
    /// </summary>
    public async Task<int> RunDue(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Sanctions.AsNoTracking()
            .Where(s => ((s.Stage == "noticed" || s.Stage == "decided") && s.EffectiveAt <= now)
                        || (s.Stage == "in_effect" && (s.EndsAt <= now || (s.Action == "revocation" && s.AppealDueAt <= now))))
            .Select(s => s.Id).ToListAsync(ct);
        var steps = 0;
        foreach (var id in due)
        {
            steps += await pipeline.Run(null, null, async ct =>
            {
                var row = await db.Sanctions.FirstAsync(s => s.Id == id, ct);
                var sanction = ToDomain(row);
                SanctionStep? step = sanction.TakesEffectAt(now) ? sanction.TakeEffect(now) : sanction.EndsBy(now) ? sanction.End(now) : null;
                if (step is not null) await Record(row, sanction, step, Scheduler, now, ct);
                else await SetProviderStanding(row.ProviderId, now, Scheduler, ct); // a revocation's appeal window closed: now final
                return step is null ? 0 : 1;
            }, ct);
        }
        return steps;
    }

    private Task<SanctionView> Step(Caller caller, Access access, string id, Func<Sanction, DateTimeOffset, SanctionStep> transition, CancellationToken ct) =>
        pipeline.Run(caller, access, async ct =>
        {
            var row = await Visible(caller).FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw NotFound(id);
            var now = clock.GetUtcNow();
            var sanction = ToDomain(row);
            var step = transition(sanction, now);
            await Record(row, sanction, step, caller.UserOrKeyId, now, ct);
            return await View(row, ct);
        }, ct);

    /// <summary>Writes the aggregate back, logs the step, mails its written notice and sets the provider's standing.</summary>
    private async Task Record(SanctionRow row, Sanction s, SanctionStep step, string by, DateTimeOffset now, CancellationToken ct)
    {
        row.Stage = SanctionCodes.Of(s.Stage);
        row.SuspensionDays = s.SuspensionDays;
        row.AmountMills = s.Amount?.Value;
        row.CureDueAt = s.CureDueAt; row.NoticedAt = s.NoticedAt; row.DefenseDueAt = s.DefenseDueAt; row.DefendedAt = s.DefendedAt;
        row.DecidedAt = s.DecidedAt; row.AppealDueAt = s.AppealDueAt; row.AppealedAt = s.AppealedAt; row.AppealDecidedAt = s.AppealDecidedAt;
        row.EffectiveAt = s.EffectiveAt; row.TookEffectAt = s.TookEffectAt; row.EndsAt = s.EndsAt; row.RemainingSecondsAtStay = s.RemainingSecondsAtStay; row.ClosedAt = s.ClosedAt;
        var ev = new SanctionEventRow { Id = Ids.New("sev"), SanctionId = row.Id, Kind = step.Kind, Text = step.Text, RecordedBy = by, At = now };
        db.SanctionEvents.Add(ev);
        if (step.NotifiesProvider)
        {
            var to = await Administrators(row.ProviderId, ct);
            var subject = $"Written notice ({s.Section}): {s.ActionWords} — {step.Kind.Replace('_', ' ')}";
            var body = $"{step.Text}\n\nSanction: {row.Id}\nProvider: {row.ProviderId}\nGrounds: {row.Grounds}\nDated: {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC\n";
            await outbox.Post($"sanction:{ev.Id}", "notice", to, subject, body, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await SetProviderStanding(row.ProviderId, now, by, ct);
    }

    /// <summary>
    /// The provider's standing follows its sanctions: the gravest one in effect (revoked over suspended). When
    /// none is, a suspension that a sanction imposed is lifted; a status the Postal Service set by hand, and
    /// a revocation, are left alone (a revocation is final, §502.5).
    /// </summary>
    private async Task SetProviderStanding(string providerId, DateTimeOffset now, string by, CancellationToken ct)
    {
        var provider = await db.Providers.FirstAsync(p => p.Id == providerId, ct);
        var current = provider.Status;
        if (current == ProviderStatus.Revoked) return;
        var active = (await db.Sanctions.AsNoTracking().Where(s => s.ProviderId == providerId && s.Stage == "in_effect").ToListAsync(ct)).Select(ToDomain).ToList();
        var imposed = active.Select(s => (Sanction: s, Status: s.ImposedStatus(now))).Where(x => x.Status is not null).OrderByDescending(x => x.Status).FirstOrDefault();
        var lastEvent = await db.ProviderEvents.AsNoTracking().Where(e => e.ProviderId == providerId).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        var bySanction = lastEvent?.Kind.StartsWith(SanctionEventPrefix, StringComparison.Ordinal) ?? false;
        if (imposed.Status is { } to && to != current)
            ProviderRecords.Apply(db, provider, to, SanctionEventPrefix + to.ToText(), $"{imposed.Sanction.ActionWords} ({imposed.Sanction.Section}), sanction {imposed.Sanction.Id}: {imposed.Sanction.Grounds}", by, now);
        else if (imposed.Status is null && current == ProviderStatus.Suspended && bySanction)
            ProviderRecords.Apply(db, provider, ProviderStatus.Authorized, SanctionEventPrefix + "lifted", "no sanction is in effect any more (ended, stayed by an appeal, set aside or withdrawn)", by, now);
        await db.SaveChangesAsync(ct);
    }

    public const string SanctionEventPrefix = "sanction_";

    private async Task<IReadOnlyList<Recipient>> Administrators(string providerId, CancellationToken ct)
    {
        var admins = await db.Users.AsNoTracking().Where(u => u.RemovedAt == null && u.Role == Caller.ProviderRole && u.ProviderId == providerId && u.IsAdministrator)
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        // A provider without an administrator still gets the notice, at every user.
        if (admins.Count == 0) return await outbox.UsersOf(DutyParty.Provider, providerId, null, false, ct);
        return admins.Select(u => new Recipient(u.Id, u.Email)).ToList();
    }

    private IQueryable<SanctionRow> Visible(Caller caller) => caller.Role switch
    {
        Caller.ProviderRole => db.Sanctions.Where(s => s.ProviderId == caller.ProviderId),
        _ when caller.Organisation == OrganisationKind.PostalService => db.Sanctions.Where(s => s.Sandbox == caller.IsSandbox),
        _ => db.Sanctions.Where(_ => false),
    };

    private async Task<SanctionView> View(SanctionRow row, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        return SanctionView.From(row, await db.SanctionEvents.Where(e => e.SanctionId == row.Id).ToListAsync(ct));
    }

    public static Sanction ToDomain(SanctionRow r) => new Sanction
    {
        Id = r.Id, ProviderId = r.ProviderId, Basis = SanctionCodes.ParseBasis(r.Basis)!.Value, Action = SanctionCodes.ParseAction(r.Action)!.Value,
        Grounds = r.Grounds, Willful = r.Willful, Amount = r.AmountMills is { } a ? Mills.FromMills(a) : null,
    }.Restore(r.SuspensionDays, SanctionCodes.ParseStage(r.Stage), r.CureDueAt, r.NoticedAt, r.DefenseDueAt, r.DefendedAt, r.DecidedAt,
        r.AppealDueAt, r.AppealedAt, r.AppealDecidedAt, r.EffectiveAt, r.TookEffectAt, r.EndsAt, r.RemainingSecondsAtStay, r.ClosedAt);

    private static bool Outcome(string? text, string yes, string no) => text == yes ? true : text == no ? false
        : throw new BusinessRuleViolationException(new BrokenRule("outcome_invalid", $"outcome is {yes} or {no}", "outcome", RuleKind.BadInput));

    private static BusinessRuleViolationException NotFound(string id) => new(new BrokenRule("sanction_not_found", $"no sanction '{id}' exists", null, RuleKind.NotFound));

    private static BusinessRuleViolationException ProviderNotFound(string id) => new(new BrokenRule("provider_not_found", $"no provider '{id}' exists", null, RuleKind.NotFound));
}
