using System.Net;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Daily;

/// <summary>The daily commands against a stubbed API: paging, filters, exit codes by status, JSON output that parses.</summary>
public sealed class DailyCommandsTests
{
    private static readonly string[] Remote = ["--server", "http://ibis.example/", "--api-key", "ibis_test_k"];

    private static string Page(string[] ids, bool more) =>
        JsonSerializer.Serialize(new { @object = "list", data = ids.Select(id => new { id, @object = "indicium", device_id = "psd_a", mail_class = "first_class", postage = new { amount = "0.740", currency = "USD" } }), has_more = more });

    [Fact]
    public async Task IndiciaList_All_FollowsTheCursors_WithTheFilters_AndPrintsOneList()
    {
        var stub = new RoutingStub(r => (HttpStatusCode.OK, r.RequestUri!.Query.Contains("starting_after=ind_b") ? Page(["ind_c"], false) : Page(["ind_a", "ind_b"], true)));
        var result = await CliRun.Run(() => stub, ["indicia", "list", "--all", "--limit", "2", "--device", "psd_a", "--created-gte", "2026-12-01", "--output", "json", .. Remote]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var list = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(["ind_a", "ind_b", "ind_c"], list.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray());
        Assert.False(list.GetProperty("has_more").GetBoolean());
        Assert.Equal(2, stub.Requests.Count);
        var second = System.Web.HttpUtility.ParseQueryString(stub.Requests[1].Uri.Query);
        Assert.Equal("/v1/indicia", stub.Requests[1].Uri.AbsolutePath);
        Assert.Equal("ind_b", second["starting_after"]);
        Assert.Equal("psd_a", second["device"]);
        Assert.Equal("2026-12-01", second["created[gte]"]);
        Assert.Equal("2", second["limit"]);
    }

    [Fact]
    public async Task IndiciaList_OnePage_SaysHowToGetTheNext()
    {
        var stub = new RoutingStub(_ => (HttpStatusCode.OK, Page(["ind_a", "ind_b"], true)));
        var result = await CliRun.Run(() => stub, ["indicia", "list", .. Remote]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ind_a", result.Out);
        Assert.Contains("--starting-after ind_b", result.Out);
    }

    [Fact]
    public async Task AServerThatIgnoresTheCursor_IsNotFollowedForEver()
    {
        var stub = new RoutingStub(_ => (HttpStatusCode.OK, Page(["ind_a"], true)));
        var result = await CliRun.Run(() => stub, ["indicia", "list", "--all", .. Remote]);
        Assert.Equal(6, result.ExitCode);
        Assert.True(stub.Requests.Count <= 3);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    [InlineData(HttpStatusCode.PaymentRequired, 1)]
    [InlineData(HttpStatusCode.UnprocessableEntity, 1)]
    [InlineData(HttpStatusCode.Unauthorized, 3)]
    [InlineData(HttpStatusCode.Forbidden, 3)]
    [InlineData(HttpStatusCode.NotFound, 4)]
    [InlineData(HttpStatusCode.Conflict, 5)]
    [InlineData(HttpStatusCode.TooManyRequests, 6)]
    [InlineData(HttpStatusCode.InternalServerError, 6)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 6)]
    public async Task ARefusal_ExitsWithTheCodeOfItsStatus_AndShowsCodeAndField(HttpStatusCode status, int exit)
    {
        const string problem = "{\"status\":400,\"code\":\"amount_too_precise\",\"detail\":\"at most 3 decimals\",\"param\":\"amount\"}";
        var stub = new RoutingStub(_ => (status, problem));
        var table = await CliRun.Run(() => stub, ["resets", "create", "--device", "psd_a", "--amount", "1.000", .. Remote]);
        Assert.Equal(exit, table.ExitCode);
        Assert.Contains("refused: amount_too_precise at amount: at most 3 decimals", table.Out);

        var json = await CliRun.Run(() => stub, ["resets", "create", "--device", "psd_a", "--amount", "1.000", "--output", "json", .. Remote]);
        Assert.Equal(exit, json.ExitCode);
        Assert.Equal("amount_too_precise", JsonDocument.Parse(json.Out).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnUnreachableServer_Exits6_AndNoKeyExits3_AndBadUsageExits2()
    {
        var down = await CliRun.Run(() => new Unreachable(), ["devices", "list", .. Remote]);
        Assert.Equal(6, down.ExitCode);
        Assert.Contains("cannot reach", down.Err);

        var noKey = await CliRun.Run(() => new Unreachable(), "devices", "list", "--server", "http://ibis.example/");
        Assert.Equal(3, noKey.ExitCode);
        Assert.Contains("ibis login", noKey.Err);

        var usage = await CliRun.Run(() => new Unreachable(), ["print", "--weight", "1", "--to", "2026", .. Remote]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--to '2026' is not a 5-digit ZIP Code", usage.Err);
    }

    [Fact]
    public async Task Quote_AsksForEveryClassInOneCall_WhenTheServerOffersIt()
    {
        const string answer = """
            {"object":"list","has_more":false,"data":[
              {"object":"quote","mail_class":"first_class","rate_category":"letter","weight_oz":"1","zone":null,"amount_due":{"amount":"0.740","currency":"USD"},"rate_table":"official-2027","sample":false},
              {"object":"quote","mail_class":"priority","rate_category":"single_piece","weight_oz":"1","zone":4,"amount_due":{"amount":"9.850","currency":"USD"},"rate_table":"official-2027","sample":false}]}
            """;
        var stub = new RoutingStub(r => r.Method == HttpMethod.Post ? (HttpStatusCode.OK, answer) : (HttpStatusCode.NotFound, "{}"));
        var result = await CliRun.Run(() => stub, ["quote", "--weight", "1", "--to", "20260", "--device", "psd_a", .. Remote]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("9.850", result.Out);
        Assert.Contains("official-2027", result.Out);
        var post = Assert.Single(stub.Requests);
        Assert.Equal("/v1/rates/quote", post.Uri.AbsolutePath);
        var body = JsonDocument.Parse(post.Body!).RootElement;
        Assert.Equal(1m, body.GetProperty("weight_oz").GetDecimal());
        Assert.Equal("2026-11-23", body.GetProperty("mailing_date").GetString()); // today, from the clock
        Assert.Equal("psd_a", body.GetProperty("device_id").GetString());
        Assert.False(body.TryGetProperty("mail_class", out _)); // every class
    }

    [Fact]
    public async Task DepositsCreate_SendsTheIdempotencyKey_AndConfirm_SendsTheOutcome()
    {
        var stub = new RoutingStub(r => (HttpStatusCode.Created, "{\"id\":\"dep_a\",\"object\":\"deposit\",\"status\":\"pending\",\"amount\":{\"amount\":\"100.000\",\"currency\":\"USD\"}}"));
        var made = await CliRun.Run(() => stub, ["deposits", "create", "--account", "acct_a", "--amount", "100.000", "--method", "check", "--check-number", "1042", "--idempotency-key", "dep-2026-12-05", "--output", "json", .. Remote]);
        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Equal("pending", JsonDocument.Parse(made.Out).RootElement.GetProperty("status").GetString());
        Assert.Equal("/v1/accounts/acct_a/deposits", stub.Requests[0].Uri.AbsolutePath);
        Assert.Equal("dep-2026-12-05", stub.Requests[0].IdempotencyKey);
        Assert.Equal("1042", JsonDocument.Parse(stub.Requests[0].Body!).RootElement.GetProperty("check_number").GetString());

        var confirmed = await CliRun.Run(() => stub, ["deposits", "confirm", "dep_a", "--failed", "--reason", "check returned", .. Remote]);
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        var body = JsonDocument.Parse(stub.Requests[1].Body!).RootElement;
        Assert.Equal("/v1/deposits/dep_a/confirmation", stub.Requests[1].Uri.AbsolutePath);
        Assert.False(body.GetProperty("succeeded").GetBoolean());
        Assert.Equal("check returned", body.GetProperty("failure_reason").GetString());
    }

    [Fact]
    public async Task ApplicationsCreate_SendsForm3601A_WithTheDeviceLocationDefaultingToTheMailingAddress()
    {
        var stub = new RoutingStub(_ => (HttpStatusCode.Created, "{\"id\":\"app_a\",\"object\":\"application\",\"status\":\"submitted\"}"));
        var result = await CliRun.Run(() => stub, ["applications", "create", "--applicant-name", "Doe Mailing Co", "--contact-name", "Jane Doe", "--phone", "202-555-0142",
            "--email", "jane@doe.example", "--mailing-street", "1 Main St", "--mailing-city", "Washington", "--mailing-state", "DC", "--mailing-zip", "20001",
            "--post-office-city", "WASHINGTON", "--post-office-state", "DC", "--post-office-zip", "20260", "--signature-name", "Jane Doe", .. Remote]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("app_a", result.Out);
        var form = JsonDocument.Parse(stub.Requests[0].Body!).RootElement;
        Assert.Equal("Washington", form.GetProperty("device_location").GetProperty("city").GetString());
        Assert.Equal("20260", form.GetProperty("post_office").GetProperty("zip").GetString());

        var submitted = await CliRun.Run(() => stub, ["applications", "submit", "app_a", .. Remote]);
        Assert.Equal(0, submitted.ExitCode);
        Assert.Equal("/v1/applications/app_a/transmission", stub.Requests[1].Uri.AbsolutePath);

        var lease = await CliRun.Run(() => stub, ["leases", "create", "--licensee", "cus_a", "--license", "lic_a", "--signed-by", "Pat Baker", "--resetting-account", "acct_a", "--device", "psd_a", .. Remote]);
        Assert.Equal(0, lease.ExitCode);
        var leaseBody = JsonDocument.Parse(stub.Requests[2].Body!).RootElement;
        Assert.Equal("2026-11-23", leaseBody.GetProperty("signed_on").GetString());
        Assert.Equal("psd_a", leaseBody.GetProperty("device_ids")[0].GetString());
    }

    [Fact]
    public async Task AccountsOpen_SendsTheAcknowledgementOfDepositRequirement()
    {
        var stub = new RoutingStub(_ => (HttpStatusCode.Created, "{\"id\":\"acct_a\",\"object\":\"deposit_account\",\"status\":\"open\"}"));
        var result = await CliRun.Run(() => stub, ["accounts", "open", "--licensee", "cus_a", "--deposit-requirement-acknowledged", .. Remote]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("acct_a", result.Out);
        var body = JsonDocument.Parse(stub.Requests[0].Body!).RootElement;
        Assert.Equal("/v1/accounts", stub.Requests[0].Uri.AbsolutePath);
        Assert.Equal("cus_a", body.GetProperty("licensee_id").GetString());
        Assert.True(body.GetProperty("deposit_requirement_acknowledged").GetBoolean());
    }

    [Fact]
    public async Task Print_PicksTheOnlyDeviceInService_WhenNoneIsNamed()
    {
        var stub = new RoutingStub(r => r.RequestUri!.AbsolutePath switch
        {
            "/v1/devices" => (HttpStatusCode.OK, "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\"psd_old\",\"status\":\"withdrawn\"},{\"id\":\"psd_a\",\"status\":\"in_service\"}]}"),
            "/v1/devices/psd_a/indicia" => (HttpStatusCode.Created, "{\"id\":\"ind_a\",\"object\":\"indicium\",\"postage\":{\"amount\":\"0.740\",\"currency\":\"USD\"},\"links\":{\"pdf\":\"/v1/indicia/ind_a.pdf\"}}"),
            "/v1/indicia/ind_a.pdf" => (HttpStatusCode.OK, "%PDF-1.7"),
            _ => (HttpStatusCode.NotFound, "{\"code\":\"not_found\"}"),
        });
        using var dir = new TempDir();
        var result = await CliRun.Run(() => stub, ["print", "--weight", "1", "--to", "20260", "--out", Path.Combine(dir.Path, "a.pdf"), .. Remote]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ind_a", result.Out);
        Assert.Contains("0.740", result.Out);
        var print = JsonDocument.Parse(stub.Requests[1].Body!).RootElement;
        Assert.Equal("first_class", print.GetProperty("mail_class").GetString());
        Assert.Equal("letter", print.GetProperty("rate_category").GetString());
        Assert.Equal("%PDF-1.7", File.ReadAllText(Path.Combine(dir.Path, "a.pdf")));
    }
}
