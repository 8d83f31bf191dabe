using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ibis.Domain.Licensing;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 "Proof", the part every endpoint gets: the app's endpoints (from its EndpointDataSource)
/// are each listed here as public or not, so a new endpoint without a row fails; every non-public
/// one refuses a caller without credentials (401); and no state-changing endpoint lets a read-only
/// role (auditor, inspector) change anything — probed with a real licensee's device, account and
/// licensee ids, the database's rows counted before and after. The role × own/other matrix of the
/// licensing, customer-record and privacy endpoints stays in AuthorizationMatrixTests.
/// </summary>
public abstract class EndpointAccessTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    /// <summary>Endpoints anyone may call: health, the API description, sign-in, invitations, verification and the certificate directory.</summary>
    private static readonly HashSet<string> Public =
    [
        "GET /health", "GET /openapi/{documentName}.json",
        "POST /v1/sessions", "POST /v1/invitations/acceptance", "POST /v1/verifications",
        "GET /v1/certificates", "GET /v1/certificates/authorities", "GET /v1/certificates/revocations", "GET /v1/certificates/{serial}",
    ];

    /// <summary>State-changing endpoints a read-only role may call because they change nothing (the Postal Service's reconciliation reads).</summary>
    private static readonly Dictionary<string, string[]> ReadOnlyRolesMay = new()
    {
        ["POST /v1/transmissions/{transmissionId}/reconciliation"] = [Caller.AuditorRole],
    };

    private List<(string Method, string Pattern, bool Anonymous)> Endpoints() =>
        App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (m, "/" + e.RoutePattern.RawText!.Trim('/'), IsAnonymous(e))))
            .Where(e => !e.Item2.StartsWith("/portal", StringComparison.OrdinalIgnoreCase) && !IsPage(e.Item2))
            .Distinct().OrderBy(e => e.Item2, StringComparer.Ordinal).ThenBy(e => e.m, StringComparer.Ordinal).ToList();

    /// <summary>Public: marked AllowAnonymous, or carrying no authorization requirement at all (mapped outside the /v1 group).</summary>
    private static bool IsAnonymous(RouteEndpoint e) =>
        e.Metadata.GetMetadata<IAllowAnonymous>() is not null || (!e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any() && e.Metadata.GetMetadata<AuthorizationPolicy>() is null);

    private static bool IsPage(string pattern) => !pattern.StartsWith("/v1", StringComparison.Ordinal) && pattern is not ("/health" or "/openapi/{documentName}.json");

    [SkippableFact]
    public void EveryEndpoint_IsPublicOnlyWhenListed()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count >= 80, $"only {endpoints.Count} endpoints found");
        var anonymous = endpoints.Where(e => e.Anonymous).Select(e => $"{e.Method} {e.Pattern}").ToHashSet();
        Assert.Equal(Public.Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal)); // a new public endpoint needs its row here
    }

    [SkippableFact]
    public async Task EveryNonPublicEndpoint_RefusesACallerWithoutCredentials()
    {
        var failures = new List<string>();
        foreach (var (method, pattern, _) in Endpoints().Where(e => !e.Anonymous))
            foreach (var authorization in new[] { null, "Bearer ibis_test_forged000000000000000000000000", "Basic dXNlcjpwYXNz" })
            {
                var request = new HttpRequestMessage(new HttpMethod(method), Regex.Replace(pattern, @"\{[^}]+\}", "x"));
                if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
                if (method is not ("GET" or "DELETE")) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var response = await App.CreateClient().SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {pattern} with {authorization ?? "nothing"}: {(int)response.StatusCode}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public async Task NoStateChangingEndpoint_LetsAReadOnlyRoleChangeAnything()
    {
        var who = await App.NewLicensee("Read Only Probe Co");
        var ids = new Dictionary<string, string>
        {
            ["deviceId"] = who.DeviceId, ["accountId"] = await App.AccountOf(who.LicenseeId), ["licenseeId"] = who.LicenseeId,
            ["providerId"] = await App.ProviderOf(who.LicenseeId),
            ["licenseId"] = await App.WithDb(db => db.Licenses.Where(l => l.LicenseeId == who.LicenseeId).Select(l => l.Id).FirstAsync()),
        };
        var clients = new Dictionary<string, HttpClient> { [Caller.AuditorRole] = await App.As(Caller.AuditorRole), [Caller.InspectorRole] = await App.As(Caller.InspectorRole) };
        var before = await Fingerprint();
        var failures = new List<string>();
        foreach (var (role, client) in clients)
        {
            foreach (var (method, pattern, _) in Endpoints().Where(e => e.Method is not ("GET" or "HEAD") && !e.Anonymous))
            {
                var path = Regex.Replace(pattern, @"\{([^}]+)\}", m => ids.GetValueOrDefault(m.Groups[1].Value, "x"));
                foreach (var body in new[] { "{}", "{\"amount\":\"1.000\",\"licensee_id\":\"" + who.LicenseeId + "\",\"reason\":\"c\",\"decision\":\"approve\"}" })
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    var response = await client.SendAsync(request);
                    var allowed = ReadOnlyRolesMay.TryGetValue($"{method} {pattern}", out var roles) && roles.Contains(role);
                    if (response.IsSuccessStatusCode && !allowed)
                        failures.Add($"{method} {pattern} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await Fingerprint());
    }

    /// <summary>Row counts of every table a write would touch, and the money columns.</summary>
    private Task<string> Fingerprint() => App.WithDb(async db => string.Join("|",
        await db.Ledger.CountAsync(), await db.DepositAccounts.SumAsync(a => a.BalanceMills), await db.DepositAccounts.SumAsync(a => a.AdvanceLimitMills),
        await db.Deposits.CountAsync(), await db.Devices.CountAsync(), await db.Devices.SumAsync(d => d.DescendingMills), await db.Resets.CountAsync(),
        await db.Indicia.CountAsync(), await db.Audits.CountAsync(), await db.Licenses.CountAsync(l => l.Status == LicenseStatus.Valid), await db.LicenseApplications.CountAsync(),
        await db.CustomerRecords.CountAsync(), await db.Transmissions.CountAsync(), await db.ApiKeys.CountAsync(), await db.Users.CountAsync(),
        await db.Refunds.CountAsync(), await db.Leases.CountAsync(), await db.PrivacyRequests.CountAsync(), await db.RateTables.CountAsync()));
}

[Collection("sqlite")]
public sealed class SqliteEndpointAccessTests(SqliteAppFixture f) : EndpointAccessTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresEndpointAccessTests(PostgresAppFixture f) : EndpointAccessTests(() => f.App), IClassFixture<PostgresAppFixture>;
