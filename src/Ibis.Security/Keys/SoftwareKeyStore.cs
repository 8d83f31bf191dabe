using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Ibis.Security.Keys;

/// <summary>
/// The default key store (DESIGN §4 "Keys"): each private key is exported as PKCS#8 only to be wrapped
/// with AES-256-GCM under the <see cref="KeyEncryptionKey"/>, and the wrapped blob is the key handle.
/// MAC keys for register integrity are 32 random bytes wrapped the same way.
/// </summary>
/// <remarks>
/// <para>Handle formats, all lengths in bytes:</para>
/// <code>
/// signing (version 1): 0x01 || labelLength (1) || label (UTF-8, 1..255) || nonce (12) || ciphertext (PKCS#8) || tag (16)
///   AAD = "ibis/software-key-store/v1" || 0x01 || labelLength || label
/// MAC (version 2):     0x02 || labelLength (1) || label (UTF-8, 1..255) || nonce (12) || ciphertext (32-byte HMAC key) || tag (16)
///   AAD = "ibis/software-key-store/mac/v1" || 0x02 || labelLength || label
/// </code>
/// <para>The version byte and a distinct AAD separate the two kinds: a MAC handle given to
/// <see cref="Sign"/> (or a signing handle given to <see cref="ComputeMac"/>) is rejected by its version,
/// and a version byte flipped by hand still fails authentication.</para>
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
    /// <summary>First byte of every signing-key handle this version writes.</summary>
    public const byte HandleVersion = 1;

    /// <summary>First byte of every MAC-key handle this version writes.</summary>
    public const byte MacHandleVersion = 2;

    /// <summary>HMAC-SHA256 key size.</summary>
    public const int MacKeySizeInBytes = 32;

    /// <summary>Longest label, in UTF-8 bytes.</summary>
    public const int MaxLabelBytes = 255;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    // A P-256 PKCS#8 blob is ~138 bytes; the cap only rejects absurd handles before any allocation.
    private const int MaxPkcs8Size = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> AadContext => "ibis/software-key-store/v1"u8;

    private static ReadOnlySpan<byte> MacAadContext => "ibis/software-key-store/mac/v1"u8;

    private readonly byte[] _kek;
    private readonly string _kekId;
    private readonly int _cacheCapacity;
    private readonly ConcurrentDictionary<HandleId, ECDsa> _cache = new();
    private readonly ConcurrentDictionary<HandleId, byte> _destroyed = new();

    // The MAC path runs on every print and is keyed by the handle's bytes (a cheap non-cryptographic hash
    // plus a full comparison) rather than by HandleId, whose SHA-256 would cost as much as the MAC itself.
    private readonly ConcurrentDictionary<byte[], MacKey> _macCache = new(HandleBytesComparer.Instance);
    private readonly ConcurrentDictionary<byte[], MacKey>.AlternateLookup<ReadOnlySpan<byte>> _macLookup;
    private readonly ConcurrentDictionary<byte[], byte> _destroyedMacHandles = new(HandleBytesComparer.Instance);
    private readonly ConcurrentDictionary<byte[], byte>.AlternateLookup<ReadOnlySpan<byte>> _destroyedMacLookup;
    private int _destroyedCount;
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
        _macLookup = _macCache.GetAlternateLookup<ReadOnlySpan<byte>>();
        _destroyedMacLookup = _destroyedMacHandles.GetAlternateLookup<ReadOnlySpan<byte>>();
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
            handle = Wrap(HandleVersion, labelBytes, pkcs8.AsSpan(0, written));
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
            // ECDsa.SignData hashes with SHA-256 and returns IEEE P1363 r||s by default; issued low-S.
            return P256.LowS(key.SignData(data, HashAlgorithmName.SHA256));
        }
        catch (ObjectDisposedException)
        {
            // Destroy ran concurrently and disposed the cached key under us.
            throw new KeyStoreException(KeyStoreException.KeyDestroyed, "The signing key was destroyed and can no longer sign.");
        }
    }

    public byte[] GenerateMacKey(string label)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var labelBytes = EncodeLabel(label);

        var key = new MacKey();
        RandomNumberGenerator.Fill(key.Bytes);
        var handle = Wrap(MacHandleVersion, labelBytes, key.Bytes);

        // The MAC counterpart of the pair-wise test: the handle must unwrap to exactly the key just made,
        // or every register MAC computed later would be unverifiable after a restart.
        using (var check = UnwrapMacKey(handle))
        {
            if (!CryptographicOperations.FixedTimeEquals(check.Bytes, key.Bytes))
            {
                key.Dispose();
                throw new KeyStoreException(KeyStoreException.KeyGenerationFailed, "The new MAC key did not survive wrapping.");
            }
        }

        // A copy: the caller owns the returned array and may change it, which must not corrupt the cache key.
        CacheMacKey((byte[])handle.Clone(), key);
        return handle;
    }

    public byte[] ComputeMac(ReadOnlySpan<byte> macKeyHandle, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_macLookup.TryGetValue(macKeyHandle, out var key))
        {
            key = ImportAndCacheMacKey(macKeyHandle);
        }

        var mac = new byte[HMACSHA256.HashSizeInBytes];
        key.Compute(data, mac);

        // Checked after hashing: Destroy marks the handle before it zeroes the key, so a MAC computed from
        // a partly zeroed key, or one that began after Destroy returned, never leaves this method. The
        // barrier orders our reads of the key before the reads of the mark.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _destroyedCount) != 0 && _destroyedMacLookup.ContainsKey(macKeyHandle))
        {
            CryptographicOperations.ZeroMemory(mac);
            ThrowHelper.MacKeyDestroyed();
        }
        return mac;
    }

    public void Destroy(ReadOnlySpan<byte> keyHandle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = HandleId.Of(keyHandle);
        // Mark first so a concurrent Sign or ComputeMac that misses the cache cannot re-import the key
        // afterwards. The handle's kind does not matter here: marking it in both sets is harmless.
        _destroyed.TryAdd(id, 0);
        if (_destroyedMacLookup.TryAdd(keyHandle, 0))
        {
            Interlocked.Increment(ref _destroyedCount);
        }
        if (_cache.TryRemove(id, out var key))
        {
            key.Dispose();
        }
        if (_macLookup.TryRemove(keyHandle, out _, out var macKey))
        {
            macKey.Dispose();
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
        if (keyHandle.Length > 0 && keyHandle[0] == MacHandleVersion)
        {
            if (!_macLookup.ContainsKey(keyHandle))
            {
                ImportAndCacheMacKey(keyHandle);
            }
            return StrictUtf8.GetString(ParseHeader(keyHandle, MacHandleVersion).Label);
        }

        if (!_cache.ContainsKey(id))
        {
            // Authenticates the whole handle, label included; the imported key is cached for the next Sign.
            ImportAndCache(keyHandle, id);
        }
        return StrictUtf8.GetString(ParseHeader(keyHandle, HandleVersion).Label);
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
        foreach (var key in _macCache.Values)
        {
            key.Dispose();
        }
        _macCache.Clear();
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

    private MacKey ImportAndCacheMacKey(ReadOnlySpan<byte> handle)
    {
        if (_destroyedMacLookup.ContainsKey(handle))
        {
            ThrowHelper.MacKeyDestroyed();
        }
        var key = UnwrapMacKey(handle);
        var cached = CacheMacKey(handle.ToArray(), key);
        if (_destroyedMacLookup.ContainsKey(handle))
        {
            // Destroy ran between the check above and the insertion; undo it.
            if (_macLookup.TryRemove(handle, out _, out var removed))
            {
                removed.Dispose();
            }
            ThrowHelper.MacKeyDestroyed();
        }
        return cached;
    }

    private MacKey CacheMacKey(byte[] handle, MacKey key)
    {
        if (_macCache.Count >= _cacheCapacity)
        {
            // Evicted keys are not disposed here because another thread may be hashing with one; MacKey's
            // finalizer zeroes them once nothing references them.
            foreach (var victim in _macCache.Keys)
            {
                _macCache.TryRemove(victim, out _);
                if (_macCache.Count < _cacheCapacity)
                {
                    break;
                }
            }
        }

        var cached = _macCache.GetOrAdd(handle, key);
        if (!ReferenceEquals(cached, key))
        {
            key.Dispose();
        }
        return cached;
    }

    private MacKey UnwrapMacKey(ReadOnlySpan<byte> handle)
    {
        var key = new MacKey();
        try
        {
            var written = UnwrapInto(handle, MacHandleVersion, MacAadContext, key.Bytes, MacKeySizeInBytes);
            if (written != MacKeySizeInBytes)
            {
                ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The MAC key handle has an impossible length.");
            }
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private byte[] Wrap(byte version, ReadOnlySpan<byte> label, ReadOnlySpan<byte> secret)
    {
        var aadContext = version == MacHandleVersion ? MacAadContext : AadContext;
        var headerLength = 2 + label.Length;
        var handle = new byte[headerLength + NonceSize + secret.Length + TagSize];
        handle[0] = version;
        handle[1] = (byte)label.Length;
        label.CopyTo(handle.AsSpan(2));

        var nonce = handle.AsSpan(headerLength, NonceSize);
        var ciphertext = handle.AsSpan(headerLength + NonceSize, secret.Length);
        var tag = handle.AsSpan(headerLength + NonceSize + secret.Length, TagSize);
        // Random 96-bit nonces: a KEK wraps one key per device, far below the 2^32 messages at which
        // random nonces under one key stop being safe.
        RandomNumberGenerator.Fill(nonce);

        Span<byte> aad = stackalloc byte[aadContext.Length + headerLength];
        BuildAad(aadContext, handle.AsSpan(0, headerLength), aad);

        using var aes = new AesGcm(_kek, TagSize);
        aes.Encrypt(nonce, secret, ciphertext, tag, aad);
        return handle;
    }

    private ECDsa Unwrap(ReadOnlySpan<byte> handle)
    {
        var pkcs8 = GC.AllocateUninitializedArray<byte>(MaxPkcs8Size, pinned: true);
        try
        {
            var written = UnwrapInto(handle, HandleVersion, AadContext, pkcs8, MaxPkcs8Size);
            var key = ECDsa.Create();
            try
            {
                key.ImportPkcs8PrivateKey(pkcs8.AsSpan(0, written), out var read);
                if (read != written || !P256.Is(key))
                {
                    ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle does not hold an ECDSA P-256 key.");
                }
                return key;
            }
            catch (CryptographicException ex)
            {
                key.Dispose();
                throw new KeyStoreException(KeyStoreException.HandleInvalid, "The key handle could not be unwrapped.", ex);
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    // Authenticates and decrypts the handle's secret into the caller's (pinned) buffer; returns its length.
    private int UnwrapInto(ReadOnlySpan<byte> handle, byte version, ReadOnlySpan<byte> aadContext, Span<byte> destination, int maxSecretSize)
    {
        var header = ParseHeader(handle, version);
        var headerLength = 2 + header.Label.Length;
        var body = handle[headerLength..];
        if (body.Length <= NonceSize + TagSize || body.Length - NonceSize - TagSize > maxSecretSize)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle has an impossible length.");
        }

        var nonce = body[..NonceSize];
        var ciphertext = body[NonceSize..^TagSize];
        var tag = body[^TagSize..];

        Span<byte> aad = stackalloc byte[aadContext.Length + headerLength];
        BuildAad(aadContext, handle[..headerLength], aad);

        try
        {
            using var aes = new AesGcm(_kek, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, destination[..ciphertext.Length], aad);
            return ciphertext.Length;
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
    }

    private static Header ParseHeader(ReadOnlySpan<byte> handle, byte expectedVersion)
    {
        if (handle.Length < 2)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle is too short.");
        }
        if (handle[0] != expectedVersion)
        {
            var message = (handle[0], expectedVersion) switch
            {
                (MacHandleVersion, HandleVersion) => "The handle is a MAC key's; it cannot sign.",
                (HandleVersion, MacHandleVersion) => "The handle is a signing key's; it cannot compute MACs.",
                _ => $"The key handle has unknown version {handle[0]}.",
            };
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, message);
        }
        var labelLength = handle[1];
        if (labelLength == 0 || handle.Length < 2 + labelLength)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, "The key handle's label is truncated.");
        }
        return new Header(handle.Slice(2, labelLength));
    }

    private static void BuildAad(ReadOnlySpan<byte> context, ReadOnlySpan<byte> header, Span<byte> aad)
    {
        context.CopyTo(aad);
        header.CopyTo(aad[context.Length..]);
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

    // A pinned HMAC key and a pool of HMAC instances keyed with it. Reusing an instance (reset after each
    // MAC) costs about half of a one-shot HMAC, which rebuilds the keyed state every time; the pool lets
    // each concurrent caller have its own instance. The finalizer zeroes keys evicted from the cache (and
    // so never disposed) once no thread can still be using them.
    private sealed class MacKey : IDisposable
    {
        private readonly ConcurrentBag<IncrementalHash> _pool = [];
        private int _disposed;

        public byte[] Bytes { get; } = GC.AllocateUninitializedArray<byte>(MacKeySizeInBytes, pinned: true);

        public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
        {
            if (!_pool.TryTake(out var hmac))
            {
                hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Bytes);
            }
            try
            {
                hmac.AppendData(data);
                hmac.GetHashAndReset(mac);
            }
            catch
            {
                hmac.Dispose();
                throw;
            }

            _pool.Add(hmac);
            // Dispose may have drained the pool while we hashed; drain again so nothing keyed survives it.
            if (Volatile.Read(ref _disposed) != 0)
            {
                DrainPool();
            }
        }

        public void Dispose()
        {
            // Flag first (a full fence), then zero: ComputeMac checks the destroyed mark after hashing.
            Interlocked.Exchange(ref _disposed, 1);
            CryptographicOperations.ZeroMemory(Bytes);
            DrainPool();
            GC.SuppressFinalize(this);
        }

        private void DrainPool()
        {
            while (_pool.TryTake(out var hmac))
            {
                hmac.Dispose();
            }
        }

        ~MacKey() => CryptographicOperations.ZeroMemory(Bytes);
    }

    // Compares handles by content, so a lookup never confuses two handles however their hashes collide.
    private sealed class HandleBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly HandleBytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        // HashCode is seeded randomly per process, so crafted handles cannot force collisions.
        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
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
