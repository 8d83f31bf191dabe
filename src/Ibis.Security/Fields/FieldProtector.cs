using System.Security.Cryptography;
using System.Text;
using Ibis.Security.Keys;

namespace Ibis.Security.Fields;

/// <summary>
/// Encrypts sensitive fields at rest (bank and card numbers; DESIGN §4 "Records") with AES-256-GCM
/// under a key derived from the key-encryption key. The context (table, column, record id) is bound
/// as associated data, so a ciphertext copied to another record or column does not decrypt.
/// Layout: version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
/// </summary>
public sealed class FieldProtector : IDisposable
{
    private const byte Version = 1;
    private readonly byte[] _key;
    private readonly byte[] _fingerprintKey;

    public FieldProtector(KeyEncryptionKey kek)
    {
        ArgumentNullException.ThrowIfNull(kek);
        _key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, kek.Bytes, _key, salt: [], info: "ibis/field-encryption/v1"u8);
        _fingerprintKey = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, kek.Bytes, _fingerprintKey, salt: [], info: "ibis/request-fingerprint/v1"u8);
    }

    /// <summary>
    /// A keyed fingerprint (HMAC-SHA256, hex) of a request, stored to recognise retries. Unlike a
    /// plain hash it cannot be reversed by trying short inputs such as bank account numbers.
    /// </summary>
    public string Fingerprint(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_fingerprintKey, Encoding.UTF8.GetBytes(value)));

    public byte[] Protect(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[1 + 12 + plain.Length + 16];
        blob[0] = Version;
        RandomNumberGenerator.Fill(blob.AsSpan(1, 12));
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(blob.AsSpan(1, 12), plain, blob.AsSpan(13, plain.Length), blob.AsSpan(13 + plain.Length), Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    /// <summary>Decrypts, or throws <see cref="CryptographicException"/> for a blob altered or moved to another context.</summary>
    public string Unprotect(byte[] blob, string context)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Length < 29 || blob[0] != Version) throw new CryptographicException("not a protected field");
        var plain = new byte[blob.Length - 29];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(13, plain.Length), blob.AsSpan(13 + plain.Length), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_fingerprintKey);
    }
}
