namespace Ibis.Domain.Licensing;

/// <summary>
/// P050 2.1–2.2, §502.20(b): an application is submitted, transmitted by the provider, then approved or
/// refused by the Postal Service; the applicant may withdraw it until it is decided. P050 2.4: a granted
/// appeal against a refusal reopens it (refused → transmitted), and only that appeal does. Each refused
/// move keeps the code the API has always answered for it.
/// </summary>
public sealed record LicenseApplicationTransitionMustBeAllowedRule(
    string ApplicationId, LicenseApplicationStatus From, LicenseApplicationStatus To, bool OnAppeal = false) : IBusinessRule
{
    public static bool Allows(LicenseApplicationStatus from, LicenseApplicationStatus to, bool onAppeal) => (from, to, onAppeal) switch
    {
        (LicenseApplicationStatus.Submitted, LicenseApplicationStatus.Transmitted, false) => true,
        (LicenseApplicationStatus.Transmitted, LicenseApplicationStatus.Approved or LicenseApplicationStatus.Refused, false) => true,
        (LicenseApplicationStatus.Submitted or LicenseApplicationStatus.Transmitted, LicenseApplicationStatus.Withdrawn, false) => true,
        (LicenseApplicationStatus.Refused, LicenseApplicationStatus.Transmitted, true) => true,
        _ => false,
    };

    public string Code => (To, OnAppeal) switch
    {
        (_, true) => "application_not_refused",
        (LicenseApplicationStatus.Transmitted, _) => "application_not_submitted",
        (LicenseApplicationStatus.Withdrawn, _) => "application_decided",
        _ => "application_not_transmitted",
    };

    public string Message => (To, OnAppeal) switch
    {
        (_, true) => $"application {ApplicationId} is {From.ToWords()}; a granted appeal reopens only a refused application (P050 2.4)",
        (LicenseApplicationStatus.Transmitted, _) => $"application {ApplicationId} is {From.ToWords()}; only a submitted application is transmitted (§502.20(b))",
        (LicenseApplicationStatus.Withdrawn, _) => $"application {ApplicationId} is {From.ToWords()}; only an application not yet decided is withdrawn (P050 2.1)",
        _ => $"application {ApplicationId} is {From.ToWords()}; the Postal Service decides transmitted applications (P050 2.1)",
    };

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Allows(From, To, OnAppeal);
}

/// <summary>
/// P050 2.3: a valid license is revoked; P050 2.5e: a valid license is superseded by the license at the
/// new post office; P050 2.4: a revoked license is reinstated when the appeal against the revocation is
/// granted. Superseded is final.
/// </summary>
public sealed record LicenseTransitionMustBeAllowedRule(string LicenseId, LicenseStatus From, LicenseStatus To) : IBusinessRule
{
    public static bool Allows(LicenseStatus from, LicenseStatus to) => (from, to) switch
    {
        (LicenseStatus.Valid, LicenseStatus.Revoked or LicenseStatus.Superseded) => true,
        (LicenseStatus.Revoked, LicenseStatus.Valid) => true,
        _ => false,
    };

    public string Code => To == LicenseStatus.Valid ? "license_not_revoked" : "license_not_valid";

    public string Message => To switch
    {
        LicenseStatus.Revoked => $"license {LicenseId} is {From.ToWords()}; only a valid license is revoked (P050 2.3)",
        LicenseStatus.Superseded => $"license {LicenseId} is {From.ToWords()}; only a valid license is superseded on relicensing (P050 2.5e)",
        _ => $"license {LicenseId} is {From.ToWords()}; only a revoked license is reinstated on appeal (P050 2.4)",
    };

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Allows(From, To);
}

/// <summary>P050 2.4: the manager grants or denies a pending appeal once; that decision is final.</summary>
public sealed record AppealTransitionMustBeAllowedRule(string AppealId, AppealStatus From, AppealStatus To) : IBusinessRule
{
    public static bool Allows(AppealStatus from, AppealStatus to) =>
        from == AppealStatus.Pending && to is AppealStatus.Granted or AppealStatus.Denied;

    public string Code => "appeal_decided";

    public string Message => $"appeal {AppealId} was already decided ({From.ToWords()}); the decision on an appeal is final (P050 2.4)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Allows(From, To);
}
