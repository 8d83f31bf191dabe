using System.Xml.Linq;
using Ibis.Cli.Tests.Support;
using Ibis.Testing;
using Xunit;

namespace Ibis.Cli.Tests.Barcodes;

public sealed class BarcodeCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string PathOf(string name) => Path.Combine(_dir.Path, name);

    [Theory]
    [InlineData("datamatrix", "00ff10802a")]
    [InlineData("datamatrix", "48656c6c6f2c20496269732031323334")]
    [InlineData("pdf417", "00ff10802a")]
    [InlineData("pdf417", "5553505320504320506f7374616765")]
    public async Task EncodeThenDecode_Png_GivesTheSameHex(string symbology, string hex)
    {
        var png = PathOf("symbol.png");

        var encoded = await CliRun.Run("barcode", "encode", "--symbology", symbology, "--data-hex", hex, "--out", png);
        Assert.True(encoded.ExitCode == 0, encoded.ToString());

        var decoded = await CliRun.Run("barcode", "decode", png, "--symbology", symbology);
        Assert.True(decoded.ExitCode == 0, decoded.ToString());
        Assert.Equal(hex, decoded.Out.Trim());

        var guessed = await CliRun.Run("barcode", "decode", png);
        Assert.Equal(hex, guessed.Out.Trim());
    }

    [Fact]
    public async Task Encode_DataMatrixWithSize_WritesThatSize()
    {
        var png = PathOf("dm.png");

        var result = await CliRun.Run("barcode", "encode", "-s", "datamatrix", "--text", "Ibis", "--size", "44x44", "--module-px", "3", "--out", png);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Data Matrix 44x44, 4 bytes", result.Out);
        var decoded = await CliRun.Run("barcode", "decode", png);
        Assert.Equal("49626973", decoded.Out.Trim());
    }

    [Fact]
    public async Task Decode_WithGrade_PrintsTheQualityGrade()
    {
        var png = PathOf("graded.png");
        await CliRun.Run("barcode", "encode", "-s", "datamatrix", "--text", "Ibis", "--module-px", "4", "--out", png);

        var decoded = await CliRun.Run("barcode", "decode", png, "--grade");

        Assert.True(decoded.ExitCode == 0, decoded.ToString());
        Assert.Contains("grade:", decoded.Out);
        Assert.Contains("49626973", decoded.Out);
    }

    [SkippableFact]
    public async Task Encode_DataMatrixPng_IsReadBy_ZXingReader()
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var png = PathOf("dm.png");
        await CliRun.Run("barcode", "encode", "-s", "datamatrix", "--text", "Ibis PC Postage 20260-1234", "--out", png);

        var (code, stdout, stderr) = Requires.Run(zxing, "-format", "DataMatrix", png);

        Assert.True(code == 0, stderr);
        Assert.Contains("Ibis PC Postage 20260-1234", stdout);
    }

    [SkippableFact]
    public async Task Encode_Pdf417Png_IsReadBy_ZXingReader()
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var png = PathOf("pdf417.png");
        await CliRun.Run("barcode", "encode", "-s", "pdf417", "--text", "Ibis PC Postage 20260-1234", "--out", png);

        var (code, stdout, stderr) = Requires.Run(zxing, "-format", "PDF417", png);

        Assert.True(code == 0, stderr);
        Assert.Contains("Ibis PC Postage 20260-1234", stdout);
    }

    [Fact]
    public async Task Encode_DataMatrixSvg_HasTheModulesAndSize()
    {
        var svg = PathOf("dm.svg");

        var result = await CliRun.Run("barcode", "encode", "-s", "datamatrix", "--data-hex", "0102", "--module-px", "5", "--out", svg);

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = XDocument.Load(svg).Root!;
        Assert.Equal("70", root.Attribute("width")!.Value); // (10 + 2 × 2 quiet) × 5 px
        Assert.Equal("0 0 14 14", root.Attribute("viewBox")!.Value);
    }

    [Theory]
    [InlineData("01234567094987654321-01234", "DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT")]
    [InlineData("01234567094987654321 012345678", "ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA")]
    [InlineData("0123456709498765432101234567891", "AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA")]
    [InlineData("01234567094987654321", "ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT")]
    public async Task Encode_Imb_PrintsTheBarsOfTheSpecificationExample(string text, string bars)
    {
        var png = PathOf("imb.png");

        var result = await CliRun.Run("barcode", "encode", "-s", "imb", "--text", text, "--out", png);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(bars, result.Out);
        Assert.True(new FileInfo(png).Length > 0);
    }

    [Fact]
    public async Task Encode_ImbSvg_IsSizedInInches()
    {
        var svg = PathOf("imb.svg");

        var result = await CliRun.Run("barcode", "encode", "-s", "imb", "--text", "01234567094987654321", "--dpi", "600", "--out", svg);

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = XDocument.Load(svg).Root!;
        Assert.EndsWith("in", root.Attribute("width")!.Value);
        Assert.Equal(66, root.Elements().Count());
    }

    [Fact]
    public async Task Encode_Postnet_PrintsTheCheckDigitAndBars()
    {
        var result = await CliRun.Run("barcode", "encode", "-s", "postnet", "--text", "55555-1237", "--out", PathOf("p.png"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("check digit 2", result.Out);
        Assert.Contains("|.|.|..|.|..|.|..|.|..|.|....||..|.|..||.|...|..|.||", result.Out);
    }

    [Fact]
    public async Task Decode_ImageWithoutSymbol_ExitsOne()
    {
        var png = PathOf("imb.png");
        await CliRun.Run("barcode", "encode", "-s", "imb", "--text", "01234567094987654321", "--out", png);

        var result = await CliRun.Run("barcode", "decode", png);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("no readable barcode in imb.png", result.Err);
    }

    [Fact]
    public async Task Decode_FileThatIsNotAnImage_ExitsTwo()
    {
        var file = _dir.Write("notes.png", "not a picture");

        var result = await CliRun.Run("barcode", "decode", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("notes.png", result.Err);
    }

    public static TheoryData<string[], string> InvalidEncodes => new()
    {
        { ["-s", "imb", "--text", "05234567094987654321"], "second digit of the barcode ID must be 0–4, not 5" },
        { ["-s", "imb", "--text", "0123456709498765432"], "tracking code must be 20 digits, not 19" },
        { ["-s", "imb", "--text", "01234567094987654321-1234"], "routing code must be empty or 5, 9 or 11 digits, not 4" },
        { ["-s", "imb", "--data-hex", "00"], "imb encodes digits: give them with --text" },
        { ["-s", "imb", "--text", "01234567094987654321", "--dpi", "72"], "--dpi 72: at 72 dpi" },
        { ["-s", "postnet", "--text", "2026"], "POSTNET encodes 5, 9 or 11 digits" },
        { ["-s", "postnet", "--text", "2026O"], "character 5 is 'O'" },
        { ["-s", "datamatrix", "--data-hex", "0g"], "--data-hex is not hexadecimal" },
        { ["-s", "datamatrix", "--text", "x", "--size", "45x45"], "--size 45x45: not a Data Matrix size" },
        { ["-s", "datamatrix", "--text", "x", "--size", "16x48"], "only square Data Matrix sizes" },
        { ["-s", "datamatrix", "--text", "x", "--size", "big"], "--size big: give the size as ROWSxCOLUMNS" },
        { ["-s", "datamatrix", "--text", new string('x', 100), "--size", "10x10"], "cannot encode 100 bytes as Data Matrix" },
        { ["-s", "pdf417", "--text", "x", "--size", "2x40"], "PDF417 has 3–90 rows and 1–30 data columns" },
        { ["-s", "imb", "--text", "01234567094987654321", "--size", "44x44"], "--size applies to datamatrix and pdf417 only" },
        { ["-s", "datamatrix", "--text", "x", "--module-px", "0"], "--module-px 0" },
        { ["-s", "qr", "--text", "x"], "'qr'" },
        { ["-s", "datamatrix"], "exactly one of --data-hex and --text" },
        { ["-s", "datamatrix", "--text", "x", "--data-hex", "00"], "exactly one of --data-hex and --text" },
    };

    [Theory]
    [MemberData(nameof(InvalidEncodes))]
    public async Task Encode_InvalidInput_ExitsTwoWithAMessage(string[] args, string message)
    {
        var output = PathOf("out.png");

        var result = await CliRun.Run(["barcode", "encode", .. args, "--out", output]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Err);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Encode_UnknownImageType_ExitsTwo()
    {
        var result = await CliRun.Run("barcode", "encode", "-s", "datamatrix", "--text", "x", "--out", PathOf("out.gif"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("write a .png or an .svg file", result.Err);
    }
}
