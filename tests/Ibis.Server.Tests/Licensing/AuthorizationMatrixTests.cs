using System.Net;
using System.Net.Http.Json;
using Ibis.Data.Entities;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Licensing;

/// <summary>
/// Issue 6: every licensing, customer-record and privacy endpoint × every role × own/other record →
/// allow or deny (notice 820.100 "Safeguards", DESIGN §4 "Access"). The endpoints come from the app's
/// endpoint data source, so a new endpoint without a row in <see cref="Expected"/> fails the test.
/// "Own" is licensee A's record (A, or A's provider); "other" is licensee B's, whose provider is another.
/// Denied means 401/403/404 (or, for a list, the record is absent); allowed means the request got past
/// access control (a 2xx, or a validation/state answer about the record itself).
/// </summary>
public abstract class AuthorizationMatrixTests(Func<ClockedApp> fixture)
{
    private IbisApp App => fixture().App;

    private const string L = Caller.LicenseeRole, P = Caller.ProviderRole, Postal = Caller.PostalRole, LO = Caller.LicensingOfficialRole,
        AM = Caller.AppealsManagerRole, PO = Caller.PrivacyOfficerRole;

    /// <summary>Endpoint → (roles allowed on their own record, roles allowed on another's).</summary>
    private static readonly Dictionary<string, (string[] Own, string[] Other)> Expected = new()
    {
        ["POST /v1/applications"] = ([L, P], []),
        ["GET /v1/applications"] = ([L, P, Postal, LO, AM], [Postal, LO, AM]),
        ["GET /v1/applications/{applicationId}"] = ([L, P, Postal, LO, AM], [Postal, LO, AM]),
        ["POST /v1/applications/{applicationId}/transmission"] = ([P], []),
        ["POST /v1/applications/{applicationId}/decision"] = ([LO], [LO]),
        ["GET /v1/licenses"] = ([L, P, Postal, LO, AM], [Postal, LO, AM]),
        ["GET /v1/licenses/{licenseId}"] = ([L, P, Postal, LO, AM], [Postal, LO, AM]),
        ["POST /v1/licenses/{licenseId}/updates"] = ([L, P], []),
        ["POST /v1/licenses/{licenseId}/revocation"] = ([LO], [LO]),
        ["POST /v1/appeals"] = ([L], []),
        ["GET /v1/appeals"] = ([L, P, Postal, LO, AM], [Postal, LO, AM]),
        ["GET /v1/appeals/{appealId}"] = ([L, P, Postal, LO, AM], [Postal, LO, AM]),
        ["POST /v1/appeals/{appealId}/decision"] = ([AM], [AM]),
        ["GET /v1/notices"] = ([L, P, Postal, LO, AM], [Postal, LO, AM]),
        ["GET /v1/provider-tasks"] = ([P, Postal, LO], [Postal, LO]),
        ["POST /v1/provider-tasks/{taskId}/completion"] = ([P], []),
        ["POST /v1/leases"] = ([P], []),
        ["GET /v1/leases"] = ([L, P, Postal, LO], [Postal, LO]),
        ["POST /v1/customers"] = ([L, P], []),
        ["POST /v1/customers/search"] = ([L, P, LO, PO], [LO, PO]),
        ["GET /v1/customers/{recordId}"] = ([L, P, LO, PO], [LO, PO]),
        ["PATCH /v1/customers/{recordId}"] = ([L, P, PO], [PO]),
        ["POST /v1/customers/{recordId}/relationship-end"] = ([P], []),
        ["GET /v1/customers/{recordId}/access-log"] = ([L, PO], [PO]),
        ["POST /v1/privacy-requests"] = ([L], []),
        ["GET /v1/privacy-requests"] = ([L, PO], [PO]),
        ["POST /v1/privacy-requests/written-inquiries"] = ([PO], [PO]),
        ["POST /v1/privacy-requests/{requestId}/verification"] = ([PO], [PO]),
        ["GET /v1/privacy-requests/{requestId}/report"] = ([L, PO], [PO]),
        ["POST /v1/privacy-requests/{requestId}/decision"] = ([PO], [PO]),
        ["POST /v1/privacy/disclosures"] = ([PO], [PO]),
        ["GET /v1/privacy/disclosures"] = ([PO], [PO]),
        ["POST /v1/retention/runs"] = ([PO], [PO]),
        ["GET /v1/retention/disposals"] = ([PO], [PO]),
        ["GET /v1/retention/schedule"] = ([PO], [PO]),
    };

