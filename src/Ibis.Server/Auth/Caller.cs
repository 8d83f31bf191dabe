using System.Security.Claims;

namespace Ibis.Server.Auth;

/// <summary>Who is calling: a role, and for a licensee its id; API keys also carry test/live mode.</summary>
public sealed record Caller(string UserOrKeyId, string Role, string? LicenseeId, string? ProviderId, bool TestMode)
{
    public const string LicenseeRole = "licensee";
    public const string ProviderRole = "provider";
    public const string PostalRole = "postal";
    public const string InspectorRole = "inspector";
    public const string AuditorRole = "auditor";

    // Postal duties for licensing and the customer records of notice 820.100 ("access is limited to
    // individuals whose official duties require such access"): the licensing official issues, refuses
    // and revokes licenses (P050 2.1–2.3); the appeals manager (Manager, MTM) decides appeals (P050 2.4);
    // the privacy officer answers Privacy Act requests and oversees retention. The general postal role
    // keeps its other duties (caps, reconciliation) and reads licensing decisions, not customer records.
    public const string LicensingOfficialRole = "licensing_official";
    public const string AppealsManagerRole = "appeals_manager";
    public const string PrivacyOfficerRole = "privacy_officer";

    /// <summary>§502.27(a)(5)–(6): the district MATS coordinator approves refunds of postage.</summary>
    public const string RefundCoordinatorRole = "refund_coordinator";

    public static readonly string[] Roles = [LicenseeRole, ProviderRole, PostalRole, InspectorRole, AuditorRole, LicensingOfficialRole, AppealsManagerRole, PrivacyOfficerRole, RefundCoordinatorRole];

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, UserOrKeyId),
            new(ClaimTypes.Role, Role),
            new("ibis:mode", TestMode ? "test" : "live"),
        };
        if (LicenseeId is not null) claims.Add(new Claim("ibis:licensee", LicenseeId));
        if (ProviderId is not null) claims.Add(new Claim("ibis:provider", ProviderId));
        if (IsAdministrator) claims.Add(new Claim("ibis:admin", "true"));
        if (SessionStamp is not null) claims.Add(new Claim("ibis:stamp", SessionStamp));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.NameIdentifier, ClaimTypes.Role));
    }

    /// <summary>True for API-key callers; test/live mode separation applies to them (DESIGN §4).</summary>
    public bool ViaApiKey { get; init; }

    /// <summary>An administrator of its organisation (portal users only; API keys never administer).</summary>
    public bool IsAdministrator { get; init; }

    /// <summary>The user's session stamp when the portal session began; a changed stamp ends the session.</summary>
    public string? SessionStamp { get; init; }

    /// <summary>The caller belongs to the sandbox tenant and reaches sandbox records only.</summary>
    public bool IsSandbox => TestMode;

    /// <summary>The kind of organisation the caller acts for.</summary>
    public Domain.Organisations.OrganisationKind Organisation => Domain.Organisations.OrganisationRoles.KindOf(Role);

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindFirstValue("ibis:licensee"),
        user.FindFirstValue("ibis:provider"),
        user.FindFirstValue("ibis:mode") != "live")
    {
        ViaApiKey = user.Identity?.AuthenticationType == "ApiKey",
        IsAdministrator = user.FindFirstValue("ibis:admin") == "true",
        SessionStamp = user.FindFirstValue("ibis:stamp"),
    };
}
