using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Ibis.Security.Keys;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Security.Tests.Keys;

public sealed class SoftwareKeyStoreMacTests(ITestOutputHelper output)
{
    private const string MacAad = "ibis/software-key-store/mac/v1";
    private static readonly byte[] Register = "device 1 / ascending 100.00 / descending 50.00"u8.ToArray();

    [Fact]
    public void MacHandle_FollowsTheDocumentedFormatAndTheMacIsStandardHmacSha256()
    {
        using var store = TestKeys.NewStore(out var kekBytes);
        var handle = store.GenerateMacKey("psd_0001/register");

        Assert.Equal(SoftwareKeyStore.MacHandleVersion, handle[0]);
        Assert.Equal(17, handle[1]);
        Assert.Equal("psd_0001/register", Encoding.UTF8.GetString(handle, 2, 17));
        Assert.Equal(2 + 17 + 12 + 32 + 16, handle.Length);

        var key = TestKeys.UnwrapByHand(handle, kekBytes, MacAad);
        Assert.Equal(32, key.Length);
        Assert.Equal(HMACSHA256.HashData(key, Register), store.ComputeMac(handle, Register));
        Assert.Equal(-1, handle.AsSpan().IndexOf(key));
    }

    [Fact]
    public void ComputeMac_IsDeterministicPerKeyAndDataAndDiffersAcrossKeys()
    {
        using var store = TestKeys.NewStore();
        var first = store.GenerateMacKey("psd_0001/register");
        var second = store.GenerateMacKey("psd_0001/register");

        var mac = store.ComputeMac(first, Register);

        Assert.Equal(32, mac.Length);
        Assert.Equal(mac, store.ComputeMac(first, Register));
        Assert.NotEqual(mac, store.ComputeMac(first, "device 1 / ascending 100.01 / descending 50.00"u8));
        Assert.NotEqual(mac, store.ComputeMac(second, Register));
        Assert.NotEqual(SHA256.HashData(Register), mac);
        Assert.NotEqual(HMACSHA256.HashData(new byte[32], Register), mac);
        Assert.NotEqual(new byte[32], mac);
    }

    [Fact]
    public void MacHandle_RoundTripsThroughANewStoreWithTheSameKek()
    {
        var kekBytes = TestKeys.RandomKekBytes();
        using var kek = KeyEncryptionKey.FromBytes(kekBytes);
        byte[] handle;
        byte[] mac;
        using (var first = new SoftwareKeyStore(kek))
        {
            handle = first.GenerateMacKey("psd_0001/register");
            mac = first.ComputeMac(handle, Register);
        }

        using var second = new SoftwareKeyStore(kek);
        Assert.Equal(mac, second.ComputeMac(handle, Register));
        Assert.Equal("psd_0001/register", second.ReadLabel(handle));
    }

    [Fact]
    public void ComputeMac_WithAnyOneByteOfTheHandleFlipped_FailsWithHandleInvalid()
    {
        using var store = TestKeys.NewStore(out var kekBytes);
        var handle = store.GenerateMacKey("psd_0001/register");

        for (var i = 0; i < handle.Length; i++)
        {
            var tampered = (byte[])handle.Clone();
            tampered[i] ^= 0x01;
            // A fresh store each time, so nothing cached under the original handle can answer.
            using var kek = KeyEncryptionKey.FromBytes(kekBytes);
            using var fresh = new SoftwareKeyStore(kek);
            var ex = Assert.Throws<KeyStoreException>(() => fresh.ComputeMac(tampered, Register));
            Assert.Equal(KeyStoreException.HandleInvalid, ex.Code);
        }
    }

    [Fact]
    public void ComputeMac_UnderADifferentKek_FailsWithHandleInvalid()
    {
        using var store = TestKeys.NewStore();
        var handle = store.GenerateMacKey("psd_0001/register");
        using var other = TestKeys.NewStore();

        var ex = Assert.Throws<KeyStoreException>(() => other.ComputeMac(handle, Register));

        Assert.Equal(KeyStoreException.HandleInvalid, ex.Code);
    }

