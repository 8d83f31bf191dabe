using Ibis.Domain.Money;

namespace Ibis.Domain.Organisations;

/// <summary>The section a sanction procedure runs under; each sets what may be proposed and whether a cure period is owed.</summary>
public enum SanctionBasis
{
    /// <summary>§502.5: suspension or revocation of a provider's authorization.</summary>
    Authorization,

    /// <summary>§502.13: suspension (or revocation) of the approval of the provider's IBI system.</summary>
    SystemApproval,

    /// <summary>§502.15: administrative sanction for failing to report under §502.14.</summary>
    Reporting,

    /// <summary>§502.21: administrative sanction for failing the controls of §502.20, §502.23 or §502.24.</summary>
    DistributionControls,
}

public enum SanctionAction
{
    Suspension,
    Revocation,
    AdministrativeSanction,
}

/// <summary>Where a sanction procedure stands. The named transitions of <see cref="Sanction"/> move it.</summary>
public enum SanctionStage
{
    /// <summary>Notice of proposed suspension issued; the provider may correct the deficiencies by the cure deadline (§502.5(c)(1), §502.13(b)(1)).</summary>
    CurePeriod,

    /// <summary>Written notice of the action and its effective date if no written defense is presented within the defense period.</summary>
    Noticed,

    /// <summary>The provider's written defense is in; the Postal Service decides.</summary>
    Defended,

    /// <summary>The decision imposes the sanction; it takes effect at its effective instant; the appeal window runs.</summary>
    Decided,

    /// <summary>The appeal stays the sanction until it is decided (§502.15(e), §502.21(f)).</summary>
    Appealed,

    InEffect,

    /// <summary>A suspension whose period is over (§502.5(c)(3)).</summary>
    Ended,

    /// <summary>Cured, withdrawn by the Postal Service, or set aside on appeal.</summary>
    Withdrawn,
}

public static class SanctionCodes
{
    public static string Of(SanctionBasis basis) => basis switch
    {
        SanctionBasis.Authorization => "authorization",
        SanctionBasis.SystemApproval => "system_approval",
        SanctionBasis.Reporting => "reporting",
        SanctionBasis.DistributionControls => "distribution_controls",
        _ => throw new ArgumentOutOfRangeException(nameof(basis)),
    };

    public static string SectionOf(SanctionBasis basis) => basis switch
    {
        SanctionBasis.Authorization => "§502.5",
        SanctionBasis.SystemApproval => "§502.13",
        SanctionBasis.Reporting => "§502.15",
        SanctionBasis.DistributionControls => "§502.21",
        _ => throw new ArgumentOutOfRangeException(nameof(basis)),
    };

