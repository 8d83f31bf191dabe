using System.Net;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Daily;

/// <summary>
/// <c>ibis sanctions</c> against a stubbed API (39 CFR 502.5, 502.15, 502.21): list and show under the
/// provider, issue with its options, every step POSTed to its own route with the statement it takes,
/// JSON output that is the API's own, and a refusal in one line with its exit code.
/// </summary>
public sealed class SanctionsCommandsTests
{
    private static readonly string[] Remote = ["--server", "http://ibis.example/", "--api-key", "ibis_test_k"];

    private const string Sanction = """
        {"id":"snc_a","object":"sanction","provider_id":"prv_a","basis":"authorization","section":"§502.5","action":"suspension","stage":"defended",
         "grounds":"reset records incomplete","willful":false,"suspension_days":30,"amount":null,"cure_due_at":"2027-03-15T09:00:00+00:00",
         "defense_due_at":"2027-04-15T09:00:00+00:00","appeal_due_at":null,"ends_at":null,
         "history":[{"kind":"issued","text":"Notice of proposed suspension","recorded_by":"usr_p","at":"2027-03-01T09:00:00+00:00"}]}
        """;

    [Fact]
    public async Task ListAndShow_ReadUnderTheProvider_AsATableOrTheApisJson()
    {
        var stub = new RoutingStub(r => (HttpStatusCode.OK, r.RequestUri!.AbsolutePath.EndsWith("/sanctions", StringComparison.Ordinal)
            ? "{\"object\":\"list\",\"data\":[" + Sanction + "],\"has_more\":false}" : Sanction));
        var list = await CliRun.Run(() => stub, ["sanctions", "list", "--provider", "prv_a", .. Remote]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal("/v1/providers/prv_a/sanctions", stub.Requests[0].Uri.AbsolutePath);
        Assert.Contains("snc_a", list.Out);
        Assert.Contains("defended", list.Out);
        Assert.Contains("2027-04-15 09:00", list.Out);

        var show = await CliRun.Run(() => stub, ["sanctions", "show", "snc_a", "--provider", "prv_a", .. Remote]);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal("/v1/providers/prv_a/sanctions/snc_a", stub.Requests[1].Uri.AbsolutePath);
        Assert.Contains("reset records incomplete", show.Out);
        Assert.Contains("issued: Notice of proposed suspension", show.Out);

        var json = await CliRun.Run(() => stub, ["sanctions", "show", "snc_a", "--provider", "prv_a", "--output", "json", .. Remote]);
        Assert.Equal("§502.5", JsonDocument.Parse(json.Out).RootElement.GetProperty("section").GetString());

        var missing = await CliRun.Run(() => stub, ["sanctions", "list", .. Remote]);
        Assert.NotEqual(0, missing.ExitCode); // --provider is required
    }

    [Fact]
    public async Task IssueAndEveryStep_PostToTheirRoutes_WithTheirStatements()
    {
        var stub = new RoutingStub(r => (r.RequestUri!.AbsolutePath.EndsWith("/sanctions", StringComparison.Ordinal) ? HttpStatusCode.Created : HttpStatusCode.OK, Sanction));
        var issued = await CliRun.Run(() => stub, ["sanctions", "issue", "--provider", "prv_a", "--basis", "authorization", "--action", "suspension",
            "--grounds", "reset records incomplete", "--suspension-days", "30", "--cure-days", "14", "--idempotency-key", "snc-2027-03", .. Remote]);
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var (method, uri, body, key) = stub.Requests[0];
        Assert.Equal(HttpMethod.Post, method);
        Assert.Equal("/v1/providers/prv_a/sanctions", uri.AbsolutePath);
        Assert.Equal("snc-2027-03", key);
        var sent = JsonDocument.Parse(body!).RootElement;
        Assert.Equal(("authorization", "suspension", 30, 14, false), (sent.GetProperty("basis").GetString(), sent.GetProperty("action").GetString(),
            sent.GetProperty("suspension_days").GetInt32(), sent.GetProperty("cure_days").GetInt32(), sent.GetProperty("willful").GetBoolean()));

        (string[] Args, string Route, string? Field, string? Value)[] steps =
        [
            (["cure"], "cure", null, null),
            (["notice", "--defense-days", "20"], "notice", "defense_days", "20"),
            (["defend", "--statement", "the records were complete"], "defense", "statement", "the records were complete"),
            (["decide", "--outcome", "impose", "--reasons", "40 resets without records"], "decision", "reasons", "40 resets without records"),
            (["appeal", "--statement", "the decision misreads the logs"], "appeal", "statement", "the decision misreads the logs"),
            (["decide-appeal", "--outcome", "deny", "--reasons", "the logs are clear"], "appeal-decision", "outcome", "deny"),
            (["extend", "--days", "30", "--reasons", "not yet corrected"], "extension", "days", "30"),
            (["withdraw", "--reasons", "corrected"], "withdrawal", "reasons", "corrected"),
        ];
        foreach (var (args, route, field, value) in steps)
        {
            var result = await CliRun.Run(() => stub, ["sanctions", args[0], "snc_a", "--provider", "prv_a", .. args[1..], .. Remote]);
            Assert.True(result.ExitCode == 0, $"{args[0]}: {result}");
            var request = stub.Requests[^1];
            Assert.Equal((HttpMethod.Post, $"/v1/providers/prv_a/sanctions/snc_a/{route}"), (request.Method, request.Uri.AbsolutePath));
            if (field is not null) Assert.Equal(value, JsonDocument.Parse(request.Body!).RootElement.GetProperty(field).ToString());
        }

        // A step missing its written statement is refused before anything is sent.
        var before = stub.Requests.Count;
        var bare = await CliRun.Run(() => stub, ["sanctions", "defend", "snc_a", "--provider", "prv_a", .. Remote]);
        Assert.NotEqual(0, bare.ExitCode);
        Assert.Equal(before, stub.Requests.Count);
    }

    [Fact]
    public async Task ARefusal_IsOneLine_WithTheExitCodeOfItsStatus()
    {
        var stub = new RoutingStub(_ => (HttpStatusCode.Conflict, "{\"status\":409,\"code\":\"cure_period_not_over\",\"detail\":\"the time to correct ends on 2027-03-15\"}"));
        var result = await CliRun.Run(() => stub, ["sanctions", "notice", "snc_a", "--provider", "prv_a", .. Remote]);
        Assert.Equal(5, result.ExitCode);
        Assert.Contains("refused: cure_period_not_over", result.Out);
    }
}
