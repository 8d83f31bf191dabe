using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ibis.Domain.Indicia;
using Ibis.Security.Keys;

namespace Ibis.Bench;

/// <summary>
/// ECDSA P-256 over the 60 signed bytes of an indicium: through the software key store (the
/// issuance path) and with a bare ECDsa, to show what the store adds.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private SoftwareKeyStore _store = null!;
    private byte[] _handle = [];
    private ECDsa _bare = null!;
    private byte[] _signed = [];

    [GlobalSetup]
    public void Setup()
    {
        using var kek = KeyEncryptionKey.Generate();
        _store = new SoftwareKeyStore(kek);
        _handle = _store.GenerateSigningKey("IB-0001-00000042").KeyHandle;
        _bare = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _signed = IndiciumCodec.SignedMessage(Samples.Unsigned());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _bare.Dispose();
    }

    [Benchmark(Description = "ECDSA P-256 sign 60 B, SoftwareKeyStore")]
    public byte[] SignWithSoftwareKeyStore() => _store.Sign(_handle, _signed);

    [Benchmark(Baseline = true, Description = "ECDSA P-256 sign 60 B, bare ECDsa")]
    public byte[] SignWithBareECDsa() => _bare.SignData(_signed, HashAlgorithmName.SHA256);
}
