using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Ibis.Security.Keys;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Security.Tests.Keys;

public sealed class SoftwareKeyStoreTests(ITestOutputHelper output)
{
    private static readonly byte[] Message = "indicium data"u8.ToArray();

    [Fact]
    public void Kind_IsSoftware()
    {
        using var store = TestKeys.NewStore();
        Assert.Equal("software", store.Kind);
    }

    [Fact]
    public void Sign_ProducesA64ByteP1363SignatureThatVerifiesWithTheSpki()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");

        var signature = store.Sign(key.KeyHandle, Message);

        Assert.Equal(64, signature.Length);
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, Message, signature));
        Assert.False(TestKeys.Verifies(key.SubjectPublicKeyInfo, "other data"u8, signature));
    }

    [Fact]
    public void GenerateSigningKey_ReturnsAP256PublicKey()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");

        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        Assert.Equal("1.2.840.10045.3.1.7", publicKey.ExportParameters(false).Curve.Oid.Value);
    }

    [Fact]
    public void Handle_RoundTripsThroughANewStoreWithTheSameKek()
    {
        var kekBytes = TestKeys.RandomKekBytes();
        using var kek = KeyEncryptionKey.FromBytes(kekBytes);
        GeneratedKey key;
        using (var first = new SoftwareKeyStore(kek))
        {
            key = first.GenerateSigningKey("psd_0001");
        }

        // A second process: nothing cached, the handle is all it has.
        using var second = new SoftwareKeyStore(kek);
        var signature = second.Sign(key.KeyHandle, Message);

        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, Message, signature));
        Assert.Equal("psd_0001", second.ReadLabel(key.KeyHandle));
    }

    [Fact]
    public void Handle_FollowsTheDocumentedFormat()
    {
        using var store = TestKeys.NewStore(out var kekBytes);
        var key = store.GenerateSigningKey("psd_0001");

        Assert.Equal(SoftwareKeyStore.HandleVersion, key.KeyHandle[0]);
        Assert.Equal(8, key.KeyHandle[1]);
        Assert.Equal("psd_0001", Encoding.UTF8.GetString(key.KeyHandle, 2, 8));

        using var unwrapped = ECDsa.Create();
        unwrapped.ImportPkcs8PrivateKey(TestKeys.UnwrapByHand(key.KeyHandle, kekBytes), out _);
        Assert.Equal(key.SubjectPublicKeyInfo, unwrapped.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Handle_NeverContainsThePrivateScalarInPlainText()
    {
        using var store = TestKeys.NewStore(out var kekBytes);
        var key = store.GenerateSigningKey("psd_0001");

        using var unwrapped = ECDsa.Create();
        var pkcs8 = TestKeys.UnwrapByHand(key.KeyHandle, kekBytes);
        unwrapped.ImportPkcs8PrivateKey(pkcs8, out _);
        var d = unwrapped.ExportParameters(includePrivateParameters: true).D!;

        Assert.Equal(32, d.Length);
        Assert.Equal(-1, key.KeyHandle.AsSpan().IndexOf(d));
        Assert.Equal(-1, key.KeyHandle.AsSpan().IndexOf(pkcs8));
        // No 8-byte run of the scalar either, so it is not merely split across fields.
        for (var i = 0; i + 8 <= d.Length; i++)
        {
            Assert.Equal(-1, key.KeyHandle.AsSpan().IndexOf(d.AsSpan(i, 8)));
        }
    }

    [Fact]
    public void Sign_WithAnyOneByteOfTheHandleFlipped_FailsWithHandleInvalid()
    {
        var kekBytes = TestKeys.RandomKekBytes();
        using var kek = KeyEncryptionKey.FromBytes(kekBytes);
        GeneratedKey key;
        using (var generator = new SoftwareKeyStore(kek))
        {
            key = generator.GenerateSigningKey("psd_0001");
        }

        Gen.Int[0, key.KeyHandle.Length - 1].Select(Gen.Byte[1, 255]).Sample((index, mask) =>
        {
            using var store = new SoftwareKeyStore(kek);
            var tampered = (byte[])key.KeyHandle.Clone();
            tampered[index] ^= mask;
            var ex = Assert.Throws<KeyStoreException>(() => store.Sign(tampered, Message));
            Assert.Equal(KeyStoreException.HandleInvalid, ex.Code);
        }, iter: 200);
    }

    [Fact]
    public void Sign_WithTheLabelSwappedInClear_FailsWithHandleInvalid()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");
        var swapped = (byte[])key.KeyHandle.Clone();
        Encoding.UTF8.GetBytes("psd_0002").CopyTo(swapped, 2);

        var ex = Assert.Throws<KeyStoreException>(() => store.Sign(swapped, Message));
        Assert.Equal(KeyStoreException.HandleInvalid, ex.Code);
        Assert.Throws<KeyStoreException>(() => store.ReadLabel(swapped));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1 })]
    [InlineData(new byte[] { 2, 1, 0x41 })]
    [InlineData(new byte[] { 1, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 200, 0x41 })]
    [InlineData(new byte[] { 1, 1, 0x41, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Sign_WithAMalformedHandle_FailsWithHandleInvalid(byte[] handle)
    {
        using var store = TestKeys.NewStore();
        var ex = Assert.Throws<KeyStoreException>(() => store.Sign(handle, Message));
        Assert.Equal(KeyStoreException.HandleInvalid, ex.Code);
    }

    [Fact]
    public void Sign_UnderADifferentKek_FailsWithHandleInvalidAndNamesTheKekId()
    {
        GeneratedKey key;
        using (var original = TestKeys.NewStore())
        {
            key = original.GenerateSigningKey("psd_0001");
        }
        using var otherKek = KeyEncryptionKey.Generate();
        using var other = new SoftwareKeyStore(otherKek);

        var ex = Assert.Throws<KeyStoreException>(() => other.Sign(key.KeyHandle, Message));
        Assert.Equal(KeyStoreException.HandleInvalid, ex.Code);
        Assert.Contains(otherKek.Id, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_AfterDestroy_FailsWithKeyDestroyed()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");
        store.Sign(key.KeyHandle, Message);

        store.Destroy(key.KeyHandle);

        var ex = Assert.Throws<KeyStoreException>(() => store.Sign(key.KeyHandle, Message));
        Assert.Equal(KeyStoreException.KeyDestroyed, ex.Code);
    }

    [Fact]
    public void Destroy_LeavesOtherKeysUsable()
    {
        using var store = TestKeys.NewStore();
        var doomed = store.GenerateSigningKey("psd_0001");
        var kept = store.GenerateSigningKey("psd_0002");

        store.Destroy(doomed.KeyHandle);

        Assert.True(TestKeys.Verifies(kept.SubjectPublicKeyInfo, Message, store.Sign(kept.KeyHandle, Message)));
    }

    [Fact]
    public void GenerateSigningKey_RejectsEmptyAndOverlongLabels()
    {
        using var store = TestKeys.NewStore();
        Assert.ThrowsAny<ArgumentException>(() => store.GenerateSigningKey(""));
        Assert.Throws<ArgumentException>(() => store.GenerateSigningKey(new string('x', 256)));
        Assert.NotNull(store.GenerateSigningKey(new string('x', 255)));
    }

    [Fact]
    public void Sign_AfterTheCacheOverflows_StillSignsWithEveryKey()
    {
        using var store = TestKeys.NewStore(out _, cacheCapacity: 2);
        var keys = Enumerable.Range(0, 5).Select(i => store.GenerateSigningKey($"psd_{i}")).ToList();

        foreach (var key in keys.Concat(keys))
        {
            Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, Message, store.Sign(key.KeyHandle, Message)));
        }
    }

    [Fact]
    public void Sign_FromManyThreadsWithOneHandle_EverySignatureVerifies()
    {
        var kekBytes = TestKeys.RandomKekBytes();
        using var kek = KeyEncryptionKey.FromBytes(kekBytes);
        GeneratedKey key;
        using (var generator = new SoftwareKeyStore(kek))
        {
            key = generator.GenerateSigningKey("psd_0001");
        }
        // A cold store, so the threads also race to import the key.
        using var store = new SoftwareKeyStore(kek);
        var signatures = new ConcurrentBag<(byte[] Data, byte[] Signature)>();

        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) }, i =>
        {
            var data = BitConverter.GetBytes(i);
            signatures.Add((data, store.Sign(key.KeyHandle, data)));
        });

        Assert.Equal(2000, signatures.Count);
        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        Assert.All(signatures, s => Assert.True(publicKey.VerifyData(s.Data, s.Signature, HashAlgorithmName.SHA256)));
    }

    [Fact]
    public void Destroy_WhileOtherThreadsSign_OnlyEverThrowsKeyDestroyed()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");
        var unexpected = new ConcurrentBag<Exception>();

        Parallel.For(0, 400, i =>
        {
            if (i == 100)
            {
                store.Destroy(key.KeyHandle);
                return;
            }
            try
            {
                store.Sign(key.KeyHandle, Message);
            }
            catch (KeyStoreException ex) when (ex.Code == KeyStoreException.KeyDestroyed)
            {
            }
            catch (Exception ex)
            {
                unexpected.Add(ex);
            }
        });

        Assert.Empty(unexpected);
        Assert.Throws<KeyStoreException>(() => store.Sign(key.KeyHandle, Message));
    }

    [Fact]
    public void SignRate_IsReported()
    {
        // Informational only (DESIGN §6: speed is measured, never asserted).
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");
        var data = new byte[100];
        for (var i = 0; i < 200; i++)
        {
            store.Sign(key.KeyHandle, data);
        }

        const int n = 2000;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            store.Sign(key.KeyHandle, data);
        }
        stopwatch.Stop();
        output.WriteLine($"software key store: {n / stopwatch.Elapsed.TotalSeconds:F0} signs/s on one thread");
    }
}
