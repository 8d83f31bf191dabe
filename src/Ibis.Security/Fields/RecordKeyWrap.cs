using System.Security.Cryptography;
using System.Text;
using Ibis.Security.Keys;

namespace Ibis.Security.Fields;

/// <summary>
/// Per-record data keys for customer records (DESIGN §4 "Records"): a random AES-256 key per record,
/// wrapped with AES-256-GCM under a key derived from the key-encryption key and bound to the record id,
/// and the sealing of a record's fields under its data key. Destroying the wrapped key is
/// crypto-shredding: the key-encryption key alone can no longer open anything sealed under it.
/// Blob layout: version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16); AAD = record id ‖ 0 ‖ context.
/// </summary>
public sealed class RecordKeyWrap : IDisposable
{
    private const byte Version = 1;
    private readonly byte[] _wrappingKey = new byte[32];

    public RecordKeyWrap(KeyEncryptionKey kek)
    {
        ArgumentNullException.ThrowIfNull(kek);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, kek.Bytes, _wrappingKey, salt: [], info: "ibis/customer-record-keys/v1"u8);
    }

    /// <summary>A new data key and its wrapped form for the database.</summary>
    public (byte[] DataKey, byte[] Wrapped) NewKey(string recordId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (key, Encrypt(_wrappingKey, key, Aad(recordId, "data-key")));
    }

    /// <summary>Unwraps; throws <see cref="CryptographicException"/> if the blob was altered or belongs to another record.</summary>
    public byte[] Unwrap(byte[] wrapped, string recordId) => Decrypt(_wrappingKey, wrapped, Aad(recordId, "data-key"));

    public static byte[] Seal(byte[] dataKey, string recordId, string context, string plaintext) =>
        Encrypt(dataKey, Encoding.UTF8.GetBytes(plaintext), Aad(recordId, context));

    public static string Open(byte[] dataKey, string recordId, string context, byte[] blob) =>
        Encoding.UTF8.GetString(Decrypt(dataKey, blob, Aad(recordId, context)));

    private static byte[] Aad(string recordId, string context) => Encoding.UTF8.GetBytes(recordId + "\0" + context);

    private static byte[] Encrypt(byte[] key, byte[] plain, byte[] aad)
    {
        var blob = new byte[1 + 12 + plain.Length + 16];
        blob[0] = Version;
        RandomNumberGenerator.Fill(blob.AsSpan(1, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(blob.AsSpan(1, 12), plain, blob.AsSpan(13, plain.Length), blob.AsSpan(13 + plain.Length), aad);
        return blob;
    }

    private static byte[] Decrypt(byte[] key, byte[] blob, byte[] aad)
    {
        if (blob.Length < 29 || blob[0] != Version) throw new CryptographicException("not a sealed customer field");
        var plain = new byte[blob.Length - 29];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(13, plain.Length), blob.AsSpan(13 + plain.Length), plain, aad);
        return plain;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_wrappingKey);
}
