namespace Ibis.Security.Keys;

/// <summary>
/// Holds the PSD signing keys (DESIGN §4 "Keys"). Private keys are generated inside the store and never
/// leave it in plain text; callers only ever see an opaque <see cref="GeneratedKey.KeyHandle"/>, which the
/// database stores next to the device.
/// </summary>
public interface IKeyStore
{
    /// <summary>"software" or "pkcs11".</summary>
    string Kind { get; }

    /// <summary>
    /// Generates an ECDSA P-256 key pair inside the store, runs the pair-wise consistency test and returns
    /// the handle and the public key. Throws <see cref="KeyStoreException"/> if the new key fails the test.
    /// </summary>
    GeneratedKey GenerateSigningKey(string label);

    /// <summary>Signs SHA-256(<paramref name="data"/>); returns the 64-byte IEEE P1363 signature r||s.</summary>
    byte[] Sign(ReadOnlySpan<byte> keyHandle, ReadOnlySpan<byte> data);

    /// <summary>
    /// Generates a 256-bit HMAC-SHA256 key inside the store for register integrity (DESIGN §4 "Register
    /// integrity") and returns its opaque handle. A MAC handle is never accepted by <see cref="Sign"/>, and a
    /// signing handle is never accepted by <see cref="ComputeMac"/>.
    /// </summary>
    byte[] GenerateMacKey(string label);

    /// <summary>Returns the 32-byte HMAC-SHA256 of <paramref name="data"/> under the MAC key behind the handle.</summary>
    byte[] ComputeMac(ReadOnlySpan<byte> macKeyHandle, ReadOnlySpan<byte> data);

    /// <summary>
    /// Zeroizes the key (signing or MAC): every later <see cref="Sign"/> or <see cref="ComputeMac"/> with
    /// this handle fails with <c>key_destroyed</c>.
    /// </summary>
    void Destroy(ReadOnlySpan<byte> keyHandle);
}

/// <summary>A key just generated in an <see cref="IKeyStore"/>.</summary>
/// <param name="KeyHandle">Opaque blob for the database: the wrapped private key (software) or the object id (PKCS#11).</param>
/// <param name="SubjectPublicKeyInfo">The DER SubjectPublicKeyInfo of the public key, for the device certificate.</param>
public sealed record GeneratedKey(byte[] KeyHandle, byte[] SubjectPublicKeyInfo);
