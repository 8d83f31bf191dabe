using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Api;

/// <summary>
/// Issue 19, the API's conventions: every validation error of a request at once (with param), no .NET
/// type names in any answer, uniform problem bodies for 404/405/413/415, a batch that does not fit says
/// what it needs, rates for every class in one call, and a ledger line's balance is its own book's.
/// </summary>
[Collection("sqlite")]
public sealed class ApiConventionsTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(HttpClient Client, string Device)> Licensee()
    {
        await world.Ready();
        return (world.Clients["licensee"], world.App.Sandbox.DeviceId);
    }

    private static async Task<JsonNode> Problem(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ibis.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", text, StringComparison.Ordinal);
        var problem = JsonNode.Parse(text)!;
        foreach (var member in new[] { "type", "title", "status", "code", "detail", "trace_id" })
            Assert.True(problem[member] is not null, $"the problem has no {member}: {text}");
        Assert.Equal(status, (int)problem["status"]!);
        return problem;
    }

    private static List<string?> Params(JsonNode problem) => problem["errors"]!.AsArray().Select(e => (string?)e!["param"]).ToList();

    [SkippableFact]
    public async Task Print_WithSeveralBadFields_ReportsThemAllAtOnce()
    {
        var (client, device) = await Licensee();
        var before = await client.GetStringAsync($"/v1/devices/{device}");
        var response = await client.PostRaw($"/v1/devices/{device}/indicia",
            """{"mail_class":"carrier_pigeon","rate_category":"letter","mailing_date":"2026-13-45","destination_zip":"12","medium":"papyrus"}""");
        var problem = await Problem(response, 400);
        Assert.Equal(["mail_class", "weight_oz", "mailing_date", "medium", "destination_zip"], Params(problem));
        Assert.Equal("mail_class", (string?)problem["param"]);
        Assert.Equal("mail_class_unknown", (string?)problem["code"]);
        Assert.All(problem["errors"]!.AsArray(), e => Assert.False(string.IsNullOrEmpty((string?)e!["code"])));
        Assert.Equal(before, await client.GetStringAsync($"/v1/devices/{device}")); // nothing printed
    }

    [SkippableFact]
    public async Task Batch_WithBadPieces_NamesEveryPieceAndField()
    {
        var (client, device) = await Licensee();
        var good = PrintingTests.Letter(zip: null);
        var pieces = new object[] { new Dictionary<string, object?> { ["mail_class"] = "first_class", ["rate_category"] = "letter", ["mailing_date"] = Today }, good,
            PrintingTests.Letter(zip: "9") };
        var problem = await Problem(await client.PostJson($"/v1/devices/{device}/indicia/batch", new { pieces }), 400);
        Assert.Equal(["pieces[0].weight_oz", "pieces[2].destination_zip"], Params(problem));
    }

    [SkippableFact]
    public async Task Batch_ThatDoesNotFit_SaysWhatItNeedsAndWhichPieceIsTheFirstThatDoesNotFit()
    {
        await world.Ready();
        var who = await world.App.NewLicensee("Batch Mailer Inc"); // DR $100.000
        var client = world.App.ClientFor(who.ApiKey);
        var pieces = Enumerable.Range(0, 4).Select(_ => PrintingTests.Letter(postage: "40.000", zip: null)).ToArray();
        var problem = await Problem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", new { pieces }), 402);
        Assert.Equal("insufficient_postage", (string?)problem["code"]);
        Assert.Equal("pieces[2].postage", (string?)problem["param"]);
        var detail = (string)problem["detail"]!;
        Assert.Contains("$160.000", detail, StringComparison.Ordinal); // what the batch needs
        Assert.Contains("$100.000", detail, StringComparison.Ordinal); // what DR holds
        Assert.Contains("Piece 2", detail, StringComparison.Ordinal);
        Assert.Equal("100.000", (string)(await client.GetAsync($"/v1/devices/{who.DeviceId}").Ok())["descending_register"]!["amount"]!);
    }

    [SkippableTheory]
    [InlineData("""{"mail_class":"first_class","rate_category":"letter","weight_oz":"heavy","mailing_date":"2026-12-05"}""", "weight_oz", "a number")]
    [InlineData("""{"mail_class":"first_class","rate_category":"letter","weight_oz":1,"mailing_date":"2026-12-05","colour":"red"}""", "colour", "not a field")]
    [InlineData("""{"mail_class":"first_class","rate_category":"letter","weight_oz":1,"mailing_date":"2026-12-05","omit_day":"yes"}""", "omit_day", "true or false")]
    public async Task JsonTypeErrors_NameTheFieldInPlainWords(string body, string param, string words)
    {
        var (client, device) = await Licensee();
        var problem = await Problem(await client.PostRaw($"/v1/devices/{device}/indicia", body), 400);
        Assert.Equal("invalid_json", (string?)problem["code"]);
        Assert.Equal(param, (string?)problem["param"]);
        Assert.Contains(words, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task QueryValueOfTheWrongType_IsNamedInPlainWords()
    {
        await world.Ready();
        var problem = await Problem(await world.Clients["provider"].GetAsync("/v1/device-replacements-due?within_days=soon"), 400);
        Assert.Equal("within_days", (string?)problem["param"]);
        Assert.Contains("whole number", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UnknownRoute_WrongMethod_WrongContentType_AndTooLargeBody_AnswerProblemBodies()
    {
        var (client, device) = await Licensee();
        var notFound = await Problem(await client.GetAsync("/v1/no-such-thing"), 404);
        Assert.Equal("not_found", (string?)notFound["code"]);

        var notAllowed = await Problem(await client.DeleteAsync("/v1/payment-methods"), 405);
        Assert.Equal("method_not_allowed", (string?)notAllowed["code"]);

        var wrongType = await Problem(await client.PostRaw($"/v1/devices/{device}/indicia", "mail_class=first_class", "text/plain"), 415);
        Assert.Equal("unsupported_media_type", (string?)wrongType["code"]);

        var big = new StringContent("{\"memo\":\"" + new string('x', 300 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var tooLarge = await Problem(await client.PostAsync($"/v1/devices/{device}/indicia", big), 413);
        Assert.Equal("request_too_large", (string?)tooLarge["code"]);
        Assert.Equal("body", (string?)tooLarge["param"]);
    }

    [SkippableFact]
    public async Task Quote_WithoutClass_PricesEveryCategoryInOneCall()
    {
        var (client, device) = await Licensee();
        var all = await client.GetAsync($"/v1/rates/quote?weight_oz=1&device_id={device}&destination_zip=90210").Ok();
        Assert.Equal("list", (string?)all["object"]);
        var quoted = all["data"]!.AsArray().Select(q => $"{q!["mail_class"]}/{q["rate_category"]}").ToList();
        Assert.Contains("first_class/letter", quoted);
        Assert.True(quoted.Count >= 3, string.Join(", ", quoted));
        // Each equals the quote for that one class (same defaults: today, the licensing post office as origin).
        foreach (var q in all["data"]!.AsArray().Take(4))
        {
            var one = await client.GetAsync($"/v1/rates/quote?weight_oz=1&device_id={device}&destination_zip=90210&mail_class={q!["mail_class"]}&rate_category={q["rate_category"]}").Ok();
            Assert.Equal((string)q["amount_due"]!["amount"]!, (string)one["amount_due"]!["amount"]!);
        }
    }

    [SkippableFact]
    public async Task Quote_ReportsEveryBadParameterAtOnce()
    {
        var (client, _) = await Licensee();
        var problem = await Problem(await client.GetAsync("/v1/rates/quote?mail_class=carrier_pigeon&weight_oz=lots&mailing_date=tomorrow&origin_zip=1"), 400);
        Assert.Equal(["mail_class", "weight_oz", "mailing_date", "origin_zip"], Params(problem));
    }

    [SkippableFact]
    public async Task LedgerLine_BalanceAfter_IsTheBalanceOfItsOwnBook()
    {
        var (client, _) = await Licensee();
        var lines = (await client.GetAsync($"/v1/accounts/{world.AccountId}/ledger?limit=100").Ok())["data"]!.AsArray().Select(l => l!).ToList();
        var running = new Dictionary<string, decimal>();
        foreach (var line in lines)
        {
            var book = (string)line["book"]!;
            running[book] = running.GetValueOrDefault(book) + decimal.Parse((string)line["amount"]!["amount"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(running[book], decimal.Parse((string)line["balance_after"]!["amount"]!, System.Globalization.CultureInfo.InvariantCulture));
            if (book == "deposit") Assert.Equal(line["balance_after"]!.ToJsonString(), line["account_balance_after"]!.ToJsonString());
        }
        Assert.Contains(lines, l => (string)l["book"]! != "deposit");
        // A page that starts in the middle still knows each book's balance before it.
        var tail = (await client.GetAsync($"/v1/accounts/{world.AccountId}/ledger?limit=100&starting_after={(string)lines[2]["id"]!}").Ok())["data"]!.AsArray();
        Assert.Equal(lines.Skip(3).Select(l => l["balance_after"]!.ToJsonString()), tail.Select(l => l!["balance_after"]!.ToJsonString()));
    }
}

/// <summary>Issue 19: Idempotency-Key on every POST that creates something, not only on those that move money or postage.</summary>
[Collection("sqlite")]
public sealed class IdempotentCreationTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    [SkippableFact]
    public async Task CreatingTwice_WithOneKey_CreatesOnce_AndReplaysTheFirstAnswer()
    {
        await world.Ready();
        var provider = world.Clients["provider"];
        var before = (await provider.GetAsync("/v1/devices?limit=100").Ok())["data"]!.AsArray().Count;
        var first = await provider.PostJson("/v1/devices", new { }, "add-device-1");
        var again = await provider.PostJson("/v1/devices", new { }, "add-device-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotency-Replay").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(before + 1, (await provider.GetAsync("/v1/devices?limit=100").Ok())["data"]!.AsArray().Count);
        // The key with another body is refused; a new key creates another.
        var other = await provider.PostJson("/v1/devices", new { model = 2 }, "add-device-1");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("idempotency_key_reused", (string?)(await other.Body())["code"]);
        Assert.Equal(HttpStatusCode.Created, (await provider.PostJson("/v1/devices", new { }, "add-device-2")).StatusCode);
    }

    [SkippableFact]
    public async Task ARefusedRequest_KeepsNothing_SoTheKeyCanBeRetried()
    {
        await world.Ready();
        var provider = world.Clients["provider"];
        var refused = await provider.PostRaw("/v1/devices", "{\"model\":\"x\"}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/devices") { Content = new StringContent("{\"model\":\"x\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "add-device-bad");
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.SendAsync(request)).StatusCode);
        // The same key now with a good body: the refused attempt left no claim behind.
        Assert.Equal(HttpStatusCode.Created, (await provider.PostJson("/v1/devices", new { }, "add-device-bad")).StatusCode);
    }
}

/// <summary>Issue 19: every instant the API writes has one form — UTC, milliseconds, Z.</summary>
[Collection("sqlite")]
public sealed class TimestampTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    [SkippableFact]
    public async Task EveryInstant_IsUtc_WithMilliseconds_AndZ()
    {
        await world.Ready();
        var client = world.Clients["licensee"];
        var instants = new List<string>();
        foreach (var url in new[] { $"/v1/accounts/{world.AccountId}/ledger?limit=100", $"/v1/accounts/{world.AccountId}/deposits", $"/v1/devices/{world.App.Sandbox.DeviceId}", $"/v1/devices/{world.App.Sandbox.DeviceId}/resets" })
            Collect(await client.GetAsync(url).Ok(), instants);
        Assert.True(instants.Count > 10, $"only {instants.Count} instants found");
        Assert.All(instants, t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", t));
    }

    private static void Collect(JsonNode? node, List<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                    if (value is JsonValue v && (name.EndsWith("_at", StringComparison.Ordinal) || name.EndsWith("_deadline", StringComparison.Ordinal)) && v.TryGetValue<string>(out var s)) into.Add(s);
                    else Collect(value, into);
                break;
            case JsonArray a:
                foreach (var item in a) Collect(item, into);
                break;
        }
    }
}
