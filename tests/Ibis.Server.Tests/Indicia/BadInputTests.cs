using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// Every kind of bad request gets a clear 4xx problem+json with a stable code (and the offending
/// field where there is one) and leaves the device's registers exactly as they were.
/// </summary>
public abstract class BadInputTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    /// <summary>
    /// A date relative to the day the test runs, as a token: theory data is built when the tests are
    /// discovered, which may be the day before they run (a run that crosses midnight UTC).
    /// </summary>
    private static string Day(int offset) => $"@day{offset:+0;-0;+0}@";

    private static string WithDates(string body) => System.Text.RegularExpressions.Regex.Replace(body, "@day([+-][0-9]+)@",
        m => DateTime.UtcNow.AddDays(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    public static TheoryData<string, string, int, string, string?> BadBodies => new()
    {
        // name, JSON body, status, code, field
        { "negative postage", Body(postage: "\"-0.740\""), 400, "postage_invalid", "postage" },
        { "zero postage", Body(postage: "\"0\""), 400, "postage_invalid", "postage" },
        { "over-precise postage", Body(postage: "\"0.7401\""), 400, "amount_too_precise", "postage" },
        { "huge postage", Body(postage: "\"99999999999999\""), 400, "amount_too_large", "postage" },
        { "postage as exponent", Body(postage: "\"1e3\""), 400, "amount_invalid", "postage" },
        { "postage below the rate", Body(postage: "\"0.500\""), 422, "postage_below_rate", "postage" },
        { "postage beyond DR", Body(postage: "\"400.000\""), 402, "insufficient_postage", "postage" },
        { "foreign currency", Body(postage: "{\"amount\":\"0.740\",\"currency\":\"EUR\"}"), 400, "currency_unsupported", "postage" },
        { "date in the past", Body(date: Day(-1)), 400, "mailing_date_in_past", "mailing_date" },
        { "date too far ahead", Body(date: Day(30)), 400, "mailing_date_too_far_ahead", "mailing_date" },
        { "date not a date", Body(date: "2026-13-45"), 400, "mailing_date_invalid", "mailing_date" },
        { "date missing", "{\"mail_class\":\"first_class\",\"rate_category\":\"letter\",\"weight_oz\":1}", 400, "mailing_date_required", "mailing_date" },
        { "weight zero", Body(weight: "0"), 400, "weight_invalid", "weight_oz" },
        { "weight negative", Body(weight: "-2"), 400, "weight_invalid", "weight_oz" },
        { "weight above letter maximum", Body(weight: "3.6"), 400, "weight_invalid", "weight_oz" },
        { "weight as text", Body(weight: "\"heavy\""), 400, "invalid_json", "weight_oz" },
        { "unknown class", Body(mailClass: "carrier_pigeon"), 400, "mail_class_unknown", "mail_class" },
        { "unknown category", Body(category: "parcel"), 400, "rate_category_unknown", "rate_category" },
        { "bad ZIP", Body(zip: "2026"), 400, "zip_invalid", "destination_zip" },
        { "ZIP zero", Body(zip: "00000"), 400, "zip_invalid", "destination_zip" },
        { "unknown field", "{\"mail_class\":\"first_class\",\"rate_category\":\"letter\",\"weight_oz\":1,\"mailing_date\":\"" + Day(0) + "\",\"colour\":\"red\"}", 400, "invalid_json", "colour" },
        { "malformed JSON", "{\"mail_class\": \"first_class\",", 400, "invalid_json", null },
        { "JSON array", "[]", 400, "invalid_json", null },
        { "empty body", "", 400, "invalid_json", null },
    };

    private static string Body(string postage = "\"0.740\"", string? date = null, string weight = "1", string mailClass = "first_class", string category = "letter", string zip = "20260") =>
        $"{{\"mail_class\":\"{mailClass}\",\"rate_category\":\"{category}\",\"weight_oz\":{weight},\"postage\":{postage},\"mailing_date\":\"{date ?? Day(0)}\",\"destination_zip\":\"{zip}\"}}";

    [SkippableTheory]
    [MemberData(nameof(BadBodies))]
    public async Task BadPrintRequest_GetsProblemJson_AndRegistersStayPut(string name, string body, int status, string code, string? field)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await Registers(client, who.DeviceId);

        var response = await client.PostRaw($"/v1/devices/{who.DeviceId}/indicia", WithDates(body));

        await AssertProblem(response, status, code, field, name);
        Assert.Equal(before, await Registers(client, who.DeviceId));
    }

    [SkippableFact]
    public async Task WrongContentType_Is415()
    {
        var who = await App.NewLicensee();
        var response = await App.ClientFor(who.ApiKey).PostRaw($"/v1/devices/{who.DeviceId}/indicia", "mail_class=first_class", "application/x-www-form-urlencoded");
        await AssertProblem(response, 415, "unsupported_media_type", null, "form body");
    }

    [SkippableFact]
    public async Task MissingOrInvalidApiKey_Is401()
    {
        var who = await App.NewLicensee();
        var url = $"/v1/devices/{who.DeviceId}/indicia";
        var body = WithDates(Body());
        await AssertProblem(await App.CreateClient().PostRaw(url, body), 401, "api_key_missing", null, "no key");
        await AssertProblem(await App.ClientFor("ibis_test_" + new string('x', 32)).PostRaw(url, body), 401, "api_key_invalid", null, "unknown key");
        await AssertProblem(await App.ClientFor("not-a-key").PostRaw(url, body), 401, "api_key_invalid", null, "garbage key");
        var basic = App.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        await AssertProblem(await basic.PostRaw(url, body), 401, "api_key_invalid", null, "basic auth");
        Assert.Equal(0L, (long)(await (await App.ClientFor(who.ApiKey).GetAsync($"/v1/devices/{who.DeviceId}")).Body())["piece_count"]!);
    }

    [SkippableFact]
    public async Task UnknownDevice_And_SomeoneElsesDevice_Are404()
    {
        var mine = await App.NewLicensee("Mine LLC");
        var theirs = await App.NewLicensee("Theirs LLC");
        var client = App.ClientFor(mine.ApiKey);
        await AssertProblem(await client.PostRaw("/v1/devices/psd_aaaaaaaaaaaaaaaaaaaaaaaa/indicia", WithDates(Body())), 404, "device_not_found", null, "unknown");
        await AssertProblem(await client.PostRaw("/v1/devices/not-a-device/indicia", WithDates(Body())), 404, "device_not_found", null, "malformed id");
        await AssertProblem(await client.GetAsync("/v1/nothing-here"), 404, "not_found", null, "unknown path");
        await AssertProblem(await client.PostRaw($"/v1/devices/{theirs.DeviceId}/indicia", WithDates(Body())), 404, "device_not_found", null, "someone else's");
        await AssertProblem(await client.GetAsync($"/v1/devices/{theirs.DeviceId}"), 404, "device_not_found", null, "someone else's registers");

        // Their indicium is invisible to me too.
        var theirClient = App.ClientFor(theirs.ApiKey);
        var printed = await (await theirClient.PostRaw($"/v1/devices/{theirs.DeviceId}/indicia", WithDates(Body()))).Body();
        await AssertProblem(await client.GetAsync($"/v1/indicia/{(string)printed["id"]!}"), 404, "indicium_not_found", null, "their indicium");
        await AssertProblem(await client.GetAsync($"/v1/indicia/{(string)printed["id"]!}.pdf"), 404, "indicium_not_found", null, "their PDF");
        Assert.Equal("99.260", (string)(await (await theirClient.GetAsync($"/v1/devices/{theirs.DeviceId}")).Body())["descending_register"]!["amount"]!);
    }

    [SkippableFact]
    public async Task BadIdempotencyKey_IsRefused()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var response = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter(), new string('k', 256));
        await AssertProblem(response, 400, "idempotency_key_invalid", "Idempotency-Key", "256 chars");
    }

    public static TheoryData<string, string, string> BadVerifications => new()
    {
        { "not base64", "{\"barcode_data\":\"%%%not-base64%%%\"}", "barcode_data_invalid" },
        { "missing", "{}", "barcode_data_required" },
        { "empty", "{\"barcode_data\":\"\"}", "barcode_data_required" },
        { "not JSON", "barcode please", "invalid_json" },
    };

    // Issue 14: bytes that are not an indicium (truncated, garbage) are a verdict (valid: false,
    // format_invalid), not a bad request: ScanEventTests.OneOffVerification_ReportsTheSameReasons_AndUnreadableBytesAreAVerdict.
    [SkippableTheory]
    [MemberData(nameof(BadVerifications))]
    public async Task BadVerificationRequest_GetsProblemJson(string name, string body, string code)
    {
        var response = await App.CreateClient().PostRaw("/v1/verifications", body);
        await AssertProblem(response, 400, code, null, name);
    }

    private static async Task<string> Registers(HttpClient client, string deviceId)
    {
        var d = await (await client.GetAsync($"/v1/devices/{deviceId}")).Body();
        return $"{d["ascending_register"]!["amount"]}|{d["descending_register"]!["amount"]}|{d["piece_count"]}";
    }

    internal static async Task AssertProblem(HttpResponseMessage response, int status, string? code, string? field, string because)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{because}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        if (code is not null) Assert.True(code == (string?)problem["code"], $"{because}: expected code {code}: {text}");
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), because);
        Assert.DoesNotContain("   at ", text); // never a stack trace
        if (field is not null) Assert.True(problem["errors"]?.AsArray().Any(e => (string?)e!["param"] == field) == true, $"{because}: expected an error with param {field}: {text}");
    }
}

[Collection("sqlite")]
public sealed class SqliteBadInputTests(SqliteAppFixture f) : BadInputTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresBadInputTests(PostgresAppFixture f) : BadInputTests(() => f.App), IClassFixture<PostgresAppFixture>;