    [Fact]
    public void Handles_OfTheWrongKind_AreRejected()
    {
        using var store = TestKeys.NewStore(out var kekBytes);
        var signingKey = store.GenerateSigningKey("psd_0001");
        var macHandle = store.GenerateMacKey("psd_0001/register");

        var sign = Assert.Throws<KeyStoreException>(() => store.Sign(macHandle, Register));
        var mac = Assert.Throws<KeyStoreException>(() => store.ComputeMac(signingKey.KeyHandle, Register));
        Assert.Equal(KeyStoreException.HandleInvalid, sign.Code);
        Assert.Equal(KeyStoreException.HandleInvalid, mac.Code);
        Assert.Contains("MAC key", sign.Message, StringComparison.Ordinal);

        // Only the version byte changed: the AAD differs by kind, so authentication still fails.
        var relabelled = (byte[])macHandle.Clone();
        relabelled[0] = SoftwareKeyStore.HandleVersion;
        using var kek = KeyEncryptionKey.FromBytes(kekBytes);
        using var fresh = new SoftwareKeyStore(kek);
        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => fresh.Sign(relabelled, Register)).Code);
        var relabelledSigning = (byte[])signingKey.KeyHandle.Clone();
        relabelledSigning[0] = SoftwareKeyStore.MacHandleVersion;
        Assert.Equal(KeyStoreException.HandleInvalid, Assert.Throws<KeyStoreException>(() => fresh.ComputeMac(relabelledSigning, Register)).Code);
    }

    [Fact]
    public void ComputeMac_AfterDestroy_FailsWithKeyDestroyed_EvenOnAnUncachedPath()
    {
        using var store = TestKeys.NewStore();
        var handle = store.GenerateMacKey("psd_0001/register");
        var other = store.GenerateMacKey("psd_0002/register");
        store.ComputeMac(handle, Register);

        store.Destroy(handle);

        Assert.Equal(KeyStoreException.KeyDestroyed, Assert.Throws<KeyStoreException>(() => store.ComputeMac(handle, Register)).Code);
        Assert.Equal(32, store.ComputeMac(other, Register).Length);
    }

    [Fact]
    public void ComputeMac_AfterTheCacheOverflows_StillWorksWithEveryKey()
    {
        using var store = TestKeys.NewStore(out var kekBytes, cacheCapacity: 2);
        var handles = Enumerable.Range(0, 5).Select(i => store.GenerateMacKey($"psd_{i}/register")).ToList();

        foreach (var handle in handles)
        {
            var key = TestKeys.UnwrapByHand(handle, kekBytes, MacAad);
            Assert.Equal(HMACSHA256.HashData(key, Register), store.ComputeMac(handle, Register));
        }
    }

    [Fact]
    public void Destroy_WhileOtherThreadsComputeMacs_NeverYieldsAWrongMac()
    {
        using var store = TestKeys.NewStore(out var kekBytes);
        var handle = store.GenerateMacKey("psd_0001/register");
        var expected = HMACSHA256.HashData(TestKeys.UnwrapByHand(handle, kekBytes, MacAad), Register);
        var failures = new ConcurrentBag<string>();
        using var start = new Barrier(5);

        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 20_000; i++)
            {
                try
                {
                    if (!store.ComputeMac(handle, Register).AsSpan().SequenceEqual(expected))
                    {
                        failures.Add("a MAC under a partly destroyed key escaped");
                    }
                }
                catch (KeyStoreException ex) when (ex.Code == KeyStoreException.KeyDestroyed)
                {
                    return;
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        Thread.Sleep(5);
        store.Destroy(handle);
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
        Assert.Throws<KeyStoreException>(() => store.ComputeMac(handle, Register));
    }

    [Fact]
    public void GenerateMacKey_RejectsEmptyLabels()
    {
        using var store = TestKeys.NewStore();
        Assert.ThrowsAny<ArgumentException>(() => store.GenerateMacKey(""));
        Assert.ThrowsAny<ArgumentException>(() => store.GenerateMacKey(new string('x', 256)));
    }

    [Fact]
    public void MacRate_IsReported()
    {
        using var store = TestKeys.NewStore();
        var handle = store.GenerateMacKey("psd_0001/register");
        var data = new byte[100];
        for (var i = 0; i < 10_000; i++)
        {
            store.ComputeMac(handle, data);
        }

        const int n = 200_000;
        var first = store.ComputeMac(handle, data);
        var last = first;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            last = store.ComputeMac(handle, data);
        }
        stopwatch.Stop();

        var microseconds = stopwatch.Elapsed.TotalMicroseconds / n;
        // Informational only: speed is measured in bench/, never asserted in a test.
        output.WriteLine($"software key store: {n / stopwatch.Elapsed.TotalSeconds:F0} MACs/s on one thread ({microseconds:F2} µs per 100-byte MAC, cached key)");
        Assert.Equal(first, last); // the cached key gives the same MAC as the first, unwrapped one
    }
}
