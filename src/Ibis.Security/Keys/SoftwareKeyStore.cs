using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Ibis.Security.Keys;

/// <summary>
/// The default key store (DESIGN §4 "Keys"): each private key is exported as PKCS#8 only to be wrapped
/// with AES-256-GCM under the <see cref="KeyEncryptionKey"/>, and the wrapped blob is the key handle.
/// </summary>
/// <remarks>
/// <para>Handle format (version 1), all lengths in bytes:</para>
/// <code>
/// version (1) = 0x01 || labelLength (1) || label (UTF-8, 1..255) || nonce (12) || ciphertext (PKCS#8) || tag (16)
/// AAD = "ibis/software-key-store/v1" || version || labelLength || label
/// </code>
/// <para>The label travels in clear so an operator can tell which device a blob belongs to, and is bound
/// to the key through the AAD: moving a wrapped key under another label, or editing any header byte, makes
/// the tag fail. <see cref="Sign"/> only receives the handle, so callers that must be sure a handle
/// belongs to a given device compare <see cref="ReadLabel"/> (which authenticates) with the device id.</para>
/// <para>Imported keys are cached per handle (keyed by SHA-256 of the handle) because signing is on the
/// issuance hot path; the cache is bounded by <c>cacheCapacity</c>.</para>
/// <para><see cref="Destroy"/> zeroizes the cached key and remembers the handle for the life of this
/// process, but this store cannot erase the blob from the database: the caller must delete (or
/// overwrite) the stored handle too, or a restarted process could use it again.</para>
/// </remarks>
public sealed class SoftwareKeyStore : IKeyStore, IDisposable
{
    /// <summary>First byte of every handle this version writes.</summary>
    public const byte HandleVersion = 1;

    /// <summary>Longest label, in UTF-8 bytes.</summary>
    public const int MaxLabelBytes = 255;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    // A P-256 PKCS#8 blob is ~138 bytes; the cap only rejects absurd handles before any allocation.
    private const int MaxPkcs8Size = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> AadContext => "ibis/software-key-store/v1"u8;

    private readonly byte[] _kek;
    private readonly string _kekId;
    private readonly int _cacheCapacity;
    private readonly ConcurrentDictionary<HandleId, ECDsa> _cache = new();
    private readonly ConcurrentDictionary<HandleId, byte> _destroyed = new();
    private volatile bool _disposed;