    public static string Of(SanctionAction action) => action switch
    {
        SanctionAction.Suspension => "suspension",
        SanctionAction.Revocation => "revocation",
        SanctionAction.AdministrativeSanction => "administrative_sanction",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static string Of(SanctionStage stage) => stage switch
    {
        SanctionStage.CurePeriod => "cure_period",
        SanctionStage.Noticed => "noticed",
        SanctionStage.Defended => "defended",
        SanctionStage.Decided => "decided",
        SanctionStage.Appealed => "appealed",
        SanctionStage.InEffect => "in_effect",
        SanctionStage.Ended => "ended",
        SanctionStage.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    public static SanctionBasis? ParseBasis(string? text) => text switch
    {
        "authorization" or "502.5" => SanctionBasis.Authorization,
        "system_approval" or "502.13" => SanctionBasis.SystemApproval,
        "reporting" or "502.15" => SanctionBasis.Reporting,
        "distribution_controls" or "502.21" => SanctionBasis.DistributionControls,
        _ => null,
    };

    public static SanctionAction? ParseAction(string? text) => text switch
    {
        "suspension" => SanctionAction.Suspension,
        "revocation" => SanctionAction.Revocation,
        "administrative_sanction" => SanctionAction.AdministrativeSanction,
        _ => null,
    };

    public static SanctionStage ParseStage(string text) => Enum.GetValues<SanctionStage>().Single(s => Of(s) == text);
}

/// <summary>What a transition did, for the procedure's history and the written notice it sends.</summary>
public sealed record SanctionStep(string Kind, string Text, bool NotifiesProvider);

/// <summary>
/// A sanction procedure against a provider (39 CFR 502.5, 502.13, 502.15, 502.21), from the Postal
/// Service's written notice to the decision, the appeal and the end of a suspension. Each transition
/// checks its rules and returns the step to record and notify. The clock-driven transitions — the
/// action taking effect when no defense came, a suspension ending — are run by the scheduled job.
/// </summary>
public sealed class Sanction
{
    /// <summary>§502.5(d), §502.13(c), §502.15(c), §502.21(d): the defense period, "unless a shorter period is deemed necessary".</summary>
    public const int DefenseDays = 30;

    /// <summary>§502.5(e), §502.13(d), §502.15(d), §502.21(f): the appeal period after the decision.</summary>
    public const int AppealDays = 30;

    /// <summary>§502.5(c)(3), §502.13(b)(3): a suspension stays in effect up to 90 days.</summary>
    public const int MaxSuspensionDays = 90;

    public required string Id { get; init; }
    public required string ProviderId { get; init; }
    public required SanctionBasis Basis { get; init; }
    public required SanctionAction Action { get; init; }
    public required string Grounds { get; init; }
    public bool Willful { get; init; }
    public int? SuspensionDays { get; private set; }
    public Mills? Amount { get; init; }
    public SanctionStage Stage { get; private set; }
    public DateTimeOffset? CureDueAt { get; private set; }
    public DateTimeOffset? NoticedAt { get; private set; }
    public DateTimeOffset? DefenseDueAt { get; private set; }
    public DateTimeOffset? DefendedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public DateTimeOffset? AppealDueAt { get; private set; }
    public DateTimeOffset? AppealedAt { get; private set; }
    public DateTimeOffset? AppealDecidedAt { get; private set; }
    /// <summary>When the action takes (or took) effect: the end of the defense period, or as the decision states.</summary>
    public DateTimeOffset? EffectiveAt { get; private set; }
    public DateTimeOffset? TookEffectAt { get; private set; }
    /// <summary>When a suspension in effect ends by itself.</summary>
    public DateTimeOffset? EndsAt { get; private set; }
    /// <summary>A suspension stayed by an appeal keeps the part of its period not yet served.</summary>
    public long? RemainingSecondsAtStay { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public string Section => SanctionCodes.SectionOf(Basis);

    /// <summary>
    /// Rebuilds a stored sanction's progress (the server's row). Only storage calls this; every change of a
    /// sanction in use goes through the named steps below, each checking its rule.
    /// </summary>
    public Sanction Restore(int? suspensionDays, SanctionStage stage, DateTimeOffset? cureDueAt, DateTimeOffset? noticedAt, DateTimeOffset? defenseDueAt,
        DateTimeOffset? defendedAt, DateTimeOffset? decidedAt, DateTimeOffset? appealDueAt, DateTimeOffset? appealedAt, DateTimeOffset? appealDecidedAt,
        DateTimeOffset? effectiveAt, DateTimeOffset? tookEffectAt, DateTimeOffset? endsAt, long? remainingSecondsAtStay, DateTimeOffset? closedAt)
    {
        SuspensionDays = suspensionDays; Stage = stage; CureDueAt = cureDueAt; NoticedAt = noticedAt; DefenseDueAt = defenseDueAt;
        DefendedAt = defendedAt; DecidedAt = decidedAt; AppealDueAt = appealDueAt; AppealedAt = appealedAt; AppealDecidedAt = appealDecidedAt;
        EffectiveAt = effectiveAt; TookEffectAt = tookEffectAt; EndsAt = endsAt; RemainingSecondsAtStay = remainingSecondsAtStay; ClosedAt = closedAt;
        return this;
    }

    /// <summary>Sections that give the provider a chance to correct deficiencies before the notice of suspension.</summary>
    public static bool OffersCure(SanctionBasis basis) => basis is SanctionBasis.Authorization or SanctionBasis.SystemApproval;

    /// <summary>
    /// The Postal Service's first written notice. Under §502.5 (not willful) and §502.13 it is a notice of
    /// proposed suspension with a time to correct; otherwise it states the facts, the action and the date
    /// it takes effect if no written defense is presented within the defense period.
    /// </summary>
    public static (Sanction Sanction, SanctionStep Step) Issue(string id, string providerId, SanctionBasis basis, SanctionAction action, string? grounds,
        bool willful, int? suspensionDays, Mills? amount, int? cureDays, int? defenseDays, DateTimeOffset now)
    {
        Rules.Check(new SanctionGroundsRequiredRule(grounds));
        Rules.Check(new SanctionActionMustFitBasisRule(basis, action));
        if (action == SanctionAction.Suspension) Rules.Check(new SuspensionMustNotExceedNinetyDaysRule(suspensionDays));
        if (action == SanctionAction.AdministrativeSanction) Rules.Check(new AdministrativeSanctionMustStateCostsRule(amount));
        var cure = OffersCure(basis) && !(basis == SanctionBasis.Authorization && willful);
        if (cure) Rules.Check(new CurePeriodRequiredRule(basis, cureDays));
        Rules.Check(new DefensePeriodMustNotExceedThirtyDaysRule(defenseDays));
        var s = new Sanction
        {
            Id = id, ProviderId = providerId, Basis = basis, Action = action, Grounds = grounds!.Trim(), Willful = willful,
            SuspensionDays = action == SanctionAction.Suspension ? suspensionDays : null, Amount = action == SanctionAction.AdministrativeSanction ? amount : null,
        };
        if (cure)
        {
            s.Stage = SanctionStage.CurePeriod;
            s.CureDueAt = now.AddDays(cureDays!.Value);
            return (s, new SanctionStep("proposed", $"Notice of proposed {s.ActionWords} ({s.Section}): {s.Grounds}. Correct the cited deficiencies and achieve compliance by {Day(s.CureDueAt.Value)} ({(basis == SanctionBasis.Authorization ? "§502.5(c)(1)" : "§502.13(b)(1)")}).", true));
        }
        return (s, s.Notice(defenseDays ?? DefenseDays, now));
    }

    /// <summary>The deficiencies were corrected within the time limit: the proposed suspension is withdrawn.</summary>
    public SanctionStep Cure(DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("cure", Stage, SanctionStage.CurePeriod));
        Stage = SanctionStage.Withdrawn;
        ClosedAt = now;
        return new SanctionStep("cured", $"The cited deficiencies were corrected; the proposed {ActionWords} is withdrawn ({Section}).", true);
    }

    /// <summary>§502.5(c)(2), §502.13(b)(2): the deficiencies were not corrected in time; the written notice of the decision to suspend.</summary>
    public SanctionStep NoticeAfterCure(int? defenseDays, DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("notice", Stage, SanctionStage.CurePeriod));
        Rules.Check(new CurePeriodMustBeOverRule(CureDueAt!.Value, now));
        Rules.Check(new DefensePeriodMustNotExceedThirtyDaysRule(defenseDays));
        return Notice(defenseDays ?? DefenseDays, now);
    }

    private SanctionStep Notice(int defenseDays, DateTimeOffset now)
    {
        Stage = SanctionStage.Noticed;
        NoticedAt = now;
        DefenseDueAt = now.AddDays(defenseDays);
        EffectiveAt = DefenseDueAt;
        var amount = Amount is { } a ? $" Costs and losses to be recovered: ${a}." : "";
        return new SanctionStep("noticed",
            $"Written notice of {ActionWords} ({Section}): {Grounds}.{amount} The action takes effect on {Day(EffectiveAt.Value)} unless a written defense, with all supporting evidence, is presented by {Day(DefenseDueAt.Value)}.", true);
    }

    /// <summary>The provider's written defense, within the defense period.</summary>
    public SanctionStep Defend(string? defense, DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("defense", Stage, SanctionStage.Noticed));
        Rules.Check(new WrittenStatementRequiredRule("defense", defense));
        Rules.Check(new DefenseMustBeTimelyRule(DefenseDueAt!.Value, now));
        Stage = SanctionStage.Defended;
        DefendedAt = now;
        return new SanctionStep("defended", $"Written defense received: {defense!.Trim()}", false);
    }

