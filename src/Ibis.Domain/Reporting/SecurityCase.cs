using Ibis.Domain.Psd;

namespace Ibis.Domain.Reporting;

/// <summary>Where a case (a potential security weakness, §502.14) stands.</summary>
/// <remarks>Not a column: it follows from the case's dates (<see cref="CaseStatuses.Of"/>); its text is what the API shows.</remarks>
[StoredAsText]
public enum CaseStatus
{
    /// <summary>Opened — by Ibis on a failed audit or a register integrity failure, or by the provider — and not yet taken up.</summary>
    Open,

    /// <summary>Someone is investigating it (the provider, the Postal Service or its Inspection Service).</summary>
    Investigating,

    /// <summary>Closed with a recorded finding.</summary>
    Resolved,
}

public static class CaseStatuses
{
    public static CaseStatus Of(DateTimeOffset? investigationStartedAt, DateTimeOffset? resolvedAt) =>
        resolvedAt is not null ? CaseStatus.Resolved : investigationStartedAt is not null ? CaseStatus.Investigating : CaseStatus.Open;
}

/// <summary>What the investigation of a case found.</summary>
public static class CaseFinding
{
    /// <summary>Nothing wrong with the device or its use: a false alarm (clock skew, a provider-side error).</summary>
    public const string Cleared = "cleared";

    /// <summary>The device itself is at fault (hardware, firmware, its records); §502.20(f) examination follows.</summary>
    public const string DeviceFault = "device_fault";

    /// <summary>The device was misused or manipulated: abuse confirmed (§502.14(b)(2), P050 2.6).</summary>
    public const string AbuseConfirmed = "abuse_confirmed";

    /// <summary>A weakness of the provider's resetting system or procedures, not of the device (§502.14(b)(1)).</summary>
    public const string SystemWeakness = "system_weakness";

    public static IReadOnlyList<string> All { get; } = [Cleared, DeviceFault, AbuseConfirmed, SystemWeakness];
}

/// <summary>
/// A case — a potential security weakness of one device (§502.14) — investigated and resolved with a recorded
/// finding by the provider or the Postal Service, on its own: resolving a case does not return a locked
/// device to service (that needs a clean audit, <see cref="PostalSecurityDevice.ReturnToService"/>), and
/// returning a device to service resolves its open cases as cleared.
/// </summary>
public sealed class SecurityCase
{
    /// <summary>The roles that may resolve a case: the provider and the Postal Service. The Inspection Service investigates.</summary>
    public static readonly IReadOnlyList<string> ResolverRoles = ["provider", "postal"];

    private SecurityCase(string id, DateTimeOffset? investigationStartedAt, DateTimeOffset? resolvedAt)
    {
        Id = id;
        InvestigationStartedAt = investigationStartedAt;
        ResolvedAt = resolvedAt;
    }

    public static SecurityCase Load(string id, DateTimeOffset? investigationStartedAt, DateTimeOffset? resolvedAt) => new(id, investigationStartedAt, resolvedAt);

    public string Id { get; }

    public DateTimeOffset? InvestigationStartedAt { get; private set; }

    public string? InvestigatedBy { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public string? ResolvedBy { get; private set; }

    public string? Finding { get; private set; }

    public string? Note { get; private set; }

    public CaseStatus Status => CaseStatuses.Of(InvestigationStartedAt, ResolvedAt);

    /// <summary>The case is taken up: by the provider, the Postal Service or an inspector.</summary>
    public void StartInvestigation(string actor, DateTimeOffset at)
    {
        Rules.Check(new CaseMustNotBeResolvedRule(Id, ResolvedAt));
        Rules.Check(new CaseMustNotAlreadyBeInvestigatedRule(Id, InvestigationStartedAt));
        InvestigationStartedAt = at;
        InvestigatedBy = actor;
    }

    /// <summary>The case is closed with its finding and a note saying what was done — by a role that may resolve it, once.</summary>
    public void Resolve(string? finding, string? note, string role, string actor, DateTimeOffset at)
    {
        Rules.Check(new CaseMayBeResolvedByRule(role));
        Rules.Check(new CaseMustNotBeResolvedRule(Id, ResolvedAt));
        Rules.Check(new CaseFindingMustBeKnownRule(finding));
        Rules.Check(new ReportFieldRequiredRule("note", note, "39 CFR 502.14(c)"));
        // A case resolved without a separate investigation step was investigated by whoever resolved it.
        InvestigationStartedAt ??= at;
        InvestigatedBy ??= actor;
        ResolvedAt = at;
        ResolvedBy = actor;
        Finding = finding;
        Note = note!.Trim();
    }
}

/// <summary>A resolved case stays resolved: a later finding is a new case (§502.14(b)).</summary>
public sealed record CaseMustNotBeResolvedRule(string CaseId, DateTimeOffset? ResolvedAt) : IBusinessRule
{
    public string Code => "case_already_resolved";

    public string Message => $"case {CaseId} was already resolved on {ResolvedAt:yyyy-MM-dd}; open a new case for a new finding (39 CFR 502.14(b))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => ResolvedAt is not null;
}

/// <summary>A case is taken up once; who took it up and when stay on record.</summary>
public sealed record CaseMustNotAlreadyBeInvestigatedRule(string CaseId, DateTimeOffset? StartedAt) : IBusinessRule
{
    public string Code => "case_already_investigating";

    public string Message => $"case {CaseId} has been under investigation since {StartedAt:yyyy-MM-dd HH:mm} UTC";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => StartedAt is not null;
}

/// <summary>
/// §502.14, P050 2.6: the provider, which must report and investigate its weaknesses, or the Postal Service
/// resolves a case; the Inspection Service investigates and withdraws suspect devices but does not close the
/// provider's case. Nobody else resolves one.
/// </summary>
public sealed record CaseMayBeResolvedByRule(string Role) : IBusinessRule
{
    public string Code => "case_resolution_not_permitted";

    public string Message => $"a case is resolved by the provider or the Postal Service, not by the {Role.Replace('_', ' ')} role (39 CFR 502.14; P050 2.6)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !SecurityCase.ResolverRoles.Contains(Role);
}

/// <summary>A case's finding is one of <see cref="CaseFinding.All"/>, so reports and lists can count them.</summary>
public sealed record CaseFindingMustBeKnownRule(string? Finding) : IBusinessRule
{
    public string Code => "case_finding_invalid";

    public string Message => $"finding is one of {string.Join(", ", CaseFinding.All)}";

    public string? Field => "finding";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Finding is null || !CaseFinding.All.Contains(Finding);
}