    /// <param name="kek">Copied; the caller keeps ownership of the instance.</param>
    /// <param name="cacheCapacity">How many imported keys to keep; roughly the number of devices signing at once.</param>
    public SoftwareKeyStore(KeyEncryptionKey kek, int cacheCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(kek);
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheCapacity, 1);
        _kek = GC.AllocateUninitializedArray<byte>(KeyEncryptionKey.SizeInBytes, pinned: true);
        kek.Bytes.CopyTo(_kek);
        _kekId = kek.Id;
        _cacheCapacity = cacheCapacity;
    }

    public string Kind => "software";

    public GeneratedKey GenerateSigningKey(string label)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var labelBytes = EncodeLabel(label);

        byte[] handle;
        byte[] spki;
        var pkcs8 = GC.AllocateUninitializedArray<byte>(MaxPkcs8Size, pinned: true);
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            spki = key.ExportSubjectPublicKeyInfo();
            if (!key.TryExportPkcs8PrivateKey(pkcs8, out var written))
            {
                throw new KeyStoreException(KeyStoreException.KeyGenerationFailed, "The new key could not be exported for wrapping.");
            }
            handle = Wrap(labelBytes, pkcs8.AsSpan(0, written));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        var generated = new GeneratedKey(handle, spki);
        try
        {
            // Goes through Sign, so it also proves the handle unwraps to the key behind the public key.
            PairwiseConsistencyTest.Run(this, generated);
        }
        catch (KeyStoreException)
        {
            Destroy(handle);
            throw;
        }
        return generated;
    }

    public byte[] Sign(ReadOnlySpan<byte> keyHandle, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = HandleId.Of(keyHandle);
        if (_destroyed.ContainsKey(id))
        {
            ThrowHelper.Destroyed();
        }

        if (!_cache.TryGetValue(id, out var key))
        {
            key = ImportAndCache(keyHandle, id);
        }

        try
        {
            // ECDsa.SignData hashes with SHA-256 and returns IEEE P1363 r||s by default.
            return key.SignData(data, HashAlgorithmName.SHA256);
        }
        catch (ObjectDisposedException)
        {
            // Destroy ran concurrently and disposed the cached key under us.
            throw new KeyStoreException(KeyStoreException.KeyDestroyed, "The signing key was destroyed and can no longer sign.");
        }
    }

    public void Destroy(ReadOnlySpan<byte> keyHandle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = HandleId.Of(keyHandle);
        // Mark first so a concurrent Sign that misses the cache cannot re-import the key afterwards.
        _destroyed.TryAdd(id, 0);
        if (_cache.TryRemove(id, out var key))
        {
            key.Dispose();
        }
    }

    /// <summary>
    /// The label the handle was generated with, after authenticating the handle under this store's key.
    /// Throws <see cref="KeyStoreException"/> (<c>key_handle_invalid</c>) if the handle was altered.
    /// </summary>
    public string ReadLabel(ReadOnlySpan<byte> keyHandle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = HandleId.Of(keyHandle);
        if (!_cache.ContainsKey(id))
        {
            // Authenticates the whole handle, label included; the imported key is cached for the next Sign.
            ImportAndCache(keyHandle, id);
        }
        return StrictUtf8.GetString(ParseHeader(keyHandle).Label);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var key in _cache.Values)
        {
            key.Dispose();
        }
        _cache.Clear();
        CryptographicOperations.ZeroMemory(_kek);
    }

    private ECDsa ImportAndCache(ReadOnlySpan<byte> keyHandle, HandleId id)
    {
        var key = Unwrap(keyHandle);

        if (_cache.Count >= _cacheCapacity)
        {
            // Evicted keys are not disposed here: another thread may be signing with one right now. Their
            // native keys are freed (and cleared by OpenSSL) when the GC finalizes them.
            foreach (var victim in _cache.Keys)
            {
                _cache.TryRemove(victim, out _);
                if (_cache.Count < _cacheCapacity)
                {
                    break;
                }
            }
        }

        var cached = _cache.GetOrAdd(id, key);
        if (!ReferenceEquals(cached, key))
        {
            // Another thread imported the same handle first.
            key.Dispose();
        }

        if (_destroyed.ContainsKey(id))
        {
            // Destroy ran between our first check and the insertion above; undo the insertion.
            if (_cache.TryRemove(id, out var removed))
            {
                removed.Dispose();
            }
            ThrowHelper.Destroyed();
        }
        return cached;
    }

    private byte[] Wrap(ReadOnlySpan<byte> label, ReadOnlySpan<byte> pkcs8)
    {
        var headerLength = 2 + label.Length;
        var handle = new byte[headerLength + NonceSize + pkcs8.Length + TagSize];
        handle[0] = HandleVersion;
        handle[1] = (byte)label.Length;
        label.CopyTo(handle.AsSpan(2));

        var nonce = handle.AsSpan(headerLength, NonceSize);
        var ciphertext = handle.AsSpan(headerLength + NonceSize, pkcs8.Length);
        var tag = handle.AsSpan(headerLength + NonceSize + pkcs8.Length, TagSize);
        // Random 96-bit nonces: a KEK wraps one key per device, far below the 2^32 messages at which
        // random nonces under one key stop being safe.
        RandomNumberGenerator.Fill(nonce);

        Span<byte> aad = stackalloc byte[AadContext.Length + headerLength];
        BuildAad(handle.AsSpan(0, headerLength), aad);

        using var aes = new AesGcm(_kek, TagSize);
        aes.Encrypt(nonce, pkcs8, ciphertext, tag, aad);
        return handle;
    }

    private ECDsa Unwrap(ReadOnlySpan<byte> handle)
    {
        var header = ParseHeader(handle);
        var headerLength = 2 + header.Label.Length;
        var body = handle[headerLength..];
        if (body.Length <= NonceSize + TagSize || body.Length - NonceSize - TagSize > MaxPkcs8Size)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle has an impossible length.");
        }

        var nonce = body[..NonceSize];
        var ciphertext = body[NonceSize..^TagSize];
        var tag = body[^TagSize..];

        Span<byte> aad = stackalloc byte[AadContext.Length + headerLength];
        BuildAad(handle[..headerLength], aad);

        var pkcs8 = GC.AllocateUninitializedArray<byte>(ciphertext.Length, pinned: true);
        try
        {
            using (var aes = new AesGcm(_kek, TagSize))
            {
                aes.Decrypt(nonce, ciphertext, tag, pkcs8, aad);
            }

            var key = ECDsa.Create();
            try
            {
                key.ImportPkcs8PrivateKey(pkcs8, out var read);
                if (read != pkcs8.Length || !P256.Is(key))
                {
                    ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle does not hold an ECDSA P-256 key.");
                }
                return key;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeyStoreException(KeyStoreException.HandleInvalid,
                $"The key handle failed authentication: it was altered, or it was wrapped under a different key-encryption key than this store's (id {_kekId}).", ex);
        }
        catch (CryptographicException ex)
        {
            throw new KeyStoreException(KeyStoreException.HandleInvalid, "The key handle could not be unwrapped.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static Header ParseHeader(ReadOnlySpan<byte> handle)
    {
        if (handle.Length < 2)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle is too short.");
        }
        if (handle[0] != HandleVersion)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, $"The key handle has unknown version {handle[0]}.");
        }
        var labelLength = handle[1];
        if (labelLength == 0 || handle.Length < 2 + labelLength)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle's label is truncated.");
        }
        return new Header(handle.Slice(2, labelLength));
    }

    private static void BuildAad(ReadOnlySpan<byte> header, Span<byte> aad)
    {
        AadContext.CopyTo(aad);
        header.CopyTo(aad[AadContext.Length..]);
    }

    private static byte[] EncodeLabel(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        var bytes = StrictUtf8.GetBytes(label);
        if (bytes.Length > MaxLabelBytes)
        {
            throw new ArgumentException($"A key label is at most {MaxLabelBytes} UTF-8 bytes.", nameof(label));
        }
        return bytes;
    }

    private readonly ref struct Header(ReadOnlySpan<byte> label)
    {
        public ReadOnlySpan<byte> Label { get; } = label;
    }

    // SHA-256 of the handle: a fixed-size, collision-resistant cache key that does not keep the
    // (encrypted) blob itself alive in memory.
    private readonly record struct HandleId(ulong A, ulong B, ulong C, ulong D)
    {
        public static HandleId Of(ReadOnlySpan<byte> handle)
        {
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(handle, digest);
            return new HandleId(
                BinaryPrimitives.ReadUInt64LittleEndian(digest),
                BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]));
        }
    }
}
