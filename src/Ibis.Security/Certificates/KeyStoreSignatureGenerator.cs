using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Keys;

namespace Ibis.Security.Certificates;

/// <summary>
/// Lets <see cref="CertificateRequest"/> sign with a key that lives in an <see cref="IKeyStore"/>, so the
/// CA's private key is never imported into an <see cref="ECDsa"/> object outside the store.
/// </summary>
internal sealed class KeyStoreSignatureGenerator : X509SignatureGenerator
{
    // AlgorithmIdentifier { ecdsa-with-SHA256 (1.2.840.10045.4.3.2) } with parameters absent (RFC 5758 §3.2).
    internal static readonly byte[] EcdsaWithSha256 =
        [0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];

    private readonly IKeyStore _store;
    private readonly byte[] _keyHandle;
    private readonly byte[] _subjectPublicKeyInfo;

    public KeyStoreSignatureGenerator(IKeyStore store, byte[] keyHandle, byte[] subjectPublicKeyInfo)
    {
        _store = store;
        _keyHandle = keyHandle;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        // The key stores only sign SHA-256 digests.
        if (hashAlgorithm != HashAlgorithmName.SHA256)
        {
            throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm, "Only SHA-256 is supported.");
        }
        return (byte[])EcdsaWithSha256.Clone();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (hashAlgorithm != HashAlgorithmName.SHA256)
        {
            throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm, "Only SHA-256 is supported.");
        }
        return EcdsaSignatureEncoding.P1363ToDer(_store.Sign(_keyHandle, data));
    }

    protected override PublicKey BuildPublicKey() =>
        PublicKey.CreateFromSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
}
