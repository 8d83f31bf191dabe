using Ibis.Server.Auth;

namespace Ibis.Server.Tests.Hardening;

/// <summary>How an endpoint's records relate to tenants and modes.</summary>
public enum Scope
{
    /// <summary>Anyone may call it (health, sign-in, verification, the certificate directory).</summary>
    Public,
    /// <summary>Reads or acts on a tenant's records: another tenant's and the other mode's answer 404 or stay out of lists.</summary>
    Owned,
    /// <summary>No tenant's record (price lists, payment methods, schedules): only the role matters.</summary>
    Global,
    /// <summary>Owned, but the fixture holds no such record of the tenant (its id is unknown): an allowed role may get 404.</summary>
    Unprobed,
}

/// <summary>One row of the authorization matrix: the roles that may call an endpoint and how its records are scoped.</summary>
public sealed record MatrixRow(string Endpoint, IReadOnlySet<string> Roles, Scope Scope)
{
    /// <summary>A portal page (cookie session), not an API call (API key).</summary>
    public bool Page => !Endpoint[(Endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..].StartsWith("/v1", StringComparison.Ordinal)
                        && !Endpoint.Contains("/health", StringComparison.Ordinal) && !Endpoint.Contains("/openapi", StringComparison.Ordinal);

    /// <summary>A state-changing call (probed on the caller's own records with an id that does not exist).</summary>
    public bool Changes => !Endpoint.StartsWith("GET ", StringComparison.Ordinal) && Scope != Scope.Global;

    /// <summary>A list (a GET naming no record): other tenants' records must be absent rather than refused.</summary>
    public bool IsList => Endpoint.StartsWith("GET ", StringComparison.Ordinal) && (!Endpoint.Contains('{', StringComparison.Ordinal) || Page);
}

/// <summary>
/// The rows, read from <c>endpoint-matrix.txt</c> beside this file: <c>METHOD /pattern | roles | scope</c>, roles
/// by their short names (<see cref="Short"/>) or <c>-</c> for none. Kept as data so a reviewer reads the whole
/// matrix on one screen, and a new endpoint is one line.
/// </summary>
public static class MatrixRows
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["L"] = Caller.LicenseeRole, ["P"] = Caller.ProviderRole, ["PS"] = Caller.PostalRole, ["IN"] = Caller.InspectorRole,
        ["AU"] = Caller.AuditorRole, ["LO"] = Caller.LicensingOfficialRole, ["AM"] = Caller.AppealsManagerRole,
        ["PO"] = Caller.PrivacyOfficerRole, ["RC"] = Caller.RefundCoordinatorRole,
    };

    public static string Short(string role) => Names.Single(n => n.Value == role).Key;

    public static readonly IReadOnlyDictionary<string, MatrixRow> Rows = Load();

    private static Dictionary<string, MatrixRow> Load()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Hardening", "endpoint-matrix.txt");
        var rows = new Dictionary<string, MatrixRow>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length != 3) throw new FormatException($"endpoint-matrix.txt: '{line}' is not 'METHOD /pattern | roles | scope'");
            var roles = parts[1] == "-" ? [] : parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => Names[r]).ToHashSet(StringComparer.Ordinal);
            rows.Add(parts[0], new MatrixRow(parts[0], roles, Enum.Parse<Scope>(parts[2], ignoreCase: true)));
        }
        return rows;
    }
}
