using System.Net;
using System.Text;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Onboarding;

/// <summary>The CLI's onboarding steps send the documented API calls and show refusals in one line.</summary>
public sealed class OnboardingCommandsTests
{
    [Fact]
    public async Task Commission_PostsTheLease_AndPrintsTheDevice()
    {
        var stub = new Stub(HttpStatusCode.OK, "{\"id\":\"psd_a\",\"status\":\"in_service\"}");
        var result = await CliRun.Run(() => stub, "devices", "commission", "psd_a", "--lease", "lse_b", "--server", "http://ibis.example/", "--api-key", "ibis_live_k", "--output", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/v1/devices/psd_a/commissioning", stub.Request!.RequestUri!.AbsolutePath);
        Assert.Equal("lse_b", JsonDocument.Parse(stub.Body!).RootElement.GetProperty("lease_id").GetString());
        Assert.Equal("Bearer ibis_live_k", stub.Request.Headers.Authorization!.ToString());
        Assert.Contains("\"in_service\"", result.Out);
    }

    [Fact]
    public async Task Inspect_RecordsAPassUnlessToldItFailed()
    {
        var stub = new Stub(HttpStatusCode.OK, "{}");
        await CliRun.Run(() => stub, "devices", "inspect", "psd_a", "--failed", "--notes", "cracked seal", "--server", "http://ibis.example/", "--api-key", "k");
        var body = JsonDocument.Parse(stub.Body!).RootElement;
        Assert.False(body.GetProperty("passed").GetBoolean());
        Assert.Equal("cracked seal", body.GetProperty("notes").GetString());
    }

    [Fact]
    public async Task AuthorizeAndOnboard_SendTheirForms()
    {
        var stub = new Stub(HttpStatusCode.Created, "{\"provider\":{\"id\":\"prv_a\"}}");
        var result = await CliRun.Run(() => stub, "providers", "authorize", "--name", "Acme", "--authorized-on", "2026-12-01", "--administrator", "ops@acme.example", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/v1/providers", stub.Request!.RequestUri!.AbsolutePath);
        Assert.Equal("2026-12-01", JsonDocument.Parse(stub.Body!).RootElement.GetProperty("authorized_on").GetString());

        var onboard = new Stub(HttpStatusCode.Created, "{}");
        await CliRun.Run(() => onboard, "customers", "onboard", "--name", "Bakery", "--administrator", "owner@bakery.example", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.Equal("/v1/licensees", onboard.Request!.RequestUri!.AbsolutePath);
        Assert.Equal("owner@bakery.example", JsonDocument.Parse(onboard.Body!).RootElement.GetProperty("administrator_email").GetString());
    }

    [Fact]
    public async Task ARefusal_IsOneLine_WithCodeAndField_AndExits5ForAConflict()
    {
        var stub = new Stub(HttpStatusCode.Conflict, "{\"code\":\"device_not_inspected\",\"detail\":\"device psd_a has not passed its inspection\"}");
        var result = await CliRun.Run(() => stub, "devices", "commission", "psd_a", "--lease", "lse_b", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.Equal(5, result.ExitCode);
        Assert.Contains("refused: device_not_inspected: device psd_a has not passed its inspection", result.Out);

        var noKey = await CliRun.Run(() => stub, "devices", "add", "--server", "http://ibis.example/", "--api-key", "");
        Assert.Equal(3, noKey.ExitCode);
        Assert.Contains("API key", noKey.Err);
    }
}