    private static readonly string[] Tags = [Ibis.Server.Licensing.LicensingWorkflowApi.Tag, Ibis.Server.Customers.CustomersApi.Tag, Ibis.Server.Privacy.PrivacyApi.Tag];

    private sealed record Party(string LicenseeId, string ApiKey, string ProviderId, Dictionary<string, string> Ids);

    [SkippableFact]
    public async Task EveryEndpoint_EveryRole_OwnAndOtherRecord_IsAllowedOrDeniedAsExpected()
    {
        var endpoints = App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Any(Tags.Contains) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct().Order().ToList();
        Assert.Equal(Expected.Keys.Order().ToList(), endpoints); // a new endpoint needs its row here

        var a = await Setup("Own Co", newProvider: false);
        var b = await Setup("Other Co", newProvider: true);
        var failures = new List<string>();
        foreach (var role in Caller.Roles)
            foreach (var (target, own) in new[] { (a, true), (b, false) })
            {
                var client = await App.As(role, role == L ? a.LicenseeId : null, role == P ? a.ProviderId : null);
                foreach (var endpoint in endpoints)
                {
                    var expected = (own ? Expected[endpoint].Own : Expected[endpoint].Other).Contains(role);
                    var (allowed, detail) = await Probe(client, endpoint, target);
                    if (allowed != expected)
                        failures.Add($"{endpoint} as {role} on {(own ? "own" : "other")} record: expected {(expected ? "allow" : "deny")}, got {detail}");
                }
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public void EveryLicensingPath_IsTagged_SoTheMatrixSeesIt()
    {
        var prefixes = new[] { "/v1/applications", "/v1/licenses", "/v1/appeals", "/v1/notices", "/v1/provider-tasks", "/v1/leases", "/v1/customers", "/v1/privacy-requests", "/v1/privacy/", "/v1/retention" };
        var untagged = App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => prefixes.Any(p => e.RoutePattern.RawText!.StartsWith(p, StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Any(Tags.Contains) != true)
            .Where(e => !ElsewhereCovered.Contains(e.RoutePattern.RawText!))
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(untagged.Count == 0, "untagged: " + string.Join(", ", untagged));
    }

    /// <summary>Paths under a licensing prefix that belong to another module, with their own access tests.</summary>
    private static readonly string[] ElsewhereCovered =
    [
        "/v1/licenses/{licenseId}/classified-branch", // P050 4.x classified branch approval (rates/indicia module)
    ];

    private async Task<(bool Allowed, string Detail)> Probe(HttpClient client, string endpoint, Party target)
    {
        var method = endpoint[..endpoint.IndexOf(' ')];
        var path = endpoint[(endpoint.IndexOf(' ') + 1)..];
        foreach (var (name, id) in target.Ids) path = path.Replace("{" + name + "}", id, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET") request.Content = JsonContent.Create(Body(endpoint, target));
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (status is 401 or 403 or 404) return (false, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (status >= 500) return (!true, $"{status} {text}");
        var isList = (method == "GET" && !path.Contains("/v1/retention", StringComparison.Ordinal) && endpoint.Count(c => c == '{') == 0)
                     || endpoint == "POST /v1/customers/search";
        if (isList) return (text.Contains(target.LicenseeId, StringComparison.Ordinal), text.Contains(target.LicenseeId, StringComparison.Ordinal) ? "listed" : "not listed");
        return (true, $"{status} {text[..Math.Min(160, text.Length)]}");
    }

    private static object Body(string endpoint, Party t) => endpoint switch
    {
        "POST /v1/applications" or "POST /v1/leases" or "POST /v1/customers" => new { licensee_id = t.LicenseeId },
        "POST /v1/appeals" => new { decision_id = t.Ids["applicationId"], statement = "x" },
        "POST /v1/customers/search" => new { customer_id = t.Ids["customerNumber"] },
        "POST /v1/privacy/disclosures" => Disclosure(t.Ids["recordId"]),
        "POST /v1/privacy-requests" => new { kind = "amendment", record_id = t.Ids["recordId"], changes = new Dictionary<string, object>() },
        _ => new { },
    };

    private static object Disclosure(string recordId) => new
    {
        record_id = recordId, recipient = "Office of the Inspector General", recipient_address = "1735 N Lynn St, Arlington, VA 22209",
        routine_use = "auditors", purpose = "audit of the licensing program",
    };

    /// <summary>A customer with one of everything: record, approved and refused applications, a revoked license with a closed task, an appeal, an inquiry.</summary>
    private async Task<Party> Setup(string name, bool newProvider)
    {
        var who = await App.NewLicensee(name);
        var providerId = await App.ProviderOf(who.LicenseeId);
        if (newProvider)
        {
            providerId = Ibis.Domain.Ids.New("prv");
            var id = providerId;
            await App.WithDb(async db =>
            {
                db.Providers.Add(new ProviderRow { Id = id, Name = "Other Provider", Sandbox = true, CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
                await db.Licensees.Where(l => l.Id == who.LicenseeId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ProviderId, id));
                await db.Leases.Where(l => l.LicenseeId == who.LicenseeId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ProviderId, id));
                return await db.Devices.Where(d => d.LicenseeId == who.LicenseeId).ExecuteUpdateAsync(s => s.SetProperty(d => d.ProviderId, id));
            });
        }
        var licensee = App.ClientFor(who.ApiKey);
        var provider = await App.As(P, providerId: providerId);
        var official = await App.As(LO);
        var record = await licensee.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, name, name.Replace(" ", "", StringComparison.Ordinal))).Ok(HttpStatusCode.Created);
        var refusedId = (string)(await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/applications/{refusedId}/transmission", new { }).Ok();
        await official.PostJson($"/v1/applications/{refusedId}/decision", new { decision = "refuse", reason = "false_information" }).Ok();
        var appeal = await licensee.PostJson("/v1/appeals", new { decision_id = refusedId, statement = "It was true." }).Ok(HttpStatusCode.Created);
        var approvedId = (string)(await licensee.PostJson("/v1/applications", LicensingClient.Form("20500")).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/applications/{approvedId}/transmission", new { }).Ok();
        var licenseId = (string)(await official.PostJson($"/v1/applications/{approvedId}/decision", new { decision = "approve" }).Ok())["license_id"]!;
        await provider.PostJson("/v1/leases", new { licensee_id = who.LicenseeId, license_id = licenseId, signed_by = "Signer", signed_on = "2026-11-20", resetting_account_id = await App.AccountOf(who.LicenseeId) }).Ok(HttpStatusCode.Created);
        await official.PostJson($"/v1/licenses/{licenseId}/revocation", new { reason = "c" }).Ok();
        var taskId = (string)(await provider.GetAsync("/v1/provider-tasks").Ok())["data"]!.AsArray().Single(t => (string)t!["license_id"]! == licenseId)!["id"]!;
        await provider.PostJson($"/v1/provider-tasks/{taskId}/completion", new { }).Ok();
        var request = await licensee.PostJson("/v1/privacy-requests", new { kind = "inquiry", customer_name = name }).Ok(HttpStatusCode.Created);
        await (await App.As(PO)).PostJson("/v1/privacy/disclosures", Disclosure((string)record["id"]!)).Ok(HttpStatusCode.Created);
        return new Party(who.LicenseeId, who.ApiKey, providerId, new Dictionary<string, string>
        {
            ["applicationId"] = approvedId, ["licenseId"] = licenseId, ["appealId"] = (string)appeal["id"]!, ["taskId"] = taskId,
            ["recordId"] = (string)record["id"]!, ["customerNumber"] = (string)record["customer_id"]!, ["requestId"] = (string)request["id"]!,
        });
    }
}

[Collection("sqlite")]
public sealed class SqliteAuthorizationMatrixTests(SqliteClockedApp f) : AuthorizationMatrixTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresAuthorizationMatrixTests(PostgresClockedApp f) : AuthorizationMatrixTests(() => f), IClassFixture<PostgresClockedApp>;
