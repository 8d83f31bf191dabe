using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ibis.Security.Keys;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Xunit;
using LowLevel = Net.Pkcs11Interop.LowLevelAPI80;

namespace Ibis.Security.Tests.Keys;

[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11KeyStoreTests(SoftHsmFixture softHsm)
{
    private static readonly byte[] Message = "indicium data"u8.ToArray();

    [SkippableFact]
    public void Kind_IsPkcs11()
    {
        Assert.Equal("pkcs11", softHsm.Store.Kind);
        Assert.Equal(SoftHsmFixture.MainToken, softHsm.Store.TokenLabel);
    }

    [SkippableFact]
    public void Sign_ProducesA64ByteSignatureThatVerifiesWithTheSpki()
    {
        var store = softHsm.Store;
        var key = store.GenerateSigningKey("psd_0001");

        var signature = store.Sign(key.KeyHandle, Message);

        Assert.Equal(64, signature.Length);
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, Message, signature));
        Assert.False(TestKeys.Verifies(key.SubjectPublicKeyInfo, "other data"u8, signature));
        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out var read);
        Assert.Equal(key.SubjectPublicKeyInfo.Length, read);
        Assert.Equal("1.2.840.10045.3.1.7", publicKey.ExportParameters(false).Curve.Oid.Value);
    }

    [SkippableFact]
    public void Handle_IsTheKindByteAndTheObjectIdOnly()
    {
        var store = softHsm.Store;
        var key = store.GenerateSigningKey("psd_0002");
        var macHandle = store.GenerateMacKey("psd_0002/register");

        Assert.Equal(Pkcs11KeyStore.HandleSize, key.KeyHandle.Length);
        Assert.Equal(Pkcs11KeyStore.SigningHandleVersion, key.KeyHandle[0]);
        Assert.Equal(Pkcs11KeyStore.HandleSize, macHandle.Length);
        Assert.Equal(Pkcs11KeyStore.MacHandleVersion, macHandle[0]);

        // The 16 bytes after the kind are exactly the token objects' CKA_ID: nothing else, so no secret.
        var ids = FindAll(store, key.KeyHandle[1..]).Select(o => o.Id).ToList();
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Equal(key.KeyHandle[1..], id));
        var macIds = FindAll(store, macHandle[1..]).Select(o => o.Id).ToList();
        Assert.Single(macIds);
        Assert.Equal(macHandle[1..], macIds[0]);
        Assert.NotEqual(key.KeyHandle[1..], macHandle[1..]);
    }

    [SkippableFact]
    public void PrivateKey_IsASensitiveNonExtractableTokenObjectWhoseValueTheTokenRefusesToRead()
    {
        var store = softHsm.Store;
        var key = store.GenerateSigningKey("psd_0003");

        store.WithSession(session =>
        {
            var privateKey = FindOne(store, session, key.KeyHandle[1..], CKO.CKO_PRIVATE_KEY);
            var attributes = session.GetAttributeValue(privateKey,
                [CKA.CKA_VALUE, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_TOKEN, CKA.CKA_PRIVATE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE, CKA.CKA_SIGN, CKA.CKA_LABEL]);

            Assert.True(attributes[0].CannotBeRead);
            Assert.True(attributes[1].GetValueAsBool());
            Assert.False(attributes[2].GetValueAsBool());
            Assert.True(attributes[3].GetValueAsBool());
            Assert.True(attributes[4].GetValueAsBool());
            Assert.True(attributes[5].GetValueAsBool());
            Assert.True(attributes[6].GetValueAsBool());
            Assert.True(attributes[7].GetValueAsBool());
            Assert.Equal("psd_0003", attributes[8].GetValueAsString());
            return 0;
        });
    }

    [SkippableFact]
    public void PrivateKey_RawGetAttributeValueReturnsAttributeSensitive()
    {
        // The raw return code is only reachable through the low-level API matching this platform's CK_ULONG.
        Skip.IfNot(Platform.NativeULongSize == 8 && Platform.StructPackingSize == 0, "the raw check is written for 64-bit Unix");
        var store = softHsm.Store;
        var key = store.GenerateSigningKey("psd_0004");
        var macHandle = store.GenerateMacKey("psd_0004/register");

        // The module is already initialised by the store; this second binding only looks up entry points
        // (no C_Initialize) and calls into the same sessions.
        using var raw = new LowLevel.Pkcs11Library(SoftHsmFixture.ModulePath);
        store.WithSession(session =>
        {
            foreach (var (id, objectClass) in new[] { (key.KeyHandle[1..], CKO.CKO_PRIVATE_KEY), (macHandle[1..], CKO.CKO_SECRET_KEY) })
            {
                var handle = FindOne(store, session, id, objectClass);
                LowLevel.CK_ATTRIBUTE[] template = [LowLevel.CkaUtils.CreateAttribute(CKA.CKA_VALUE)];
                var rv = raw.C_GetAttributeValue(session.SessionId, handle.ObjectId, template, (ulong)template.Length);

                Assert.Equal(CKR.CKR_ATTRIBUTE_SENSITIVE, rv);
                Assert.Equal(ulong.MaxValue, template[0].valueLen); // CK_UNAVAILABLE_INFORMATION
            }
            return 0;
        });
    }

    [SkippableFact]
    public void MacKey_IsASensitiveNonExtractableGenericSecret()
    {
        var store = softHsm.Store;
        var macHandle = store.GenerateMacKey("psd_0005/register");

        store.WithSession(session =>
        {
            var secret = FindOne(store, session, macHandle[1..], CKO.CKO_SECRET_KEY);
            var attributes = session.GetAttributeValue(secret,
                [CKA.CKA_VALUE, CKA.CKA_KEY_TYPE, CKA.CKA_VALUE_LEN, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_TOKEN, CKA.CKA_SIGN, CKA.CKA_ENCRYPT]);

            Assert.True(attributes[0].CannotBeRead);
            Assert.Equal((ulong)CKK.CKK_GENERIC_SECRET, attributes[1].GetValueAsUlong());
            Assert.Equal(32UL, attributes[2].GetValueAsUlong());
            Assert.True(attributes[3].GetValueAsBool());
            Assert.False(attributes[4].GetValueAsBool());
            Assert.True(attributes[5].GetValueAsBool());
            Assert.True(attributes[6].GetValueAsBool());
            Assert.False(attributes[7].GetValueAsBool());
            return 0;
        });
    }

    [SkippableFact]
    public void ComputeMac_IsDeterministicPerKeyAndDataAndDiffersAcrossKeys()
    {
        var store = softHsm.Store;
        var first = store.GenerateMacKey("psd_0006/register");
        var second = store.GenerateMacKey("psd_0006/register");

        var mac = store.ComputeMac(first, Message);

        Assert.Equal(32, mac.Length);
        Assert.Equal(mac, store.ComputeMac(first, Message));
        Assert.NotEqual(mac, store.ComputeMac(first, "indicium datA"u8));
        Assert.NotEqual(mac, store.ComputeMac(second, Message));
        // Nothing trivial: not a bare hash, not HMAC under an all-zero or empty key, not zeros.
        Assert.NotEqual(SHA256.HashData(Message), mac);
        Assert.NotEqual(HMACSHA256.HashData(new byte[32], Message), mac);
        Assert.NotEqual(HMACSHA256.HashData(ReadOnlySpan<byte>.Empty, Message), mac);
        Assert.NotEqual(new byte[32], mac);
    }

    [SkippableFact]
    public void ComputeMac_IsStandardHmacSha256()
    {
        // A key with a known value, imported by hand only for this test, proves the token's mechanism is
        // RFC 2104 HMAC-SHA256 and that the documented handle format addresses it.
        var store = softHsm.Store;
        var keyValue = RandomNumberGenerator.GetBytes(32);
        var id = RandomNumberGenerator.GetBytes(Pkcs11KeyStore.ObjectIdSize);
        var factory = store.Factories.ObjectAttributeFactory;
        store.WithSession(session => session.CreateObject(
        [
            factory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            factory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_GENERIC_SECRET),
            factory.Create(CKA.CKA_TOKEN, true),
            factory.Create(CKA.CKA_PRIVATE, true),
            factory.Create(CKA.CKA_SIGN, true),
            factory.Create(CKA.CKA_VALUE, keyValue),
            factory.Create(CKA.CKA_ID, id),
        ]));
        byte[] handle = [Pkcs11KeyStore.MacHandleVersion, .. id];

        try
        {
            Assert.Equal(HMACSHA256.HashData(keyValue, Message), store.ComputeMac(handle, Message));
            Assert.Equal(HMACSHA256.HashData(keyValue, ReadOnlySpan<byte>.Empty), store.ComputeMac(handle, []));
        }
        finally
        {
            store.Destroy(handle);
        }
    }

    [SkippableFact]
    public void Sign_AfterDestroy_FailsWithKeyDestroyedAndBothHalvesAreGone()
    {
        var store = softHsm.Store;
        var key = store.GenerateSigningKey("psd_0007");
        store.Sign(key.KeyHandle, Message); // caches the object handle

        store.Destroy(key.KeyHandle);

        var ex = Assert.Throws<KeyStoreException>(() => store.Sign(key.KeyHandle, Message));
        Assert.Equal(KeyStoreException.KeyDestroyed, ex.Code);
        Assert.Empty(FindAll(store, key.KeyHandle[1..]));
        store.Destroy(key.KeyHandle); // idempotent
    }

    [SkippableFact]
    public void ComputeMac_AfterDestroy_FailsWithKeyDestroyed()
    {
        var store = softHsm.Store;
        var macHandle = store.GenerateMacKey("psd_0008/register");
        store.ComputeMac(macHandle, Message);

        store.Destroy(macHandle);

        var ex = Assert.Throws<KeyStoreException>(() => store.ComputeMac(macHandle, Message));
        Assert.Equal(KeyStoreException.KeyDestroyed, ex.Code);
        Assert.Empty(FindAll(store, macHandle[1..]));
    }

    [SkippableFact]
    public void Destroy_ThroughAnotherStore_IsSeenByAStoreThatCachedTheObjectHandle()
    {
        var store = softHsm.Store;
        var key = store.GenerateSigningKey("psd_0009");
        store.Sign(key.KeyHandle, Message);

        using (var other = softHsm.OpenStore(SoftHsmFixture.MainToken))
        {
            other.Destroy(key.KeyHandle);
        }

        var ex = Assert.Throws<KeyStoreException>(() => store.Sign(key.KeyHandle, Message));
        Assert.Equal(KeyStoreException.KeyDestroyed, ex.Code);
    }

    [SkippableFact]
    public void Handle_WorksInAStoreOpenedLater()
    {
        var key = softHsm.Store.GenerateSigningKey("psd_0010");
        var macHandle = softHsm.Store.GenerateMacKey("psd_0010/register");
        var mac = softHsm.Store.ComputeMac(macHandle, Message);

        // As after a restart: nothing cached, the handle is all the new store has.
        using var later = softHsm.OpenStore(SoftHsmFixture.MainToken);
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, Message, later.Sign(key.KeyHandle, Message)));
        Assert.Equal(mac, later.ComputeMac(macHandle, Message));
    }

    [SkippableFact]
    public void Handle_FromAnotherToken_IsNotFound()
    {
        var key = softHsm.Store.GenerateSigningKey("psd_0011");
        using var other = softHsm.OpenStore(SoftHsmFixture.OtherToken);

        var ex = Assert.Throws<KeyStoreException>(() => other.Sign(key.KeyHandle, Message));
        Assert.Equal(KeyStoreException.KeyDestroyed, ex.Code);
    }

    [SkippableFact]
    public void Handles_OfTheWrongKind_AreRejected()
    {
        var store = softHsm.Store;
        var key = store.GenerateSigningKey("psd_0012");
        var macHandle = store.GenerateMacKey("psd_0012/register");

        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => store.Sign(macHandle, Message)).Code);
        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => store.ComputeMac(key.KeyHandle, Message)).Code);

        // The kind byte edited by hand: lookups also filter on class and key type, so nothing is found.
        byte[] forgedSigning = [Pkcs11KeyStore.SigningHandleVersion, .. macHandle[1..]];
        byte[] forgedMac = [Pkcs11KeyStore.MacHandleVersion, .. key.KeyHandle[1..]];
        Assert.Equal(KeyStoreException.KeyDestroyed, Assert.Throws<KeyStoreException>(() => store.Sign(forgedSigning, Message)).Code);
        Assert.Equal(KeyStoreException.KeyDestroyed, Assert.Throws<KeyStoreException>(() => store.ComputeMac(forgedMac, Message)).Code);

        // A software-store handle, and garbage.
        using var software = TestKeys.NewStore();
        var softwareKey = software.GenerateSigningKey("psd_0012");
        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => store.Sign(softwareKey.KeyHandle, Message)).Code);
        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => store.Sign([], Message)).Code);
        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => store.Destroy([0x13, .. key.KeyHandle[1..]])).Code);

        // And the other way: a PKCS#11 handle given to the software store.
        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => software.Sign(key.KeyHandle, Message)).Code);
    }

    [SkippableFact]
    public void Sign_FromFourThreads_EverySignatureVerifies()
    {
        var store = softHsm.Store;
        var keys = Enumerable.Range(0, 2).Select(i => store.GenerateSigningKey($"psd_par_{i}")).ToArray();
        var failures = new ConcurrentBag<string>();

        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var key = keys[(t + i) % keys.Length];
                var data = BitConverter.GetBytes(t * 1000 + i);
                try
                {
                    if (!TestKeys.Verifies(key.SubjectPublicKeyInfo, data, store.Sign(key.KeyHandle, data)))
                    {
                        failures.Add($"thread {t} message {i}: does not verify");
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"thread {t} message {i}: {ex.GetType().Name} {ex.Message}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Constructor_WithAWrongPin_FailsWithUnavailable()
    {
        SoftHsmFixture.RequireSoftHsm();
        _ = softHsm.Store;

        var ex = Assert.Throws<KeyStoreException>(() => new Pkcs11KeyStore(SoftHsmFixture.ModulePath, SoftHsmFixture.PinTestToken, "0000"));

        Assert.Equal(KeyStoreException.Unavailable, ex.Code);
        Assert.Contains("PIN is incorrect", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Constructor_WithAnUnknownToken_NamesTheTokensPresent()
    {
        _ = softHsm.Store;

        var ex = Assert.Throws<KeyStoreException>(() => new Pkcs11KeyStore(SoftHsmFixture.ModulePath, "no-such-token", SoftHsmFixture.UserPin));

        Assert.Equal(KeyStoreException.Unavailable, ex.Code);
        Assert.Contains(SoftHsmFixture.MainToken, ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Factory_CreatesAPkcs11Store()
    {
        _ = softHsm.Store;

        var created = KeyStoreFactory.Create(new KeyStoreOptions
        {
            Kind = "PKCS11",
            Pkcs11TokenLabel = SoftHsmFixture.OtherToken,
            Pkcs11Pin = SoftHsmFixture.UserPin,
        });
        using var store = Assert.IsType<Pkcs11KeyStore>(created);

        var key = store.GenerateSigningKey("psd_0013");
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, Message, store.Sign(key.KeyHandle, Message)));
    }

    [Fact]
    public void UncompressedPoint_AcceptsTheDerWrappedAndTheBarePointOnly()
    {
        var bare = new byte[65];
        bare[0] = 0x04;
        bare[64] = 0x07;
        byte[] wrapped = [0x04, 0x41, .. bare];

        Assert.Equal(bare, Pkcs11KeyStore.UncompressedPoint(wrapped).ToArray());
        Assert.Equal(bare, Pkcs11KeyStore.UncompressedPoint(bare).ToArray());
        Assert.Throws<KeyStoreException>(() => Pkcs11KeyStore.UncompressedPoint([0x04, 0x21, 0x02, .. new byte[32]]));
        Assert.Throws<KeyStoreException>(() => Pkcs11KeyStore.UncompressedPoint(null));
    }

    private static List<(CKO Class, byte[] Id)> FindAll(Pkcs11KeyStore store, byte[] id) =>
        store.WithSession(session =>
        {
            var factory = store.Factories.ObjectAttributeFactory;
            return session.FindAllObjects([factory.Create(CKA.CKA_ID, id)])
                .Select(o =>
                {
                    var attributes = session.GetAttributeValue(o, [CKA.CKA_CLASS, CKA.CKA_ID]);
                    return ((CKO)attributes[0].GetValueAsUlong(), attributes[1].GetValueAsByteArray());
                })
                .ToList();
        });

    private static IObjectHandle FindOne(Pkcs11KeyStore store, ISession session, byte[] id, CKO objectClass)
    {
        var factory = store.Factories.ObjectAttributeFactory;
        return Assert.Single(session.FindAllObjects([factory.Create(CKA.CKA_ID, id), factory.Create(CKA.CKA_CLASS, objectClass)]));
    }
}
