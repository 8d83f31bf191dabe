using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Api;

/// <summary>
/// Issue 19 item 5: the OpenAPI document matches the server. Every mapped /v1 route is documented and
/// every documented one exists; the security requirement, required fields, enums, problem schema and
/// file content types are checked against what the endpoints really do, for a sample of requests.
/// </summary>
[Collection("sqlite")]
public sealed class OpenApiDocumentTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private JsonNode? _document;

    private async Task<JsonNode> Document()
    {
        await world.Ready();
        return _document ??= await world.Clients["anonymous"].GetAsync("/openapi/v1.json").Ok();
    }

    private static JsonNode Operation(JsonNode document, string method, string path) =>
        document["paths"]?[path]?[method.ToLowerInvariant()] ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not documented");

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"] is { } reference ? document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]! : schema;

    private static List<string> Enum(JsonNode schema) => schema["enum"]!.AsArray().Where(v => v is not null).Select(v => (string)v!).ToList();

    private static JsonNode Parameter(JsonNode operation, string name) =>
        operation["parameters"]!.AsArray().First(p => (string?)p!["name"] == name)!;

    [SkippableFact]
    public async Task EveryMappedV1Route_IsDocumented_AndEveryDocumentedRouteExists()
    {
        var document = await Document();
        var mapped = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet();
        var documented = document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete").Select(o => $"{o.Key.ToUpperInvariant()} {p.Key.TrimEnd('/')}"))
            .ToHashSet();
        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Except(mapped));
        Assert.True(mapped.Count > 100, $"only {mapped.Count} /v1 operations were found");
    }

    [SkippableFact]
    public async Task EveryOperation_IsTaggedWithItsModule()
    {
        // Issue 18: each module maps its endpoints in a group tagged with the module, so the API reference lists them
        // by module; an untagged endpoint falls into the application's name ("Ibis.Server").
        var document = await Document();
        var untagged = document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
                .Where(o => o.Value!["tags"] is not JsonArray tags || tags.Count == 0 || tags.Any(t => (string?)t == "Ibis.Server"))
                .Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"))
            .ToList();
        Assert.Empty(untagged);
        Assert.Contains("Devices", document["paths"]!["/v1/devices/{deviceId}/resets"]!["post"]!["tags"]!.AsArray().Select(t => (string?)t));
    }

    [SkippableFact]
    public async Task BearerScheme_IsDeclared_AndEachOperationsRequirement_MatchesWhatTheServerDoes()
    {
        var document = await Document();
        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        var anonymous = world.Clients["anonymous"];
        foreach (var path in new[] { "/v1/certificates", "/v1/certificates/authorities", "/v1/devices", "/v1/payment-methods", "/v1/accounts", "/v1/rate-tables" })
        {
            var security = Operation(document, "GET", path)["security"]?.AsArray() ?? [];
            var secured = security.Any(r => r!.AsObject().ContainsKey("bearer"));
            var status = (await anonymous.GetAsync(path)).StatusCode;
            Assert.True(secured == (status == HttpStatusCode.Unauthorized), $"{path}: documented {(secured ? "secured" : "public")}, answered {(int)status} without a key");
        }
    }

    [SkippableFact]
    public async Task ProblemSchema_DescribesARealErrorBody()
    {
        var document = await Document();
        var schema = document["components"]!["schemas"]!["Problem"]!;
        var properties = schema["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "type", "title", "status", "code", "detail", "param", "errors", "trace_id" }, properties);
        var response = await world.Clients["licensee"].GetAsync("/v1/accounts/acc_none/deposits?limit=0");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = (await response.Body()).AsObject();
        Assert.Subset(properties, body.Select(p => p.Key).ToHashSet());
        foreach (var required in schema["required"]!.AsArray()) Assert.True(body.ContainsKey((string)required!), $"the error body has no {required}");
        // Every documented error answer of an operation is this schema.
        var print = Operation(document, "POST", "/v1/devices/{deviceId}/indicia");
        foreach (var status in new[] { "400", "402", "404" })
            Assert.EndsWith("/Problem", (string)print["responses"]![status]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!);
    }

    [SkippableFact]
    public async Task RequiredFieldsOfThePrintBody_AreReallyRequired_AndNullableOnesAreOptional()
    {
        var document = await Document();
        var body = Resolve(document, Operation(document, "POST", "/v1/devices/{deviceId}/indicia")["requestBody"]!["content"]!["application/json"]!["schema"]!);
        var required = body["required"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Equal(["mail_class", "mailing_date", "rate_category"], required.Order().ToList());
        Assert.DoesNotContain("destination_zip", required); // nullable: optional
        // The return address (inline or an address book entry) is documented, optional, with its own fields.
        var properties = body["properties"]!.AsObject();
        Assert.True(properties.ContainsKey("from_address_id"), "from_address_id is documented");
        var fromSchema = properties["from_address"]!;
        // A nullable object may be written as oneOf/anyOf of its $ref and null.
        fromSchema = (fromSchema["oneOf"] ?? fromSchema["anyOf"])?.AsArray().First(s => s!["$ref"] is not null) ?? fromSchema;
        var from = Resolve(document, fromSchema);
        Assert.Subset(new HashSet<string>(from["properties"]!.AsObject().Select(p => p.Key)), new HashSet<string> { "name", "company", "lines", "city", "state", "zip5", "zip4" });
        var client = world.Clients["licensee"];
        var device = world.App.Sandbox.DeviceId;
        foreach (var field in required)
        {
            var piece = (Dictionary<string, object?>)PrintingTests.Letter();
            piece.Remove(field);
            var response = await client.PostJson($"/v1/devices/{device}/indicia", piece);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains((await response.Body())["errors"]!.AsArray(), e => (string?)e!["param"] == field);
        }
        // The documented optional fields may be left out: a letter without destination_zip, origin_zip or medium prints.
        var optional = (Dictionary<string, object?>)PrintingTests.Letter(zip: null);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/devices/{device}/indicia", optional)).StatusCode);
    }

    [SkippableFact]
    public async Task Enums_AreExactlyTheValuesTheApiAccepts()
    {
        var document = await Document();
        var client = world.Clients["licensee"];
        var quote = Operation(document, "GET", "/v1/rates/quote");
        Assert.True((bool)Parameter(quote, "weight_oz")["required"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1/rates/quote")).StatusCode); // weight_oz really required
        var classes = Enum(Parameter(quote, "mail_class")["schema"]!);
        foreach (var mailClass in classes)
            await client.GetAsync($"/v1/rates/quote?weight_oz=1&mail_class={mailClass}&destination_zip=90210&device_id={world.App.Sandbox.DeviceId}").Ok();
        var unknown = await (await client.GetAsync("/v1/rates/quote?weight_oz=1&mail_class=carrier_pigeon")).Body();
        Assert.Equal("mail_class_unknown", (string?)unknown["code"]);

        // The print body names the same classes, and the media GET /v1/indicia/{id}?medium= accepts.
        var print = Resolve(document, Operation(document, "POST", "/v1/devices/{deviceId}/indicia")["requestBody"]!["content"]!["application/json"]!["schema"]!);
        Assert.Equal(classes, Enum(print["properties"]!["mail_class"]!));
        var indicium = await Print(client);
        foreach (var medium in Enum(print["properties"]!["medium"]!))
            await client.GetAsync($"/v1/indicia/{indicium}?medium={medium}").Ok();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/v1/indicia/{indicium}?medium=papyrus")).StatusCode);

        // The deposit's payment methods are those the API lists (P050 3.5a).
        var deposit = Resolve(document, Operation(document, "POST", "/v1/accounts/{accountId}/deposits")["requestBody"]!["content"]!["application/json"]!["schema"]!);
        var listed = (await client.GetAsync("/v1/payment-methods").Ok())["data"]!.AsArray().Select(m => (string)m!["code"]!).ToList();
        Assert.Equal(listed.Order(), Enum(deposit["properties"]!["method"]!).Order());
    }

    private async Task<string> Print(HttpClient client)
    {
        var response = await client.PostJson($"/v1/devices/{world.App.Sandbox.DeviceId}/indicia", PrintingTests.Letter());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Body())["id"]!;
    }

    [SkippableFact]
    public async Task TwoRecordsOfOneName_HaveTheirOwnSchemas()
    {
        // Privacy's identity verification and the indicium verification both have a VerificationRequest.
        var document = await Document();
        var privacy = Resolve(document, Operation(document, "POST", "/v1/privacy-requests/{requestId}/verification")["requestBody"]!["content"]!["application/json"]!["schema"]!);
        Assert.True(privacy["properties"]!.AsObject().ContainsKey("method"));
        Assert.False(privacy["properties"]!.AsObject().ContainsKey("barcode_data"));
    }

    [SkippableFact]
    public async Task EverySchemaOfAServerType_IsAPublicType()
    {
        // Issue 18: a request or answer body is its module's contract (docs/architecture.md, "Contracts"), so it is
        // public, while a type no other module uses is internal. The architecture tests find the bodies in the IL
        // (ModuleContracts); this holds what they find against the document itself. A schema is named after its type,
        // or after its module and type when two modules have a type of that name.
        var document = await Document();
        var types = typeof(Ibis.Server.Api.OpenApiDocumentation).Assembly.GetTypes()
            .Where(t => !t.IsNestedPrivate && !t.Name.Contains('<', StringComparison.Ordinal)).ToList();
        static bool Names(string id, Type t) => id == t.Name || id == (t.Namespace ?? "").Split('.')[^1] + t.Name;
        var found = 0;
        var notPublic = new List<string>();
        foreach (var (id, _) in document["components"]!["schemas"]!.AsObject())
        {
            var matching = types.Where(t => Names(id, t)).ToList();
            if (matching.Count == 0) continue; // the problem schema, a generic list's name, a Domain or framework type
            found++;
            if (!matching.Any(t => t.IsVisible)) notPublic.Add($"{id}: {string.Join(", ", matching.Select(t => t.FullName))}");
        }
        Assert.Empty(notPublic);
        Assert.True(found > 100, $"only {found} schemas were matched to a type of the server");
    }

    [SkippableFact]
    public async Task FileRoutes_DocumentTheirContentTypes_AndAnswerWithThem()
    {
        var document = await Document();
        var client = world.Clients["licensee"];
        var image = Operation(document, "GET", "/v1/indicia/{id}")["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).ToList();
        Assert.Superset(new HashSet<string> { "application/json", "image/png", "image/svg+xml", "application/pdf" }, image.ToHashSet());
        var indicium = await Print(client);
        foreach (var (ext, type) in new[] { (".png", "image/png"), (".svg", "image/svg+xml"), ("", "application/json") })
        {
            var response = await client.GetAsync($"/v1/indicia/{indicium}{ext}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
        var statement = Operation(document, "GET", "/v1/accounts/{accountId}/statements/{month}")["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "text/csv", "application/pdf" }, statement);
        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("text/csv", (await client.GetAsync($"/v1/accounts/{world.AccountId}/statements/{month}.csv")).Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task EveryPagedList_DocumentsItsPagingParameters()
    {
        var document = await Document();
        foreach (var path in new[] { "/v1/devices", "/v1/accounts/{accountId}/ledger", "/v1/refunds", "/v1/payment-methods" })
        {
            var names = Operation(document, "GET", path)["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToHashSet();
            Assert.Superset(new HashSet<string> { "limit", "starting_after", "ending_before" }, names);
            Assert.Equal(path != "/v1/payment-methods", names.Contains("created[gte]"));
        }
        var limit = Parameter(Operation(document, "GET", "/v1/devices"), "limit")["schema"]!;
        Assert.Equal(100, (int)limit["maximum"]!);
    }

    [SkippableFact]
    public async Task ReferencePage_IsServed_AndLinkedFromTheHomePage()
    {
        await world.Ready();
        var anonymous = world.Clients["anonymous"];
        var home = await anonymous.GetStringAsync("/");
        Assert.Contains("href=\"/reference\"", home, StringComparison.Ordinal);
        // Twice: each answer carries its own nonce, in the header and on the scripts (no page cached with an old one).
        var html = "";
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var page = await anonymous.GetAsync("/reference/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            html = await page.Content.ReadAsStringAsync();
            // The page's scripts carry the nonce of the site's own Content-Security-Policy: no exception to the policy is needed.
            var policy = page.Headers.GetValues("Content-Security-Policy").Single();
            var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
            Assert.NotEmpty(nonce);
            // A browser decodes the attribute ("+" may be written &#x2B;) before it compares the nonce.
            Assert.True(System.Net.WebUtility.HtmlDecode(html).Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal), $"nonce {nonce} not on the page: {html[..Math.Min(html.Length, 1500)]}");
            Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        }
        Assert.Contains("openapi", html, StringComparison.Ordinal);
    }
}
