using System.Text;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Ibis.Testing;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>Our reader on symbols other encoders made, in the encodation schemes we do not write.</summary>
public sealed class ForeignSymbolTests
{
    public static TheoryData<string, string, string> DmtxwriteCases => new()
    {
        { "ascii", "a", "Hello, World 123456" },
        { "c40", "c", "IBIS PC POSTAGE 20260" },
        { "text", "t", "ibis pc postage 20260" },
        { "x12", "x", "ABC*123>XYZ 0" },
        { "edifact", "e", "EDIFACT:TEST;12" },
        { "base256", "8", "binary \u00e9\u00ff\u0001" },
        { "best", "b", "Mixed CASE text 1234567890 with SOME C40 RUNS" },
    };

    [SkippableTheory]
    [MemberData(nameof(DmtxwriteCases))]
    public void Read_DmtxwriteSymbols(string name, string scheme, string text)
    {
        Assert.NotNull(name);
        var dmtxwrite = ExternalTools.DmtxWrite();
        using var dir = new TempDirectory();
        var file = dir.File("sym.png");
        var payload = Encoding.Latin1.GetBytes(text);
        var (exit, _, stderr) = ExternalTools.Run(dmtxwrite, payload, "-e", scheme, "-d", "4", "-m", "8", "-o", file);
        Assert.True(exit == 0, stderr);
        var result = DataMatrixReader.Read(TestPng.Decode(File.ReadAllBytes(file)));
        Assert.True(result.Success, result.ToString());
        Assert.Equal(payload, result.Data);
    }

    [SkippableTheory]
    [InlineData("HELLO WORLD 12345 C40 TEXT")]
    [InlineData("lower case words go to text mode")]
    [InlineData("0123456789012345678901234567890123456789")]
    [InlineData("Mixed: Ibis/PC-Postage 2026 (test) #1")]
    public void Read_ZXingWriterSymbols(string text)
    {
        var writer = Requires.Tool("ZXingWriter", "zxing-cpp-tools");
        using var dir = new TempDirectory();
        var file = dir.File("zx.png");
        var (exit, _, stderr) = ExternalTools.Run(writer, null, "-size", "300x300", "-margin", "10", "DataMatrix", text, file);
        Assert.True(exit == 0, stderr);
        var result = DataMatrixReader.Read(TestPng.Decode(File.ReadAllBytes(file)));
        Assert.True(result.Success, result.ToString());
        Assert.Equal(text, Encoding.Latin1.GetString(result.Data!));
    }
}
