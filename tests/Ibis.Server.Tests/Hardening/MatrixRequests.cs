namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// The request each state-changing row of the matrix sends: a minimal body (and query) that passes the
/// endpoint's input validation, so that the answer a refused role gets is the role check's, not a 400 about
/// the body. <c>{name}</c> is replaced by the target tenant's id of that name (licenseeId, deviceId …).
/// A row without an entry sends <c>{}</c>: its endpoint takes no body, or checks the caller's role before it
/// reads the body.
/// </summary>
public static class MatrixRequests
{
    public static (string? Query, string? Body) For(string endpoint) => Requests.GetValueOrDefault(endpoint);

    private static readonly Dictionary<string, (string? Query, string? Body)> Requests = new(StringComparer.Ordinal)
    {
    };
}
