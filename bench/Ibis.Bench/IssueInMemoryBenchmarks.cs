using BenchmarkDotNet.Attributes;
using Ibis.Barcodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Domain.Indicia;
using Ibis.Rendering;
using Ibis.Rendering.Mailpieces;
using Ibis.Security.Keys;

namespace Ibis.Bench;

/// <summary>
/// The CPU work of issuing one indicium, with no HTTP, no database and no register update: build
/// the data → signed bytes → sign in the software key store → 124 bytes → Data Matrix. An upper
/// bound for one core; the real issuance path adds a database transaction per piece.
/// </summary>
[MemoryDiagnoser]
public class IssueInMemoryBenchmarks
{
    private SoftwareKeyStore _store = null!;
    private byte[] _handle = [];
    private uint _piece;

    [GlobalSetup]
    public void Setup()
    {
        using var kek = KeyEncryptionKey.Generate();
        _store = new SoftwareKeyStore(kek);
        _handle = _store.GenerateSigningKey("IB-0001-00000042").KeyHandle;
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "Issue in memory (data, sign, encode, Data Matrix; no DB, no HTTP)")]
    public BitMatrix IssueInMemory() => DataMatrixEncoder.Encode(SignAndEncode());

    [Benchmark(Description = "Issue in memory + render indicium PNG at 300 dpi (no DB, no HTTP)")]
    public byte[] IssueInMemoryAndRenderPng()
    {
        var bytes = SignAndEncode();
        var content = new IndiciumContent(PostOfficeLine.Licensing("BETHESDA", "MD", "20814"), "IB-0001-00000042",
            new DateOnly(2026, 11, 23), ShowDay: true, "FCM LETTER", "$0.740", DataMatrixEncoder.Encode(bytes), Sample: true);
        return MailpieceRenderer.RenderIndicium(content, RenderFormat.Png, classMarking: "FIRST-CLASS MAIL");
    }

    private byte[] SignAndEncode()
    {
        var data = Samples.Unsigned(++_piece);
        var signature = _store.Sign(_handle, IndiciumCodec.SignedMessage(data));
        return IndiciumCodec.Encode(data with { Signature = signature });
    }
}
