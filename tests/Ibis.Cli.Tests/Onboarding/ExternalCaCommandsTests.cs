using System.Net;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Onboarding;

/// <summary>`ibis certificates request|import`: PKCS#10 requests out, certificates in, for an external Postal Service CA.</summary>
public sealed class ExternalCaCommandsTests
{
    private const string Pem = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";

    [Fact]
    public async Task Request_WritesTheDevicesPkcs10Request_ToTheFileNamed()
    {
        var stub = new Stub(HttpStatusCode.Created, JsonSerializer.Serialize(new { id = "csr_a", pem = Pem }));
        var file = Path.Combine(Path.GetTempPath(), $"ibis-{Guid.NewGuid():N}.csr");
        try
        {
            var result = await CliRun.Run(() => stub, "certificates", "request", "psd_a", "--out", file, "--server", "http://ibis.example/", "--api-key", "k");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("/v1/devices/psd_a/certificate-request", stub.Request!.RequestUri!.AbsolutePath);
            Assert.Equal(Pem, await File.ReadAllTextAsync(file));
            Assert.Contains("ibis certificates import FILE --device psd_a", result.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Request_WithRollover_AsksForANewKeyOfADeviceInService()
    {
        var stub = new Stub(HttpStatusCode.Created, JsonSerializer.Serialize(new { id = "csr_b", pem = Pem, rollover = true }));
        var result = await CliRun.Run(() => stub, "certificates", "request", "psd_a", "--rollover", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/v1/devices/psd_a/certificate-request", stub.Request!.RequestUri!.AbsolutePath);
        Assert.True(JsonDocument.Parse(stub.Body!).RootElement.GetProperty("rollover").GetBoolean());
        Assert.Equal(Pem, result.Out);

        var plain = new Stub(HttpStatusCode.Created, JsonSerializer.Serialize(new { id = "csr_c", pem = Pem }));
        await CliRun.Run(() => plain, "certificates", "request", "psd_a", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.False(JsonDocument.Parse(plain.Body!).RootElement.TryGetProperty("rollover", out _));
    }

    [Fact]
    public async Task Import_SendsTheCertificate_ToTheDeviceOrAsTheAuthority()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ibis-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(file, "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n");
        try
        {
            var device = new Stub(HttpStatusCode.OK, "{\"status\":\"issued\"}");
            var result = await CliRun.Run(() => device, "certificates", "import", file, "--device", "psd_a", "--server", "http://ibis.example/", "--api-key", "k");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("/v1/devices/psd_a/certificate", device.Request!.RequestUri!.AbsolutePath);
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", JsonDocument.Parse(device.Body!).RootElement.GetProperty("certificate").GetString());

            var authority = new Stub(HttpStatusCode.BadRequest, "{\"code\":\"certificate_not_authority\",\"detail\":\"not a CA\",\"errors\":{\"certificate\":[\"not a CA\"]}}");
            var refused = await CliRun.Run(() => authority, "certificates", "import", file, "--authority", "--server", "http://ibis.example/", "--api-key", "k");
            Assert.Equal(1, refused.ExitCode);
            Assert.Equal("/v1/certificates/authorities", authority.Request!.RequestUri!.AbsolutePath);
            Assert.Contains("refused: certificate_not_authority at certificate: not a CA", refused.Out);

            var neither = await CliRun.Run(() => authority, "certificates", "import", file, "--server", "http://ibis.example/", "--api-key", "k");
            Assert.NotEqual(0, neither.ExitCode);
            Assert.Contains("--device", neither.Err + neither.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
