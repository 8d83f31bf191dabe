using System.Security.Cryptography;

namespace Ibis.Security.Keys;

/// <summary>
/// The conditional self-test that follows every key generation (DESIGN §4 "Self-tests", FIPS 140-3
/// pair-wise consistency): sign a fixed message through the store and verify it with the exported public
/// key. Every <see cref="IKeyStore"/> implementation runs it, so a key whose handle or public key is wrong
/// never reaches a certificate.
/// </summary>
public static class PairwiseConsistencyTest
{
    private static ReadOnlySpan<byte> Message => "Ibis pair-wise consistency test"u8;

    /// <summary>Returns normally if the key signs and verifies; otherwise throws <see cref="KeyStoreException"/>.</summary>
    public static void Run(IKeyStore store, GeneratedKey key)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);

        bool ok;
        try
        {
            var signature = store.Sign(key.KeyHandle, Message);
            using var publicKey = ECDsa.Create();
            publicKey.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out var read);
            ok = read == key.SubjectPublicKeyInfo.Length
                 && P256.Is(publicKey)
                 && signature.Length == 64
                 && publicKey.VerifyData(Message, signature, HashAlgorithmName.SHA256);
        }
        catch (Exception ex) when (ex is CryptographicException or KeyStoreException)
        {
            throw new KeyStoreException(KeyStoreException.PairwiseConsistencyFailed,
                "The new signing key failed its pair-wise consistency test.", ex);
        }

        if (!ok)
        {
            throw new KeyStoreException(KeyStoreException.PairwiseConsistencyFailed,
                "The new signing key failed its pair-wise consistency test: its signature does not verify with its public key.");
        }
    }
}
