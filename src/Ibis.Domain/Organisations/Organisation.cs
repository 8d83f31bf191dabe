namespace Ibis.Domain.Organisations;

/// <summary>The three kinds of organisation an installation holds (DESIGN §3 "Organisations, modes and the sandbox").</summary>
public enum OrganisationKind
{
    PostalService,
    Provider,
    Licensee,
}

/// <summary>Which roles each kind of organisation may grant its users.</summary>
public static class OrganisationRoles
{
    public const string Licensee = "licensee";
    public const string Provider = "provider";
    public const string Postal = "postal";
    public const string Inspector = "inspector";
    public const string Auditor = "auditor";
    public const string LicensingOfficial = "licensing_official";
    public const string AppealsManager = "appeals_manager";
    public const string PrivacyOfficer = "privacy_officer";

    /// <summary>§502.27(a)(5)–(6): the MATS coordinator of the Postal Service district, who approves refunds.</summary>
    public const string RefundCoordinator = "refund_coordinator";

    /// <summary>
    /// Notice 820.100: "access is limited to individuals whose official duties require such access" —
    /// the Postal Service grants its own duties only; a provider grants the provider role; a licensee
    /// grants the licensee role.
    /// </summary>
    public static IReadOnlyList<string> Grantable(OrganisationKind kind) => kind switch
    {
        OrganisationKind.PostalService => [Postal, Inspector, Auditor, LicensingOfficial, AppealsManager, PrivacyOfficer, RefundCoordinator],
        OrganisationKind.Provider => [Provider],
        OrganisationKind.Licensee => [Licensee],
        _ => [],
    };

    public static OrganisationKind KindOf(string role) => role switch
    {
        Licensee => OrganisationKind.Licensee,
        Provider => OrganisationKind.Provider,
        _ => OrganisationKind.PostalService,
    };
}

/// <summary>An administrator grants only roles its own organisation may grant.</summary>
public sealed record RoleMustBeGrantableRule(OrganisationKind Organisation, string Role) : IBusinessRule
{
    public string Code => "role_not_grantable";

    public string Message => $"an administrator of {Describe(Organisation)} may grant {string.Join(", ", OrganisationRoles.Grantable(Organisation))}, not '{Role}'";

    public string? Field => "role";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !OrganisationRoles.Grantable(Organisation).Contains(Role);

    private static string Describe(OrganisationKind kind) => kind switch
    {
        OrganisationKind.PostalService => "the Postal Service",
        OrganisationKind.Provider => "a provider",
        _ => "a licensee",
    };
}

/// <summary>Only an organisation's administrators invite users, grant roles and manage API keys.</summary>
public sealed record CallerMustBeAdministratorRule(bool IsAdministrator) : IBusinessRule
{
    public string Code => "administrator_required";

    public string Message => "only an administrator of your organisation may do this";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !IsAdministrator;
}
