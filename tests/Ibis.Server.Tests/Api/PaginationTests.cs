using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Api;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Api;

/// <summary>
/// Issue 19: every list pages by cursor the same way — limit, starting_after / ending_before (an object
/// id), a true has_more, created[gte|lt] — and a bad limit or cursor is a 400 naming the parameter.
/// One theory walks every list route one object at a time and checks that the pages, joined, are the
/// whole list in order, without overlap or gap.
/// </summary>
[Collection("sqlite")]
public sealed class PaginationTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    /// <summary>Every list route: its pattern (as mapped), the URL to call, who calls it and the purpose header it needs.</summary>
    public static TheoryData<string, string, string, string?> ListRoutes => new()
    {
        { "/v1/compliance/duties", "/v1/compliance/duties", "provider", null },
        { "/v1/compliance/inbox", "/v1/compliance/inbox", "licensee", null },
        { "/v1/applications", "/v1/applications", "provider", null },
        { "/v1/licenses", "/v1/licenses", "provider", null },
        { "/v1/appeals", "/v1/appeals", "licensee", null },
        { "/v1/notices", "/v1/notices", "licensee", null },
        { "/v1/provider-tasks", "/v1/provider-tasks", "provider", null },
        { "/v1/leases", "/v1/leases", "provider", null },
        { "/v1/devices/{deviceId}/resets", "/v1/devices/{device}/resets", "licensee", null },
        { "/v1/devices/{deviceId}/audits", "/v1/devices/{device}/audits", "provider", null },
        { "/v1/cases", "/v1/cases", "provider", null },
        { "/v1/payment-methods", "/v1/payment-methods", "licensee", null },
        { "/v1/accounts", "/v1/accounts", "provider", null },
        { "/v1/accounts/{accountId}/deposits", "/v1/accounts/{account}/deposits", "licensee", null },
        { "/v1/accounts/{accountId}/ledger", "/v1/accounts/{account}/ledger", "licensee", null },
        { "/v1/transmissions", "/v1/transmissions", "provider", null },
        { "/v1/devices", "/v1/devices", "provider", null },
        { "/v1/devices/{deviceId}/history", "/v1/devices/{device}/history", "licensee", null },
        { "/v1/devices/{deviceId}/incidents", "/v1/devices/{device}/incidents", "licensee", null },
        { "/v1/device-replacements-due", "/v1/device-replacements-due?within_days=1098", "provider", null },
        { "/v1/certificates", "/v1/certificates", "anonymous", null },
        { "/v1/certificates/authorities", "/v1/certificates/authorities", "anonymous", null },
        { "/v1/indicium-designs", "/v1/indicium-designs", "licensee", null },
        { "/v1/advertisements", "/v1/advertisements", "provider", null },
        { "/v1/rate-tables", "/v1/rate-tables", "licensee", null },
        { "/v1/customers/search", "POST {\"name\":\"sandbox mailer llc\"} /v1/customers/search", "privacy_officer", "licensing_decision" },
        { "/v1/privacy/disclosures", "/v1/privacy/disclosures", "privacy_officer", null },
        { "/v1/customers/{recordId}/access-log", "/v1/customers/{record}/access-log", "privacy_officer", null },
        { "/v1/privacy-requests", "/v1/privacy-requests", "privacy_officer", null },
        { "/v1/retention/disposals", "/v1/retention/disposals", "privacy_officer", null },
        { "/v1/oversight/devices", "/v1/oversight/devices?purpose=paging%20test", "postal", null },
        { "/v1/oversight/devices/{deviceId}/resets", "/v1/oversight/devices/{device}/resets?purpose=paging%20test", "postal", null },
        { "/v1/oversight/devices/{deviceId}/audits", "/v1/oversight/devices/{device}/audits?purpose=paging%20test", "postal", null },
        { "/v1/oversight/devices/{deviceId}/indicia", "/v1/oversight/devices/{device}/indicia?purpose=paging%20test", "postal", null },
        { "/v1/oversight/cases", "/v1/oversight/cases?purpose=paging%20test", "postal", null },
        { "/v1/oversight/revocation-evidence", "/v1/oversight/revocation-evidence?purpose=paging%20test", "postal", null },
        { "/v1/oversight/reads", "/v1/oversight/reads", "postal", null },
        { "/v1/oversight/resets", "/v1/oversight/resets?purpose=paging%20test", "postal", null },
        { "/v1/oversight/audits", "/v1/oversight/audits?purpose=paging%20test", "postal", null },
        { "/v1/oversight/indicia", "/v1/oversight/indicia?purpose=paging%20test", "postal", null },
        { "/v1/oversight/devices/{deviceId}/history", "/v1/oversight/devices/{device}/history?purpose=paging%20test", "postal", null },
        { "/v1/oversight/devices/{deviceId}/cases", "/v1/oversight/devices/{device}/cases?purpose=paging%20test", "postal", null },
        { "/v1/compliance/test-indicia-destructions", "/v1/compliance/test-indicia-destructions", "postal", null },
        { "/v1/devices/{deviceId}/shipments", "/v1/devices/{device}/shipments", "provider", null },
        { "/v1/providers/{providerId}/sanctions", "/v1/providers/{provider}/sanctions", "postal", null },
        { "/v1/refunds", "/v1/refunds", "licensee", null },
        { "/v1/providers", "/v1/providers", "postal", null },
        { "/v1/users", "/v1/users", "provider_session", null },
        { "/v1/api-keys", "/v1/api-keys", "provider_session", null },
        { "/v1/indicia", "/v1/indicia", "licensee", null },
        { "/v1/webhook_endpoints", "/v1/webhook_endpoints", "licensee", null },
        { "/v1/webhook_endpoints/{id}/deliveries", "/v1/webhook_endpoints/{webhook}/deliveries", "licensee", null },
        { "/v1/cases/{caseId}/security-reports", "/v1/cases/{case}/security-reports", "provider", null },
    };

    private async Task<(HttpClient Client, string Url)> Route(string url, string who)
    {
        await world.Ready();
        url = url.Replace("{device}", world.App.Sandbox.DeviceId, StringComparison.Ordinal)
            .Replace("{account}", world.AccountId, StringComparison.Ordinal)
            .Replace("{record}", world.CustomerRecordId, StringComparison.Ordinal)
            .Replace("{webhook}", world.WebhookEndpointId, StringComparison.Ordinal)
            .Replace("{case}", world.CaseId, StringComparison.Ordinal);
        if (url.Contains("{provider}", StringComparison.Ordinal))
        {
            var deviceId = world.App.Sandbox.DeviceId;
            var providerId = await world.App.WithDb(db => db.Devices.Where(d => d.Id == deviceId).Select(d => d.ProviderId).SingleAsync());
            url = url.Replace("{provider}", providerId, StringComparison.Ordinal);
        }
        return (world.Clients[who], url);
    }

    private static string With(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    [SkippableTheory]
    [MemberData(nameof(ListRoutes))]
    public async Task EveryList_PagesByCursor_WithoutOverlapOrGap(string pattern, string path, string who, string? purpose)
    {
        var (client, url) = await Route(path, who);
        var whole = await client.Send(With(url, "limit=100"), purpose).Ok();
        Assert.Equal("list", (string?)whole["object"]);
        Assert.False((bool)whole["has_more"]!, $"{pattern}: the sandbox holds fewer than 100 objects here");
        var all = whole["data"]!.AsArray().Select(Id).ToList();

        // One object a page: every page but the last says has_more; the cursor continues where the last page ended.
        var walked = new List<string>();
        string? after = null;
        for (var pages = 0; pages <= all.Count; pages++)
        {
            var page = await client.Send(With(url, "limit=1" + (after is null ? "" : $"&starting_after={Uri.EscapeDataString(after)}")), purpose).Ok();
            var data = page["data"]!.AsArray();
            var hasMore = (bool)page["has_more"]!;
            Assert.True(data.Count <= 1, $"{pattern}: limit=1 answered {data.Count} objects");
            walked.AddRange(data.Select(Id));
            Assert.Equal(walked.Count < all.Count, hasMore);
            if (!hasMore) break;
            after = walked[^1];
        }
        Assert.Equal(all, walked);

        // Backwards from the last object: ending_before gives the one before it (and has_more when more precede it).
        if (all.Count >= 2)
        {
            var back = await client.Send(With(url, $"limit=1&ending_before={Uri.EscapeDataString(all[^1])}"), purpose).Ok();
            Assert.Equal([all[^2]], back["data"]!.AsArray().Select(Id).ToList());
            Assert.Equal(all.Count > 2, (bool)back["has_more"]!);
        }
    }

    private static string Id(JsonNode? item) =>
        (string?)item!["id"] ?? (string?)item["serial"] ?? (string?)item["code"] ?? (string?)item["device_id"]
        ?? throw new InvalidOperationException($"a list item without an id: {item.ToJsonString()}");

    [SkippableTheory]
    [InlineData("limit=0", "limit_invalid", "limit")]
    [InlineData("limit=101", "limit_invalid", "limit")]
    [InlineData("limit=ten", "limit_invalid", "limit")]
    [InlineData("starting_after=dep_nosuchdeposit", "starting_after_invalid", "starting_after")]
    [InlineData("ending_before=dep_nosuchdeposit", "ending_before_invalid", "ending_before")]
    [InlineData("created[gte]=yesterday", "created_invalid", "created[gte]")]
    public async Task BadPagingParameter_Is400_NamingIt(string query, string code, string param)
    {
        var (client, url) = await Route("/v1/accounts/{account}/deposits", "licensee");
        var response = await client.GetAsync(With(url, query));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Body();
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal(param, (string?)problem["param"]);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string?)e!["param"] == param);
    }

    [SkippableFact]
    public async Task SeveralBadPagingParameters_AreAllReported()
    {
        var (client, url) = await Route("/v1/accounts/{account}/deposits", "licensee");
        var problem = await (await client.GetAsync(With(url, "limit=0&created[gte]=soon&created[lt]=later"))).Body();
        Assert.Equal(["limit", "created[gte]", "created[lt]"], problem["errors"]!.AsArray().Select(e => (string?)e!["param"]).ToList());
    }

    [SkippableFact]
    public async Task AnotherCallersId_IsNoCursor()
    {
        // The second licensee's device is not in the sandbox licensee's list: its id pages nothing.
        var (client, url) = await Route("/v1/accounts/{account}/deposits", "licensee");
        var other = (string)(await world.Clients["provider"].GetAsync("/v1/accounts?limit=100").Ok())["data"]!.AsArray()
            .Select(a => (string)a!["id"]!).First(id => id != world.AccountId);
        var response = await client.GetAsync(With(url, $"starting_after={other}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [SkippableFact]
    public async Task CreatedFilters_KeepOnlyObjectsOfTheWindow()
    {
        var (client, url) = await Route("/v1/accounts/{account}/deposits", "licensee");
        var all = (await client.GetAsync(With(url, "limit=100")).Ok())["data"]!.AsArray();
        var times = all.Select(d => DateTimeOffset.Parse((string)d!["created_at"]!, System.Globalization.CultureInfo.InvariantCulture)).OrderBy(t => t).ToList();
        var from = times[^1];
        var after = (await client.GetAsync(With(url, $"limit=100&created[gte]={Uri.EscapeDataString(from.ToString("O"))}")).Ok())["data"]!.AsArray();
        Assert.All(after, d => Assert.True(DateTimeOffset.Parse((string)d!["created_at"]!, System.Globalization.CultureInfo.InvariantCulture) >= from));
        Assert.NotEmpty(after);
        var before = (await client.GetAsync(With(url, $"limit=100&created[lt]={Uri.EscapeDataString(times[0].ToString("O"))}")).Ok())["data"]!.AsArray();
        Assert.Empty(before);
        // A list without creation times refuses the filter rather than ignoring it.
        var methods = await client.GetAsync("/v1/payment-methods?created[gte]=2026-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, methods.StatusCode);
    }

    /// <summary>The theory above covers every list the server maps (every endpoint marked as a paged list), and nothing else.</summary>
    [SkippableFact]
    public async Task TheTheory_CoversEveryMappedList()
    {
        await world.Ready();
        var mapped = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PagedListMetadata>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/')).Distinct().OrderBy(p => p).ToList();
        var covered = ListRoutes.Select(r => (string)r[0]).OrderBy(p => p).ToList();
        var uncovered = mapped.Except(covered).ToList();
        var stale = covered.Except(mapped).ToList();
        Assert.True(uncovered.Count == 0 && stale.Count == 0,
            $"paged lists without a row in ListRoutes: {string.Join(", ", uncovered)}; rows for no paged list: {string.Join(", ", stale)}");
    }
}
