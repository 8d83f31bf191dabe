using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Ibis.Rendering;
using Ibis.Testing;
using Xunit;

namespace Ibis.Cli.Tests.Verification;

public sealed class OfflineVerifyTests : IDisposable
{
    // Byte 29 is the low byte of the postage (offsets in docs/indicium-format.md): 0.740 becomes 0.741.
    private const int PostageLowByte = 29;

    private readonly TempDir _dir = new();
    private readonly TestIndicium _indicium = TestIndicium.Create();

    public void Dispose() => _dir.Dispose();

    private string Pem() => _dir.Write("certificate.pem", _indicium.Pem);

    /// <summary>The pinned Postal Service CA: the only issuer offline verification trusts.</summary>
    private string Ca() => _dir.Write("ca.pem", _indicium.CaPem);

    [Fact]
    public async Task Verify_RenderedPngWithDeviceAndCaCertificates_IsValid()
    {
        var png = _dir.Write("indicium.png", TestIndicium.RenderPng(_indicium.Bytes));

        var result = await CliRun.Run("verify", png, "--offline", "--certificate", Pem(), "--trust", Ca(), "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("VALID (test mode", result.Out);
        Assert.DoesNotContain("Reasons:", result.Out);
        Assert.Contains("IB-0001-00000042", result.Out);
        Assert.Contains("$0.740", result.Out);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task Verify_Json_HasTheShapeOfTheServerAnswer()
    {
        var png = _dir.Write("indicium.png", TestIndicium.RenderPng(_indicium.Bytes));

        var result = await CliRun.Run("verify", png, "--offline", "--certificate", Pem(), "--trust", Ca(), "--allow-test", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal("test", root.GetProperty("mode").GetString());
        Assert.Equal(0, root.GetProperty("reasons").GetArrayLength());
        var fields = root.GetProperty("indicium");
        Assert.Equal(TestIndicium.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture), fields.GetProperty("certificate_serial").GetString());
        Assert.Equal("0.740", fields.GetProperty("postage").GetProperty("amount").GetString());
        Assert.Equal("USD", fields.GetProperty("postage").GetProperty("currency").GetString());
        Assert.Equal(17, fields.GetProperty("piece_count").GetInt64());
        Assert.Equal("20260", fields.GetProperty("destination_zip").GetString());
    }

    [Fact]
    public async Task Verify_PngWithOneByteOfPostageChanged_IsInvalidBecauseOfTheSignature()
    {
        var png = _dir.Write("forged.png", TestIndicium.RenderPng(_indicium.WithByteFlipped(PostageLowByte)));

        var result = await CliRun.Run("verify", png, "--offline", "--certificate", Pem(), "--trust", Ca(), "--allow-test");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("INVALID", result.Out);
        Assert.Contains("signature_invalid", result.Out);
        Assert.Contains("$0.741", result.Out);
    }

    [Theory]
    [InlineData(3)]   // certificate serial
    [InlineData(17)]  // device serial
    [InlineData(45)]  // descending register
    [InlineData(100)] // signature
    public async Task Verify_BinWithAnyByteChanged_IsInvalid(int offset)
    {
        var bin = _dir.Write("forged.bin", _indicium.WithByteFlipped(offset));

        var result = await CliRun.Run("verify", bin, "--offline", "--certificate", Pem(), "--trust", Ca(), "--allow-test", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.NotEqual(0, doc.RootElement.GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public async Task Verify_Base64Data_IsValid()
    {
        var result = await CliRun.Run("verify", "--data", Convert.ToBase64String(_indicium.Bytes), "--offline", "--certificate", Pem(), "--trust", Ca(), "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Source:      --data", result.Out);
    }

    [Fact]
    public async Task Verify_CertificateFromAnotherAuthorityOfTheSameName_FailsClosed()
    {
        // Same device name, serial and CA name, but certified by a CA other than the pinned one; the
        // pinned CA's certificate in the same file changes nothing.
        var impostor = TestIndicium.Create();
        var pem = _dir.Write("mixed.pem", impostor.DevicePemOnly + System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", _indicium.CaCertificateDer));
        var bin = _dir.Write("impostor.bin", impostor.Bytes);

        var result = await CliRun.Run("verify", bin, "--offline", "--certificate", pem, "--trust", Ca(), "--allow-test");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("issuer_not_trusted", result.Out);
    }

    [Fact]
    public async Task Verify_CertificateOfAnotherDevice_IsInvalid()
    {
        var other = TestIndicium.Create(certifiedDevice: "IB-0001-00000099");
        var pem = _dir.Write("other.pem", other.Pem);
        var ca = _dir.Write("other-ca.pem", other.CaPem);
        var bin = _dir.Write("indicium.bin", other.Bytes);

        var result = await CliRun.Run("verify", bin, "--offline", "--certificate", pem, "--trust", ca, "--allow-test");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("certificate_device_mismatch", result.Out);
    }

    [Fact]
    public async Task Verify_DeviceCertificateAloneWithThePinnedCa_IsValid()
    {
        var pem = _dir.Write("device.pem", _indicium.DevicePemOnly);
        var bin = _dir.Write("indicium.bin", _indicium.Bytes);

        var result = await CliRun.Run("verify", bin, "--offline", "--certificate", pem, "--trust", Ca(), "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("revocation was not checked", result.Out);
    }

    [Fact]
    public async Task Verify_LiveAuthority_ReportsLiveMode_WithoutAllowTest()
    {
        var live = TestIndicium.Create(caName: "Ibis Test CA");
        var pem = _dir.Write("live.pem", live.Pem);
        var ca = _dir.Write("live-ca.pem", live.CaPem);
        var bin = _dir.Write("live.bin", live.Bytes);

        var result = await CliRun.Run("verify", bin, "--offline", "--certificate", pem, "--trust", ca);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("VALID (live)", result.Out);
    }

    [SkippableFact]
    public async Task Verify_EnvelopePdfRasterisedBy_pdftoppm_IsValid()
    {
        var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
        var pdf = _dir.Write("envelope.pdf", TestIndicium.RenderPdfEnvelope(_indicium.Bytes));
        var prefix = Path.Combine(_dir.Path, "envelope");
        var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", pdf, prefix);
        Assert.True(code == 0, stderr);

        var result = await CliRun.Run("verify", prefix + ".png", "--offline", "--certificate", Pem(), "--trust", Ca(), "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("VALID", result.Out);
    }

    [Fact]
    public async Task Verify_EnvelopePng_IsValid()
    {
        var png = _dir.Write("envelope.png", TestIndicium.RenderPngEnvelope(_indicium.Bytes));

        var result = await CliRun.Run("verify", png, "--offline", "--certificate", Pem(), "--trust", Ca(), "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
