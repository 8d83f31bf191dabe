using System.Net;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Onboarding;

/// <summary>Issue 12: <c>ibis devices report-lost|recover|…</c> send the documented calls of a device's life.</summary>
public sealed class DeviceLifecycleCommandsTests
{
    private static async Task<(Stub Stub, CliOutcome Result)> Run(params string[] args)
    {
        var stub = new Stub(HttpStatusCode.OK, "{\"id\":\"inc_a\"}");
        var result = await CliRun.Run(() => stub, [.. args, "--server", "http://ibis.example/", "--api-key", "k"]);
        return (stub, result);
    }

    [Fact]
    public async Task ReportLost_SendsTheP050_2_8Report()
    {
        var (stub, result) = await Run("devices", "report-lost", "psd_a", "--kind", "stolen", "--occurred-on", "2026-12-04", "--place", "Union Station", "--details", "taken from the desk", "--police-report", "MPD 1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/v1/devices/psd_a/loss-report", stub.Request!.RequestUri!.AbsolutePath);
        var body = JsonDocument.Parse(stub.Body!).RootElement;
        Assert.Equal(("stolen", "2026-12-04", "Union Station", "MPD 1"), (body.GetProperty("kind").GetString(), body.GetProperty("occurred_on").GetString(), body.GetProperty("place").GetString(), body.GetProperty("police_report_reference").GetString()));
    }

    [Theory]
    [InlineData("/v1/devices/psd_a/recovery", "recovered_on", "2026-12-05", "recover", "psd_a", "--recovered-on", "2026-12-05", "--place", "home", "--details", "found")]
    [InlineData("/v1/devices/psd_a/loss-report/location-steps", "outcome", "no answer", "location-step", "psd_a", "--step", "1", "--outcome", "no answer")]
    [InlineData("/v1/devices/psd_a/retrieval", "service", "registered_mail", "retrieve", "psd_a", "--service", "registered_mail", "--tracking", "RE1")]
    [InlineData("/v1/devices/psd_a/examination", "postage_lost", "1.250", "examine", "psd_a", "--findings", "board fault", "--postage-lost", "1.250")]
    [InlineData("/v1/devices/psd_a/replacement", "replacement_device_id", "psd_b", "replace", "psd_a", "--with", "psd_b")]
    [InlineData("/v1/devices/psd_a/withheld-refund", "validated_amount", "99.260", "credit-withheld-refund", "psd_a", "--amount", "99.260", "--findings", "registers reconstructed from the signed records")]
    [InlineData("/v1/devices/psd_a/check-out", "notice_descending_register", "99.260", "check-out", "psd_a", "--notice-dr", "99.260")]
    public async Task EachStep_PostsItsBody_ToItsRoute(string path, string field, string value, params string[] args)
    {
        var (stub, result) = await Run(["devices", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(path, stub.Request!.RequestUri!.AbsolutePath);
        Assert.Equal(value, JsonDocument.Parse(stub.Body!).RootElement.GetProperty(field).GetString());
    }

    [Fact]
    public async Task ReplacementsDue_ListsTheDevicesWithWhyAndThePostageThatMoves()
    {
        var stub = new Stub(HttpStatusCode.OK, "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"device_id\":\"psd_due\",\"device_number\":\"0001-0001-00000042\",\"status\":\"in_service\",\"due_at\":\"2027-01-04T00:00:00.000Z\",\"due_reason\":\"clock\",\"descending_register\":{\"amount\":\"99.260\",\"currency\":\"USD\"}}]}");
        var result = await CliRun.Run(() => stub, "devices", "replacements-due", "--within-days", "30", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/v1/device-replacements-due", stub.Request!.RequestUri!.AbsolutePath);
        Assert.Contains("within_days=30", stub.Request.RequestUri.Query);
        foreach (var expected in new[] { "psd_due", "clock", "99.260" })
            Assert.Contains(expected, result.Out);
    }

    [Fact]
    public async Task ARefusedReplacement_IsOneLine_AndExits5ForAConflict()
    {
        var stub = new Stub(HttpStatusCode.Conflict, "{\"code\":\"replacement_withheld\",\"detail\":\"no replacement until the police report is recorded\"}");
        var result = await CliRun.Run(() => stub, "devices", "replace", "psd_a", "--with", "psd_b", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.Equal(5, result.ExitCode);
        Assert.Contains("refused: replacement_withheld", result.Out);
    }
}
