using Ibis.Security.Keys;

namespace Ibis.Security.SelfTests;

/// <summary>
/// Wraps a key store so that, if the start-up self-tests failed, no key is generated and no signature
/// leaves the process (DESIGN §4 "Self-tests"): key generation, signing and MAC computation fail with
/// <c>self_test_failed</c>.
/// <see cref="Destroy"/> always goes through, because zeroizing a key must never be blocked.
/// </summary>
public sealed class SelfTestGuardedKeyStore : IKeyStore
{
    private readonly IKeyStore _inner;
    private readonly SelfTestResult _selfTest;

    public SelfTestGuardedKeyStore(IKeyStore inner, SelfTestResult selfTest)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(selfTest);
        _inner = inner;
        _selfTest = selfTest;
    }

    public string Kind => _inner.Kind;

    /// <summary>The result this guard enforces, for health endpoints and start-up logs.</summary>
    public SelfTestResult SelfTest => _selfTest;

    public GeneratedKey GenerateSigningKey(string label)
    {
        EnsurePassed();
        return _inner.GenerateSigningKey(label);
    }

    public byte[] Sign(ReadOnlySpan<byte> keyHandle, ReadOnlySpan<byte> data)
    {
        EnsurePassed();
        return _inner.Sign(keyHandle, data);
    }

    public byte[] GenerateMacKey(string label)
    {
        EnsurePassed();
        return _inner.GenerateMacKey(label);
    }

    // A MAC from a module whose HMAC failed its known-answer test could wrongly vouch for a tampered
    // register, so MACs are refused just like signatures.
    public byte[] ComputeMac(ReadOnlySpan<byte> macKeyHandle, ReadOnlySpan<byte> data)
    {
        EnsurePassed();
        return _inner.ComputeMac(macKeyHandle, data);
    }

    public void Destroy(ReadOnlySpan<byte> keyHandle) => _inner.Destroy(keyHandle);

    private void EnsurePassed()
    {
        if (!_selfTest.Passed)
        {
            throw new KeyStoreException(KeyStoreException.SelfTestFailed,
                "The cryptographic self-tests failed at start-up, so this process will not sign. " + _selfTest);
        }
    }
}
