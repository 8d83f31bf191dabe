using System.Diagnostics;
using Ibis.Security.Keys;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Security.Tests.Keys;

/// <summary>
/// Measures, without asserting, how fast each store signs and computes MACs, so a change that makes
/// printing much slower shows up in the test log. In the SoftHSM2 collection so the two stores are
/// measured side by side and never in parallel with other token tests.
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed class KeyStoreThroughputTests(SoftHsmFixture softHsm, ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [SkippableFact]
    public void SignAndMacRates_AreReported()
    {
        var pkcs11 = softHsm.Store;
        using var software = TestKeys.NewStore();
        var data = new byte[100];

        foreach (var store in new IKeyStore[] { software, pkcs11 })
        {
            var key = store.GenerateSigningKey("psd_rate");
            var macHandle = store.GenerateMacKey("psd_rate/register");
            foreach (var threads in new[] { 1, 4 })
            {
                var signs = Measure(threads, () => store.Sign(key.KeyHandle, data));
                var macs = Measure(threads, () => store.ComputeMac(macHandle, data));
                output.WriteLine($"{store.Kind,-8} {threads} thread(s): {signs,8:F0} signs/s  {macs,9:F0} MACs/s (100-byte messages)");
            }
            store.Destroy(key.KeyHandle);
            store.Destroy(macHandle);
        }
    }

    private static double Measure(int threads, Action operation)
    {
        for (var i = 0; i < 50; i++)
        {
            operation();
        }
        var counts = new long[threads];
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            long n = 0;
            while (stopwatch.Elapsed < Window)
            {
                operation();
                n++;
            }
            counts[t] = n;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }
}
