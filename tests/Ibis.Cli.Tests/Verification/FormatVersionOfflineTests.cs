using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Xunit;

namespace Ibis.Cli.Tests.Verification;

/// <summary>
/// Issue 16 item 6: `ibis verify --offline` checks each indicium under the signing context of its format
/// version — v2 (what Ibis prints) over the indicium context tag and the 60 bytes, v1 (pieces printed before
/// tags) over the bytes alone — so earlier pieces still verify and a signature made for another format, or
/// a version byte changed after signing, is refused.
/// </summary>
public sealed class FormatVersionOfflineTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(int Exit, string[] Reasons, int Version)> Verify(TestIndicium indicium, byte[]? bytes = null)
    {
        var result = await CliRun.Run("verify", "--data", Convert.ToBase64String(bytes ?? indicium.Bytes), "--offline",
            "--certificate", _dir.Write($"{Guid.NewGuid():N}.pem", indicium.Pem), "--trust", _dir.Write($"{Guid.NewGuid():N}-ca.pem", indicium.CaPem),
            "--allow-test", "--json");
        using var doc = JsonDocument.Parse(result.Out);
        var reasons = doc.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToArray();
        Assert.Equal(result.ExitCode == 0, doc.RootElement.GetProperty("valid").GetBoolean());
        return (result.ExitCode, reasons, doc.RootElement.GetProperty("indicium").GetProperty("format_version").GetInt32());
    }

    [Fact]
    public async Task BothVersions_Verify_AndNoSignatureCrossesFormatsOrVersions()
    {
        var current = TestIndicium.Create();
        Assert.Equal(IndiciumCodec.Version2, current.Bytes[0]);
        Assert.Equal(IndiciumCodec.Length, current.Bytes.Length); // the tag is not carried: the barcode keeps its size
        await AssertValid(current, version: 2);

        // A piece printed before context tags: the old code path signed the 60 bytes alone.
        var earlier = TestIndicium.Create(formatVersion: IndiciumCodec.Version1, signedMessage: IndiciumCodec.SignedBytes);
        await AssertValid(earlier, version: 1);

        // The version byte is signed: relabelling either piece as the other version breaks its signature.
        Assert.Equal(["signature_invalid"], (await Verify(earlier, Relabelled(earlier.Bytes, IndiciumCodec.Version2))).Reasons);
        Assert.Equal(["signature_invalid"], (await Verify(current, Relabelled(current.Bytes, IndiciumCodec.Version1))).Reasons);

        // A v2 piece signed without its tag (as v1 was) is refused: a tagless signature never passes for v2.
        var untagged = TestIndicium.Create(signedMessage: IndiciumCodec.SignedBytes);
        Assert.Equal(["signature_invalid"], (await Verify(untagged)).Reasons);

        // The same 60 bytes signed under another format's tag (an audit message, a reset record) are no indicium.
        foreach (var other in new[] { SigningContext.AuditMessageTag.ToArray(), SigningContext.ResetRecordTag.ToArray() })
        {
            var foreign = TestIndicium.Create(signedMessage: d => SigningContext.Tagged(other, IndiciumCodec.SignedBytes(d)));
            Assert.Equal(["signature_invalid"], (await Verify(foreign)).Reasons);
        }
    }

    private async Task AssertValid(TestIndicium indicium, int version)
    {
        var (exit, reasons, read) = await Verify(indicium);
        Assert.True(exit == 0, string.Join(", ", reasons));
        Assert.Empty(reasons);
        Assert.Equal(version, read);
    }

    private static byte[] Relabelled(byte[] bytes, byte version)
    {
        var copy = (byte[])bytes.Clone();
        copy[0] = version;
        return copy;
    }
}