    /// <summary>
    /// After the defense, the Postal Service's decision with its facts and reasons: the sanction is imposed
    /// (effective on receipt unless it states otherwise) or withdrawn. An imposing decision opens the appeal window.
    /// </summary>
    public SanctionStep Decide(bool impose, string? reasons, DateTimeOffset? effectiveAt, DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("decision", Stage, SanctionStage.Defended));
        Rules.Check(new WrittenStatementRequiredRule("reasons", reasons));
        DecidedAt = now;
        if (!impose)
        {
            Stage = SanctionStage.Withdrawn;
            ClosedAt = now;
            return new SanctionStep("decided_withdrawn", $"Decision ({Section}): the {ActionWords} is not imposed. {reasons!.Trim()}", true);
        }
        Stage = SanctionStage.Decided;
        EffectiveAt = effectiveAt is { } e && e > now ? e : now;
        AppealDueAt = now.AddDays(AppealDays);
        return new SanctionStep("decided", $"Decision ({Section}): the {ActionWords} is imposed, effective {Day(EffectiveAt.Value)}. {reasons!.Trim()} You may appeal within {AppealDays} calendar days, by {Day(AppealDueAt.Value)}, with all supporting evidence; an appeal stays the sanction until it is decided.", true);
    }

    /// <summary>Whether the action is due to take effect now (the defense period passed unused, or the decision's date came).</summary>
    public bool TakesEffectAt(DateTimeOffset now) => Stage is SanctionStage.Noticed or SanctionStage.Decided && EffectiveAt is { } e && now >= e;

    /// <summary>The action takes effect. A suspension runs its days from now (or what an appeal left of them).</summary>
    public SanctionStep TakeEffect(DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("take_effect", Stage, SanctionStage.Noticed, SanctionStage.Decided));
        var undefended = Stage == SanctionStage.Noticed;
        Stage = SanctionStage.InEffect;
        TookEffectAt = now;
        if (Action == SanctionAction.Suspension) EndsAt = now.AddDays(SuspensionDays!.Value);
        var why = undefended ? "no written defense was presented within the defense period" : "the decision took effect";
        return new SanctionStep("took_effect", $"The {ActionWords} took effect: {why} ({Section}).{(EndsAt is { } end ? $" It ends on {Day(end)} unless extended or withdrawn." : "")}", true);
    }

    /// <summary>
    /// The provider's written appeal, within 30 days of the decision: it stays the sanction until the
    /// appeal is decided (§502.15(e), §502.21(f); Ibis applies the same stay to §502.5 and §502.13).
    /// </summary>
    public SanctionStep Appeal(string? appeal, DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("appeal", Stage, SanctionStage.Decided, SanctionStage.InEffect));
        Rules.Check(new AppealAfterDecisionRule(DecidedAt is not null));
        Rules.Check(new WrittenStatementRequiredRule("appeal", appeal));
        Rules.Check(new SanctionAppealMustBeTimelyRule(AppealDueAt!.Value, now));
        if (Stage == SanctionStage.InEffect && EndsAt is { } ends) RemainingSecondsAtStay = (long)Math.Max(0, (ends - now).TotalSeconds);
        Stage = SanctionStage.Appealed;
        AppealedAt = now;
        EndsAt = null;
        return new SanctionStep("appealed", $"Appeal received: {appeal!.Trim()} The {ActionWords} is stayed until the appeal is decided.", true);
    }

    /// <summary>The appeal decided: upheld, the sanction takes effect again (a suspension for what was left of it); granted, it is set aside.</summary>
    public SanctionStep DecideAppeal(bool upheld, string? reasons, DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("appeal_decision", Stage, SanctionStage.Appealed));
        Rules.Check(new WrittenStatementRequiredRule("reasons", reasons));
        AppealDecidedAt = now;
        if (!upheld)
        {
            Stage = SanctionStage.Withdrawn;
            ClosedAt = now;
            return new SanctionStep("appeal_granted", $"Appeal granted: the {ActionWords} is set aside. {reasons!.Trim()}", true);
        }
        Stage = SanctionStage.InEffect;
        TookEffectAt ??= now;
        if (Action == SanctionAction.Suspension)
            EndsAt = RemainingSecondsAtStay is { } left ? now.AddSeconds(left) : now.AddDays(SuspensionDays!.Value);
        RemainingSecondsAtStay = null;
        return new SanctionStep("appeal_denied", $"Appeal denied: the {ActionWords} is in effect. {reasons!.Trim()}{(EndsAt is { } end ? $" It ends on {Day(end)}." : "")}", true);
    }

    public bool EndsBy(DateTimeOffset now) => Stage == SanctionStage.InEffect && EndsAt is { } e && now >= e;

    /// <summary>§502.5(c)(3): the suspension's period is over; the provider's authorization is in force again.</summary>
    public SanctionStep End(DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("end", Stage, SanctionStage.InEffect));
        Stage = SanctionStage.Ended;
        ClosedAt = now;
        return new SanctionStep("ended", $"The suspension's period ended on {Day(EndsAt ?? now)}; the authorization is in force again ({Section}(c)(3)).", true);
    }

    /// <summary>§502.5(c)(4)(i): at (or before) the end of the suspension, the Postal Service extends it, in all no more than 90 more days.</summary>
    public SanctionStep Extend(int? days, string? reasons, DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("extension", Stage, SanctionStage.InEffect));
        Rules.Check(new ExtensionOnlyOfSuspensionRule(Action));
        Rules.Check(new SuspensionMustNotExceedNinetyDaysRule(days));
        Rules.Check(new WrittenStatementRequiredRule("reasons", reasons));
        SuspensionDays = checked(SuspensionDays!.Value + days!.Value);
        EndsAt = (EndsAt ?? now).AddDays(days.Value);
        return new SanctionStep("extended", $"The suspension is extended by {days} days, to {Day(EndsAt.Value)} ({Section}(c)(4)(i)): {reasons!.Trim()}", true);
    }

    /// <summary>§502.5(c)(4)(iii): the Postal Service withdraws the sanction (before or after it took effect).</summary>
    public SanctionStep Withdraw(string? reasons, DateTimeOffset now)
    {
        Rules.Check(new SanctionTransitionMustBeAllowedRule("withdrawal", Stage,
            SanctionStage.CurePeriod, SanctionStage.Noticed, SanctionStage.Defended, SanctionStage.Decided, SanctionStage.InEffect));
        Rules.Check(new WrittenStatementRequiredRule("reasons", reasons));
        Stage = SanctionStage.Withdrawn;
        ClosedAt = now;
        return new SanctionStep("withdrawn", $"The {ActionWords} is withdrawn ({Section}): {reasons!.Trim()}", true);
    }

    /// <summary>
    /// The provider's standing this sanction imposes now, if any. A revocation is final (§502.5), so while
    /// it can still be appealed the provider is held suspended; it becomes a revocation when the appeal
    /// window closes unused or the appeal is denied.
    /// </summary>
    public ProviderStatus? ImposedStatus(DateTimeOffset now) => (Stage, Action) switch
    {
        (SanctionStage.InEffect, SanctionAction.Suspension) => ProviderStatus.Suspended,
        (SanctionStage.InEffect, SanctionAction.Revocation) => AppealDueAt is { } due && now < due && AppealDecidedAt is null ? ProviderStatus.Suspended : ProviderStatus.Revoked,
        _ => null,
    };

    public string ActionWords => Action switch
    {
        SanctionAction.Suspension => $"suspension of {(Basis == SanctionBasis.SystemApproval ? "the IBI system's approval" : "the provider's authorization")} for {SuspensionDays} days",
        SanctionAction.Revocation => Basis == SanctionBasis.SystemApproval ? "revocation of the IBI system's approval" : "revocation of the provider's authorization",
        _ => "administrative sanction",
    };

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
