using Ibis.Domain.Money;

namespace Ibis.Domain.Organisations;

/// <summary>§502.5(c)(2), §502.15(b), §502.21(c): the written notice sets forth the facts and reasons.</summary>
public sealed record SanctionGroundsRequiredRule(string? Grounds) : IBusinessRule
{
    public string Code => "sanction_grounds_required";

    public string Message => "state the facts and reasons (the cited deficiencies) of the notice (39 CFR 502.5(c), 502.15(b), 502.21(c))";

    public string? Field => "grounds";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Grounds) || Grounds.Trim().Length > 2000;
}

/// <summary>
/// §502.5 suspends or revokes an authorization and §502.13 suspends (or revokes) a system's approval;
/// §502.15 and §502.21 impose an administrative sanction (costs and losses). Each section its own actions.
/// </summary>
public sealed record SanctionActionMustFitBasisRule(SanctionBasis Basis, SanctionAction Action) : IBusinessRule
{
    public string Code => "sanction_action_not_allowed";

    public string Message => $"{SanctionCodes.SectionOf(Basis)} does not provide for {SanctionCodes.Of(Action).Replace('_', ' ')}: §502.5 and §502.13 suspend or revoke, §502.15 and §502.21 impose an administrative sanction";

    public string? Field => "action";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Basis is SanctionBasis.Reporting or SanctionBasis.DistributionControls
        ? Action != SanctionAction.AdministrativeSanction
        : Action == SanctionAction.AdministrativeSanction;
}

/// <summary>§502.5(c)(3), §502.13(b)(3): a suspension remains in effect for up to 90 days.</summary>
public sealed record SuspensionMustNotExceedNinetyDaysRule(int? Days) : IBusinessRule
{
    public string Code => "suspension_days_invalid";

    public string Message => $"a suspension lasts 1 to {Sanction.MaxSuspensionDays} days (39 CFR 502.5(c)(3), 502.13(b)(3))";

    public string? Field => "suspension_days";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Days is not (>= 1 and <= Sanction.MaxSuspensionDays);
}

/// <summary>§502.15(b), §502.21(b): the sanction is the costs and revenue losses the Postal Service determined.</summary>
public sealed record AdministrativeSanctionMustStateCostsRule(Mills? Amount) : IBusinessRule
{
    public string Code => "sanction_amount_required";

    public string Message => "state the costs and revenue losses to be recovered, a positive dollar amount (39 CFR 502.15(b), 502.21(b))";

    public string? Field => "amount";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Amount is not { IsPositive: true };
}

/// <summary>
/// §502.5(c)(1) (except a willful violation) and §502.13(b)(1): the provider is given a time limit,
/// "corresponding to the potential risk to postal revenue", to correct the deficiencies.
/// </summary>
public sealed record CurePeriodRequiredRule(SanctionBasis Basis, int? CureDays) : IBusinessRule
{
    public string Code => "cure_period_required";

    public string Message => $"{SanctionCodes.SectionOf(Basis)} gives the provider a time to correct the deficiencies (except for a willful violation under §502.5): state cure_days, 1 to 365";

    public string? Field => "cure_days";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => CureDays is not (>= 1 and <= 365);
}

/// <summary>§502.5(d), §502.13(c): the defense period is 30 calendar days "unless a shorter period is deemed necessary".</summary>
public sealed record DefensePeriodMustNotExceedThirtyDaysRule(int? Days) : IBusinessRule
{
    public string Code => "defense_days_invalid";

    public string Message => $"the defense period is at most {Sanction.DefenseDays} calendar days (39 CFR 502.5(d), 502.13(c), 502.15(c), 502.21(d))";

    public string? Field => "defense_days";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Days is { } d && d is < 1 or > Sanction.DefenseDays;
}

/// <summary>Each step of the procedure comes in its order: a defense after a notice, a decision after a defense, an appeal after a decision…</summary>
public sealed record SanctionTransitionMustBeAllowedRule(string Transition, SanctionStage Stage, params SanctionStage[] From) : IBusinessRule
{
    public string Code => "sanction_step_not_allowed";

    public string Message => $"a {Transition.Replace('_', ' ')} is not possible while the sanction is {SanctionCodes.Of(Stage).Replace('_', ' ')}";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !From.Contains(Stage);
}

/// <summary>The defense, the appeal and the Postal Service's decisions are written and give their reasons.</summary>
public sealed record WrittenStatementRequiredRule(string FieldName, string? Text) : IBusinessRule
{
    public string Code => "statement_required";

    public string Message => $"the {FieldName} must be written out (1 to 4000 characters) with its reasons and supporting evidence";

    public string? Field => FieldName == "reasons" ? "reasons" : "statement";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Text) || Text.Trim().Length > 4000;
}

/// <summary>§502.5(d), §502.13(c), §502.15(c), §502.21(d): the written defense within the defense period of the notice.</summary>
public sealed record DefenseMustBeTimelyRule(DateTimeOffset DueAt, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "defense_period_over";

    public string Message => $"the defense period ended at {DueAt:u}; the action took effect (39 CFR 502.5(d), 502.15(c), 502.21(d))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Now > DueAt;
}

/// <summary>§502.5(e), §502.13(d), §502.15(e), §502.21(f): an appeal within 30 calendar days of the decision.</summary>
public sealed record SanctionAppealMustBeTimelyRule(DateTimeOffset DueAt, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "sanction_appeal_period_over";

    public string Message => $"the appeal period ended at {DueAt:u} (30 calendar days from the decision, 39 CFR 502.5(e), 502.15(e), 502.21(f))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Now > DueAt;
}

/// <summary>An appeal is of a decision; an action that took effect because no defense came was never decided.</summary>
public sealed record AppealAfterDecisionRule(bool Decided) : IBusinessRule
{
    public string Code => "sanction_not_decided";

    public string Message => "only a decision made after a written defense can be appealed (39 CFR 502.5(e), 502.15(d), 502.21(e))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Decided;
}

/// <summary>§502.5(c)(4)(i), §502.13(b)(4)(i): only a suspension is extended.</summary>
public sealed record ExtensionOnlyOfSuspensionRule(SanctionAction Action) : IBusinessRule
{
    public string Code => "sanction_not_suspension";

    public string Message => "only a suspension can be extended (39 CFR 502.5(c)(4)(i))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Action != SanctionAction.Suspension;
}

/// <summary>A revoked provider's authorization is final (§502.5); there is nothing left to sanction.</summary>
public sealed record ProviderMustBeAuthorizedOrSuspendedRule(string ProviderId, ProviderStatus Status) : IBusinessRule
{
    public string Code => "provider_revoked";

    public string Message => $"provider {ProviderId} is revoked; a revocation is final (39 CFR 502.5)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status == ProviderStatus.Revoked;
}

/// <summary>§502.5(c)(2), §502.13(b)(2): the notice of suspension follows a failure to correct "within the specified time limit" — not before it ends.</summary>
public sealed record CurePeriodMustBeOverRule(DateTimeOffset CureDueAt, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "cure_period_not_over";

    public string Message => $"the provider has until {CureDueAt:u} to correct the deficiencies (39 CFR 502.5(c)(1)); record the correction or wait for the time limit";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Now < CureDueAt;
}
