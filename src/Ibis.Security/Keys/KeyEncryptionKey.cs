using System.Security.Cryptography;

namespace Ibis.Security.Keys;

/// <summary>
/// The 32-byte AES-256 key under which <see cref="SoftwareKeyStore"/> wraps private keys. Held in a pinned
/// array so the GC never leaves copies behind, and zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class KeyEncryptionKey : IDisposable
{
    /// <summary>AES-256.</summary>
    public const int SizeInBytes = 32;

    private readonly byte[] _key;
    private bool _disposed;

    private KeyEncryptionKey(ReadOnlySpan<byte> key)
    {
        _key = GC.AllocateUninitializedArray<byte>(SizeInBytes, pinned: true);
        key.CopyTo(_key);
        Id = ComputeId(key);
    }

    /// <summary>
    /// A non-secret fingerprint (first 8 bytes of a domain-separated SHA-256, hex) so operators can check
    /// that every node of a deployment uses the same key without revealing it.
    /// </summary>
    public string Id { get; }

    /// <summary>Copies <paramref name="key"/>; the caller should zero its own copy.</summary>
    public static KeyEncryptionKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != SizeInBytes)
        {
            throw new KeyStoreException(KeyStoreException.KeyEncryptionKeyInvalid,
                $"A key-encryption key must be exactly {SizeInBytes} bytes; got {key.Length}.");
        }
        return new KeyEncryptionKey(key);
    }

    /// <summary>A fresh random key, for tests and first start-up.</summary>
    public static KeyEncryptionKey Generate()
    {
        Span<byte> key = stackalloc byte[SizeInBytes];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new KeyEncryptionKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    internal ReadOnlySpan<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }

    private static string ComputeId(ReadOnlySpan<byte> key)
    {
        ReadOnlySpan<byte> context = "ibis/kek-id/v1"u8;
        Span<byte> input = stackalloc byte[context.Length + SizeInBytes];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        context.CopyTo(input);
        key.CopyTo(input[context.Length..]);
        SHA256.HashData(input, digest);
        CryptographicOperations.ZeroMemory(input);
        return Convert.ToHexStringLower(digest[..8]);
    }
}
