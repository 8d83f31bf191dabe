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

/// <summary>
/// What every step of a sanction procedure does after the aggregate has moved (39 CFR 502.5, 502.13, 502.15, 502.21):
/// the step is kept in the procedure's history, its written notice goes through the outbox to the provider's
/// administrators, and the provider's standing follows its sanctions through <see cref="ProviderRecords.Apply"/>, so
/// what a suspended provider may not do (<see cref="ProviderMustBeAuthorizedRule"/>) follows. Each step is a use case
/// of its own (<see cref="IssueSanction"/>, <see cref="RecordSanctionCure"/> …); this is what they share.
/// </summary>
public sealed class SanctionRecords(IbisDb db, Outbox outbox, TimeProvider clock)
{
    /// <summary>The Postal Service issues and advances a procedure.</summary>
    public static readonly Access PostalAccess = Access.For(OrganisationRoles.Postal);

    /// <summary>The provider defends and appeals (§502.5(d), §502.15(c)(e), §502.21(d)(f)).</summary>
    public static readonly Access ProviderAccess = Access.For(Caller.ProviderRole);

    /// <summary>Who records the steps the clock takes (<see cref="TakeDueSanctionSteps"/>).</summary>
    public const string Scheduler = "scheduler";

    public const string SanctionEventPrefix = "sanction_";

    /// <summary>A step after the notice, inside the command's transaction: the caller's procedure moved by <paramref name="transition"/> and recorded.</summary>
    public async Task<SanctionView> Advance(Caller caller, string id, Func<Sanction, DateTimeOffset, SanctionStep> transition, CancellationToken ct)
    {
        var row = await SanctionReads.Visible(db, caller).FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw NotFound(id);
        var now = clock.GetUtcNow();
        var sanction = ToDomain(row);
        var step = transition(sanction, now);
        await Record(row, sanction, step, caller.UserOrKeyId, now, ct);
        return await View(row, ct);
    }

    /// <summary>Writes the aggregate back, logs the step, mails its written notice and sets the provider's standing.</summary>
    public async Task Record(SanctionRow row, Sanction s, SanctionStep step, string by, DateTimeOffset now, CancellationToken ct)
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
    public async Task SetProviderStanding(string providerId, DateTimeOffset now, string by, CancellationToken ct)
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

    private async Task<IReadOnlyList<Recipient>> Administrators(string providerId, CancellationToken ct)
    {
        var admins = await db.Users.AsNoTracking().Where(u => u.RemovedAt == null && u.Role == Caller.ProviderRole && u.ProviderId == providerId && u.IsAdministrator)
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        // A provider without an administrator still gets the notice, at every user.
        if (admins.Count == 0) return await outbox.UsersOf(DutyParty.Provider, providerId, null, false, ct);
        return admins.Select(u => new Recipient(u.Id, u.Email)).ToList();
    }

    /// <summary>Saves, then the procedure with its history as the step left it.</summary>
    public async Task<SanctionView> View(SanctionRow row, CancellationToken ct)
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

    /// <summary>A decision's outcome: <paramref name="yes"/> or <paramref name="no"/>, anything else refused.</summary>
    public static bool Outcome(string? text, string yes, string no) => text == yes ? true : text == no ? false
        : throw new BusinessRuleViolationException(new BrokenRule("outcome_invalid", $"outcome is {yes} or {no}", "outcome", RuleKind.BadInput));

    public static BusinessRuleViolationException NotFound(string id) => new(new BrokenRule("sanction_not_found", $"no sanction '{id}' exists", null, RuleKind.NotFound));

    public static BusinessRuleViolationException ProviderNotFound(string id) => new(new BrokenRule("provider_not_found", $"no provider '{id}' exists", null, RuleKind.NotFound));
}
