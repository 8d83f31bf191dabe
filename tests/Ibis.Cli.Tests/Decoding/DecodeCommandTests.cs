using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Ibis.Testing;
using Xunit;

namespace Ibis.Cli.Tests.Decoding;

public sealed class DecodeCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TestIndicium _indicium = TestIndicium.Create();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Decode_RenderedIndiciumPng_PrintsHexAndFields()
    {
        var png = _dir.Write("indicium.png", TestIndicium.RenderPng(_indicium.Bytes));

        var result = await CliRun.Run("decode", png);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Bytes (124):", result.Out);
        Assert.Contains("0000  02 01 00 00 12 34 56 78 9a bc 49 42 00 01 00 00", result.Out); // format version 2 (signed over its context tag)
        Assert.Contains("IB-0001-00000042", result.Out);
        Assert.Contains("$0.740", result.Out);
        Assert.Contains("2026-11-23", result.Out);
        Assert.Contains("first_class/letter", result.Out);
        Assert.Contains("Data Matrix 44x44", result.Out);
    }

    [Fact]
    public async Task Decode_Json_GivesTheBytesAndTheApiFieldNames()
    {
        var png = _dir.Write("indicium.png", TestIndicium.RenderPng(_indicium.Bytes));

        var result = await CliRun.Run("decode", png, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(Convert.ToHexStringLower(_indicium.Bytes), root.GetProperty("hex").GetString());
        Assert.Equal(124, root.GetProperty("length").GetInt32());
        var fields = root.GetProperty("indicium");
        Assert.Equal("IB-0001-00000042", fields.GetProperty("device_id").GetString());
        Assert.Equal("0.740", fields.GetProperty("postage").GetProperty("amount").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Decode_RawBinFile_NeedsNoImage()
    {
        var bin = _dir.Write("indicium.bin", _indicium.Bytes);

        var result = await CliRun.Run("decode", bin);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("(raw bytes)", result.Out);
        Assert.Contains("IB-0001-00000042", result.Out);
    }

    [Fact]
    public async Task Decode_SymbolThatIsNotAnIndicium_ShowsTheBytesAndExits2()
    {
        var png = _dir.Write("other.png", TestIndicium.RenderPng("hello, not an indicium"u8.ToArray()));

        var result = await CliRun.Run("decode", png);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("68 65 6c 6c 6f", result.Out);
        Assert.Contains("format_version_unknown", result.Err);
    }

    [SkippableFact]
    public async Task Decode_EnvelopePdfRasterisedBy_pdftoppm_ReadsTheWholePage()
    {
        var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
        var pdf = _dir.Write("envelope.pdf", TestIndicium.RenderPdfEnvelope(_indicium.Bytes));
        var prefix = Path.Combine(_dir.Path, "envelope");
        var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", pdf, prefix);
        Assert.True(code == 0, stderr);

        var result = await CliRun.Run("decode", prefix + ".png", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(Convert.ToHexStringLower(_indicium.Bytes), doc.RootElement.GetProperty("hex").GetString());
    }

    [SkippableFact]
    public async Task Decode_EnvelopePdfRasterisedInColour_IsConvertedToGray()
    {
        // pdftoppm without -gray writes RGB, as most scanners and viewers would.
        var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
        var pdf = _dir.Write("envelope.pdf", TestIndicium.RenderPdfEnvelope(_indicium.Bytes));
        var prefix = Path.Combine(_dir.Path, "envelope-rgb");
        var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-png", "-singlefile", pdf, prefix);
        Assert.True(code == 0, stderr);

        var result = await CliRun.Run("decode", prefix + ".png");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("IB-0001-00000042", result.Out);
    }
}
