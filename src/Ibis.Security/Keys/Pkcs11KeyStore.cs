using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Ibis.Security.Keys;

/// <summary>
/// Keeps every key on a PKCS#11 token (DESIGN §4 "Keys", tested against SoftHSM2). Keys are generated on
/// the token as sensitive, non-extractable token objects; the handle the database stores only names the
/// object (its CKA_ID), so it carries no secret, not even a wrapped one.
/// </summary>
/// <remarks>
/// <para>Handle format, 17 bytes: <c>kind (1) || CKA_ID (16 random bytes)</c>, where kind is
/// <see cref="SigningHandleVersion"/> (an EC P-256 key pair) or <see cref="MacHandleVersion"/> (a 32-byte
/// generic secret for HMAC-SHA256). Lookups also filter on object class and key type, so even a kind byte
/// edited by hand cannot make a MAC key sign or a signing key compute MACs.</para>
/// <para>PKCS#11 sessions must not be used by two threads at once, so each operation borrows a session
/// from a pool (opening another when all are busy) and returns it afterwards. The user logs in once: the
/// login belongs to the application and token, not the session, and lasts while any session is open, so
/// the store keeps one session open for its whole life.</para>
/// <para>Object handles are cached by CKA_ID. Within one application a token object's handle is valid in
/// every session, so one cache serves the whole pool; a handle that has gone stale (the key was destroyed,
/// here or by another store) is detected by the token and looked up again.</para>
/// <para>If another store of this process is already logged in to the same token, the token reports
/// "already logged in" and this store's PIN is not checked again.</para>
/// </remarks>
public sealed class Pkcs11KeyStore : IKeyStore, IDisposable
{
    /// <summary>SoftHSM2's module on Debian and Ubuntu.</summary>
    public const string DefaultModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>First byte of a signing-key handle.</summary>
    public const byte SigningHandleVersion = 0x11;

    /// <summary>First byte of a MAC-key handle.</summary>
    public const byte MacHandleVersion = 0x12;

    /// <summary>Length of the random CKA_ID that names each key on the token.</summary>
    public const int ObjectIdSize = 16;

    /// <summary>Length of every handle this store writes.</summary>
    public const int HandleSize = 1 + ObjectIdSize;

    private const int MacKeySize = 32;

    // DER of the named-curve OID 1.2.840.10045.3.1.7 (P-256), the CKA_EC_PARAMS value.
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private static ReadOnlySpan<byte> MacProbe => "Ibis MAC key consistency test"u8;

    private readonly Pkcs11Module _module;
    private readonly ISlot _slot;
    private readonly ISession _loginSession;
    private readonly ConcurrentBag<ISession> _idle = [];
    private readonly ConcurrentDictionary<ObjectKey, IObjectHandle> _objects = new();
    private int _disposed;

    /// <param name="modulePath">The PKCS#11 module, e.g. <see cref="DefaultModulePath"/>.</param>
    /// <param name="tokenLabel">The label of the token to use (slot ids change when tokens are re-initialised; labels do not).</param>
    /// <param name="userPin">The token's user PIN.</param>
    /// <exception cref="KeyStoreException">Code <c>key_store_unavailable</c>: the module cannot be loaded,
    /// no token has that label, or the PIN is wrong.</exception>
    public Pkcs11KeyStore(string modulePath, string tokenLabel, string userPin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modulePath);
        ArgumentException.ThrowIfNullOrEmpty(tokenLabel);
        ArgumentNullException.ThrowIfNull(userPin);

