using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Verification;

/// <summary>Exit code 2 and one clear line on stderr, never a stack trace.</summary>
public sealed class UnusableInputTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TestIndicium _indicium = TestIndicium.Create();

    public void Dispose() => _dir.Dispose();

    private static void AssertUnusable(CliOutcome result, string expectedMessage)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expectedMessage, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("Exception", result.Err);
    }

    [Fact]
    public async Task Verify_GarbagePng_Exits2WithAMessage()
    {
        var png = _dir.Write("garbage.png", "this is not a PNG at all"u8.ToArray());
        var pem = _dir.Write("certificate.pem", _indicium.Pem);

        var result = await CliRun.Run("verify", png, "--offline", "--certificate", pem, "--trust", pem);

        AssertUnusable(result, "garbage.png is not an image that can be decoded");
    }

    [Fact]
    public async Task Decode_TruncatedPng_Exits2()
    {
        var full = TestIndicium.RenderPng(_indicium.Bytes);
        var png = _dir.Write("truncated.png", full[..(full.Length / 3)]);

        var result = await CliRun.Run("decode", png);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("ibis: ", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public async Task Decode_PngWithoutBarcode_Exits2()
    {
        using var bitmap = new SkiaSharp.SKBitmap(200, 100, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque);
        bitmap.Erase(SkiaSharp.SKColors.White);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        var png = _dir.Write("blank.png", data.ToArray());

        var result = await CliRun.Run("decode", png);

        AssertUnusable(result, "no readable Data Matrix symbol in blank.png");
    }

    [Fact]
    public async Task Verify_TruncatedBytes_Exits2WithTheCodecCode()
    {
        var bin = _dir.Write("short.bin", _indicium.Bytes[..100]);
        var pem = _dir.Write("certificate.pem", _indicium.Pem);

        var result = await CliRun.Run("verify", bin, "--offline", "--certificate", pem, "--trust", pem);

        AssertUnusable(result, "format_length_invalid");
    }

    [Fact]
    public async Task Verify_MissingFile_Exits2()
    {
        var result = await CliRun.Run("verify", Path.Combine(_dir.Path, "nope.png"), "--offline", "--certificate", "x.pem", "--trust", "x.pem");

        AssertUnusable(result, "no such file");
    }

    [Fact]
    public async Task Verify_CertificateFileWithoutCertificate_Exits2()
    {
        var bin = _dir.Write("indicium.bin", _indicium.Bytes);
        var pem = _dir.Write("empty.pem", "not a certificate\n");

        var result = await CliRun.Run("verify", bin, "--offline", "--certificate", pem, "--trust", pem);

        AssertUnusable(result, "holds no certificate");
    }

    [Fact]
    public async Task Verify_BadBase64_Exits2()
    {
        var result = await CliRun.Run("verify", "--data", "!!!", "--offline", "--certificate", _dir.Write("c.pem", _indicium.Pem), "--trust", _dir.Write("ca.pem", _indicium.CaPem));

        AssertUnusable(result, "--data is not valid base64");
    }

    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "verify" }, "give an image or binary file")]
    [InlineData(new[] { "verify", "a.png", "--data", "AQE=" }, "not both")]
    [InlineData(new[] { "verify", "a.png", "--offline" }, "--offline needs a trust anchor")]
    [InlineData(new[] { "verify", "a.png", "--offline", "--certificate", "a.png" }, "--offline needs a trust anchor")]
    [InlineData(new[] { "verify", "a.png", "--trust", "a.png" }, "--trust is only used with --offline")]
    [InlineData(new[] { "verify", "a.png", "--certificate", "c.pem" }, "only used with --offline")]
    [InlineData(new[] { "verify", "a.png", "--server", "ftp://example" }, "is not an http(s) URL")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    public async Task UsageErrors_Exit2(string[] args, string expected)
    {
        // The file exists so that only the usage error can stop the command.
        var png = _dir.Write("a.png", TestIndicium.RenderPng(_indicium.Bytes));
        var resolved = args.Select(a => a == "a.png" ? png : a).ToArray();

        var result = await CliRun.Run(resolved);

        AssertUnusable(result, expected);
    }

    [Fact]
    public async Task Help_Exits0()
    {
        var result = await CliRun.Run("verify", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--offline", result.Out);
    }
}