        TokenLabel = tokenLabel;
        _module = Pkcs11Module.Acquire(modulePath);
        try
        {
            _slot = FindSlot(_module.Library, tokenLabel);
            _loginSession = _slot.OpenSession(SessionType.ReadWrite);
            try
            {
                _loginSession.Login(CKU.CKU_USER, userPin);
            }
            catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Another store of this process logged in to this token; the login is shared.
            }
        }
        catch (Pkcs11Exception ex)
        {
            _loginSession?.Dispose();
            _module.Release();
            var reason = ex.RV switch
            {
                CKR.CKR_PIN_INCORRECT => "the PIN is incorrect",
                CKR.CKR_PIN_LOCKED => "the PIN is locked",
                _ => ex.RV.ToString(),
            };
            throw new KeyStoreException(KeyStoreException.Unavailable,
                $"Could not log in to PKCS#11 token '{tokenLabel}': {reason}.", ex);
        }
        catch
        {
            _loginSession?.Dispose();
            _module.Release();
            throw;
        }
    }

    public string Kind => "pkcs11";

    /// <summary>The label of the token this store uses.</summary>
    public string TokenLabel { get; }

    /// <summary>The module this store loaded, as a full path.</summary>
    public string ModulePath => _module.Path;

    public GeneratedKey GenerateSigningKey(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ThrowIfDisposed();
        var objectId = RandomNumberGenerator.GetBytes(ObjectIdSize);
        var handle = EncodeHandle(SigningHandleVersion, objectId);
        var factory = _module.Factories.ObjectAttributeFactory;

        var publicTemplate = new List<IObjectAttribute>
        {
            factory.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
            factory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
            factory.Create(CKA.CKA_TOKEN, true),
            factory.Create(CKA.CKA_PRIVATE, false),
            factory.Create(CKA.CKA_VERIFY, true),
            factory.Create(CKA.CKA_EC_PARAMS, P256Parameters),
            factory.Create(CKA.CKA_ID, objectId),
            factory.Create(CKA.CKA_LABEL, label),
        };
        var privateTemplate = new List<IObjectAttribute>
        {
            factory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            factory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
            factory.Create(CKA.CKA_TOKEN, true),
            factory.Create(CKA.CKA_PRIVATE, true),
            factory.Create(CKA.CKA_SENSITIVE, true),
            factory.Create(CKA.CKA_EXTRACTABLE, false),
            factory.Create(CKA.CKA_SIGN, true),
            factory.Create(CKA.CKA_DERIVE, false),
            factory.Create(CKA.CKA_ID, objectId),
            factory.Create(CKA.CKA_LABEL, label),
        };

        byte[] spki;
        var session = Rent();
        try
        {
            IObjectHandle publicKey;
            IObjectHandle privateKey;
            using (var mechanism = _module.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN))
            {
                session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out publicKey, out privateKey);
            }

            try
            {
                EnsureProtected(session, privateKey, "private key");
                spki = ReadSubjectPublicKeyInfo(session, publicKey);
            }
            catch
            {
                TryDestroyObject(session, privateKey);
                TryDestroyObject(session, publicKey);
                throw;
            }
            _objects[new ObjectKey(SigningHandleVersion, objectId)] = privateKey;
        }
        catch (Pkcs11Exception ex)
        {
            throw new KeyStoreException(KeyStoreException.KeyGenerationFailed,
                $"The token '{TokenLabel}' could not generate an EC P-256 key pair: {ex.RV}.", ex);
        }
        finally
        {
            Return(session);
        }

        var generated = new GeneratedKey(handle, spki);
        try
        {
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
        ThrowIfDisposed();
        var key = DecodeHandle(keyHandle, SigningHandleVersion);
        // CKM_ECDSA signs a precomputed digest and returns r||s, each padded to the field size.
        var digest = SHA256.HashData(data);
        var signature = Use(key, digest, CKM.CKM_ECDSA);
        if (signature.Length != 64)
        {
            throw new KeyStoreException(KeyStoreException.HandleInvalid,
                $"The token returned a {signature.Length}-byte ECDSA signature; a P-256 key gives 64.");
        }
        return P256.LowS(signature);
    }

    public byte[] GenerateMacKey(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ThrowIfDisposed();
        var objectId = RandomNumberGenerator.GetBytes(ObjectIdSize);
        var handle = EncodeHandle(MacHandleVersion, objectId);
        var factory = _module.Factories.ObjectAttributeFactory;

        var template = new List<IObjectAttribute>
        {
            factory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            factory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_GENERIC_SECRET),
            factory.Create(CKA.CKA_VALUE_LEN, (ulong)MacKeySize),
            factory.Create(CKA.CKA_TOKEN, true),
            factory.Create(CKA.CKA_PRIVATE, true),
            factory.Create(CKA.CKA_SENSITIVE, true),
            factory.Create(CKA.CKA_EXTRACTABLE, false),
            factory.Create(CKA.CKA_SIGN, true),
            factory.Create(CKA.CKA_VERIFY, true),
            factory.Create(CKA.CKA_ENCRYPT, false),
            factory.Create(CKA.CKA_DECRYPT, false),
            factory.Create(CKA.CKA_WRAP, false),
            factory.Create(CKA.CKA_UNWRAP, false),
            factory.Create(CKA.CKA_DERIVE, false),
            factory.Create(CKA.CKA_ID, objectId),
            factory.Create(CKA.CKA_LABEL, label),
        };

        var session = Rent();
        try
        {
            IObjectHandle secret;
            using (var mechanism = _module.Factories.MechanismFactory.Create(CKM.CKM_GENERIC_SECRET_KEY_GEN))
            {
                secret = session.GenerateKey(mechanism, template);
            }
            try
            {
                EnsureProtected(session, secret, "MAC key");
            }
            catch
            {
                TryDestroyObject(session, secret);
                throw;
            }
            _objects[new ObjectKey(MacHandleVersion, objectId)] = secret;
        }
        catch (Pkcs11Exception ex)
        {
            throw new KeyStoreException(KeyStoreException.KeyGenerationFailed,
                $"The token '{TokenLabel}' could not generate a MAC key: {ex.RV}.", ex);
        }
        finally
        {
            Return(session);
        }

        // A key the token cannot use for HMAC must fail now, not at the first register update.
        try
        {
            if (ComputeMac(handle, MacProbe).Length != HMACSHA256.HashSizeInBytes)
            {
                throw new KeyStoreException(KeyStoreException.KeyGenerationFailed, "The token's HMAC-SHA256 returned the wrong length.");
            }
        }
        catch (KeyStoreException)
        {
            Destroy(handle);
            throw;
        }
        return handle;
    }

    public byte[] ComputeMac(ReadOnlySpan<byte> macKeyHandle, ReadOnlySpan<byte> data)
    {
        ThrowIfDisposed();
        var key = DecodeHandle(macKeyHandle, MacHandleVersion);
        return Use(key, data.ToArray(), CKM.CKM_SHA256_HMAC);
    }

    public void Destroy(ReadOnlySpan<byte> keyHandle)
    {
        ThrowIfDisposed();
        if (keyHandle.Length != HandleSize || keyHandle[0] is not (SigningHandleVersion or MacHandleVersion))
        {
            throw new KeyStoreException(KeyStoreException.HandleInvalid, "This is not a PKCS#11 key handle.");
        }
        var key = new ObjectKey(keyHandle[0], keyHandle[1..].ToArray());
        _objects.TryRemove(key, out _);

        var session = Rent();
        try
        {
            // Every object with the id: both halves of a key pair, and any copy left by an interrupted run.
            foreach (var found in session.FindAllObjects(Template(key, includeClass: false)))
            {
                session.DestroyObject(found);
            }
        }
        catch (Pkcs11Exception ex)
        {
            throw new KeyStoreException($"The token '{TokenLabel}' could not destroy the key: {ex.RV}.", ex);
        }
        finally
        {
            Return(session);
        }
        // A concurrent Sign may have re-cached the handle between the removal above and the destruction.
        _objects.TryRemove(key, out _);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
        // Closing the last session of this application on the token also logs the user out.
        _loginSession.Dispose();
        _objects.Clear();
        _module.Release();
    }

    /// <summary>Runs <paramref name="action"/> on a pooled, logged-in session; for tests that inspect the token.</summary>
    internal T WithSession<T>(Func<ISession, T> action)
    {
        ThrowIfDisposed();
        var session = Rent();
        try
        {
            return action(session);
        }
        finally
        {
            Return(session);
        }
    }

    internal Pkcs11InteropFactories Factories => _module.Factories;

    private byte[] Use(ObjectKey key, byte[] input, CKM mechanismType)
    {
        // Two rounds: the first may use a cached object handle that has gone stale.
        for (var attempt = 0; ; attempt++)
        {
            var session = Rent();
            var broken = false;
            try
            {
                if (!_objects.TryGetValue(key, out var handle))
                {
                    handle = FindKey(session, key);
                    _objects[key] = handle;
                }
                using var mechanism = _module.Factories.MechanismFactory.Create(mechanismType);
                return session.Sign(mechanism, handle, input);
            }
            catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_KEY_HANDLE_INVALID)
            {
                _objects.TryRemove(key, out _);
                if (attempt > 0)
                {
                    throw Destroyed(key, ex);
                }
            }
            catch (Pkcs11Exception ex)
            {
                broken = IsSessionLost(ex.RV);
                throw new KeyStoreException(broken ? KeyStoreException.Unavailable : "key_store_error",
                    $"The token '{TokenLabel}' failed to {(key.Kind == MacHandleVersion ? "compute a MAC" : "sign")}: {ex.RV}.", ex);
            }
            finally
            {
                Return(session, broken);
            }
        }
    }

    private IObjectHandle FindKey(ISession session, ObjectKey key)
    {
        var found = session.FindAllObjects(Template(key, includeClass: true));
        return found.Count switch
        {
            1 => found[0],
            0 => throw Destroyed(key, null),
            _ => throw new KeyStoreException(KeyStoreException.HandleInvalid,
                $"The token '{TokenLabel}' holds {found.Count} keys with this handle's id; refusing to guess which one to use."),
        };
    }

    private List<IObjectAttribute> Template(ObjectKey key, bool includeClass)
    {
        var factory = _module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute>
        {
            factory.Create(CKA.CKA_TOKEN, true),
            factory.Create(CKA.CKA_ID, key.Id),
        };
        if (includeClass)
        {
            var signing = key.Kind == SigningHandleVersion;
            template.Add(factory.Create(CKA.CKA_CLASS, signing ? CKO.CKO_PRIVATE_KEY : CKO.CKO_SECRET_KEY));
            template.Add(factory.Create(CKA.CKA_KEY_TYPE, signing ? CKK.CKK_EC : CKK.CKK_GENERIC_SECRET));
        }
        return template;
    }

    private KeyStoreException Destroyed(ObjectKey key, Exception? inner) =>
        new(KeyStoreException.KeyDestroyed,
            $"No {(key.Kind == MacHandleVersion ? "MAC" : "signing")} key with this handle's id exists on token '{TokenLabel}': it was destroyed (or the handle belongs to another token).",
            inner);

    // Tokens may ignore template attributes they do not like; a key that came out extractable or not
    // sensitive would break the promise that keys never leave the store, so it is rejected.
    private static void EnsureProtected(ISession session, IObjectHandle key, string what)
    {
        var attributes = session.GetAttributeValue(key, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_TOKEN, CKA.CKA_PRIVATE]);
        if (!attributes[0].GetValueAsBool() || attributes[1].GetValueAsBool() || !attributes[2].GetValueAsBool() || !attributes[3].GetValueAsBool())
        {
            throw new KeyStoreException(KeyStoreException.KeyGenerationFailed,
                $"The token created the {what} without the requested protection (sensitive, non-extractable, private token object).");
        }
    }

    private static byte[] ReadSubjectPublicKeyInfo(ISession session, IObjectHandle publicKey)
    {
        var point = session.GetAttributeValue(publicKey, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        var q = UncompressedPoint(point);
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = q.Slice(1, 32).ToArray(), Y = q.Slice(33, 32).ToArray() },
        });
        return key.ExportSubjectPublicKeyInfo();
    }

    // PKCS#11 v2.20+ tokens return CKA_EC_POINT as a DER OCTET STRING (04 41 | 04 X Y); some older ones
    // return the bare uncompressed point. Accept both, nothing else.
    internal static ReadOnlySpan<byte> UncompressedPoint(byte[]? value)
    {
        ReadOnlySpan<byte> point = value;
        if (point.Length == 67 && point[0] == 0x04 && point[1] == 0x41)
        {
            point = point[2..];
        }
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new KeyStoreException(KeyStoreException.KeyGenerationFailed,
                $"The token returned a CKA_EC_POINT of {value?.Length ?? 0} bytes that is not an uncompressed P-256 point.");
        }
        return point;
    }

    private static ISlot FindSlot(IPkcs11Library library, string tokenLabel)
    {
        var labels = new List<string>();
        ISlot? match = null;
        foreach (var slot in library.GetSlotList(SlotsType.WithTokenPresent))
        {
            var label = slot.GetTokenInfo().Label.TrimEnd();
            labels.Add(label);
            if (label != tokenLabel)
            {
                continue;
            }
            if (match is not null)
            {
                throw new KeyStoreException(KeyStoreException.Unavailable,
                    $"More than one PKCS#11 token is labelled '{tokenLabel}'; labels must be unique.");
            }
            match = slot;
        }
        return match ?? throw new KeyStoreException(KeyStoreException.Unavailable,
            $"No PKCS#11 token is labelled '{tokenLabel}' (tokens present: {(labels.Count == 0 ? "none" : string.Join(", ", labels.Select(l => $"'{l}'")))}).");
    }

    private static byte[] EncodeHandle(byte kind, byte[] objectId)
    {
        var handle = new byte[HandleSize];
        handle[0] = kind;
        objectId.CopyTo(handle, 1);
        return handle;
    }

    private static ObjectKey DecodeHandle(ReadOnlySpan<byte> handle, byte expectedKind)
    {
        if (handle.Length != HandleSize)
        {
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid,
                $"A PKCS#11 key handle is {HandleSize} bytes; this one is {handle.Length} (a handle from another key store?).");
        }
        if (handle[0] != expectedKind)
        {
            var message = (handle[0], expectedKind) switch
            {
                (MacHandleVersion, SigningHandleVersion) => "The handle is a MAC key's; it cannot sign.",
                (SigningHandleVersion, MacHandleVersion) => "The handle is a signing key's; it cannot compute MACs.",
                _ => $"The PKCS#11 key handle has unknown kind {handle[0]}.",
            };
            ThrowHelper.KeyStore(KeyStoreException.HandleInvalid, message);
        }
        return new ObjectKey(expectedKind, handle[1..].ToArray());
    }

    private ISession Rent()
    {
        if (_idle.TryTake(out var session))
        {
            return session;
        }
        try
        {
            return _slot.OpenSession(SessionType.ReadWrite);
        }
        catch (Pkcs11Exception ex)
        {
            throw new KeyStoreException(KeyStoreException.Unavailable,
                $"Could not open a session on PKCS#11 token '{TokenLabel}': {ex.RV}.", ex);
        }
    }

    // A session the token no longer knows must not go back to the pool, or every later caller that
    // draws it would fail too.
    private static bool IsSessionLost(CKR rv) =>
        rv is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_DEVICE_REMOVED
            or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_DEVICE_ERROR or CKR.CKR_CRYPTOKI_NOT_INITIALIZED;

    private void Return(ISession session, bool broken = false)
    {
        if (broken)
        {
            try
            {
                session.Dispose();
            }
            catch (Pkcs11Exception)
            {
                // Already gone on the token's side.
            }
            return;
        }
        if (Volatile.Read(ref _disposed) != 0)
        {
            session.Dispose();
            return;
        }
        _idle.Add(session);
        // Dispose may have drained the pool between the check and the Add.
        if (Volatile.Read(ref _disposed) != 0 && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    private static void TryDestroyObject(ISession session, IObjectHandle handle)
    {
        try
        {
            session.DestroyObject(handle);
        }
        catch (Pkcs11Exception)
        {
            // Best effort while already failing; the original error is the one to report.
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    // The cache key: handle kind plus CKA_ID, compared by value.
    private readonly struct ObjectKey(byte kind, byte[] id) : IEquatable<ObjectKey>
    {
        public byte Kind { get; } = kind;

        public byte[] Id { get; } = id;

        public bool Equals(ObjectKey other) => Kind == other.Kind && Id.AsSpan().SequenceEqual(other.Id);

        public override bool Equals(object? obj) => obj is ObjectKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(Kind, BinaryPrimitives.ReadInt64LittleEndian(Id), BinaryPrimitives.ReadInt64LittleEndian(Id.AsSpan(8)));
    }
}
