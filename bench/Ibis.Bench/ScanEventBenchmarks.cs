using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Domain;
using BenchmarkDotNet.Attributes;
using Ibis.Data;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Ibis.Security.Keys;
using Ibis.Server.Auth;
using Ibis.Server.Sandbox;
using Ibis.Server.Verification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ibis.Bench;

/// <summary>
/// Scan-event verification (issue 14 "Speed") against the machine's ECDSA P-256 verify ceiling, in the
/// same run. 10,000 indicia of 20 sandbox devices, signed with the devices' own keys in the key store,
/// are verified: (1) the ceiling, bare <c>ECDsa.VerifyData</c> of the same 10,000 signatures on every core
/// (one key object per device and thread, nothing else); (2) the same on one core; (3) the server's
/// <see cref="RecordScanEvents"/> use case (no HTTP) on a real SQLite file, all 10,000 events in one
/// request: load certificates and devices, every check, signatures in parallel, the batched insert into the
/// scan store (emptied before each iteration, so every piece is a first sighting); (4) the one-off path,
/// <see cref="VerifyIndicium"/>, one piece at a time on one thread. Each reports the time per piece.
/// </summary>
[MemoryDiagnoser]
public class ScanEventBenchmarks
{
    private const int Devices = 20;
    private const int PiecesPerDevice = 500;
    internal const int Events = Devices * PiecesPerDevice;
    internal const int OneOffPieces = 500;

    private ScanApp _app = null!;
    private byte[][] _pieces = [];
    private ECParameters[] _keyOf = [];
    private int[] _deviceOf = [];
    private RecordScanEventsCommand _command = null!;
    private readonly Caller _postal = new("key_bench", Caller.PostalRole, null, null, TestMode: true);

    [GlobalSetup]
    public void Setup()
    {
        _app = new ScanApp();
        _ = _app.Server;
        using var scope = _app.Services.CreateScope();
        var world = scope.ServiceProvider.GetRequiredService<SandboxWorld>();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var keys = scope.ServiceProvider.GetRequiredService<IKeyStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var pieces = new List<byte[]>();
        var keyOf = new List<ECParameters>();
        var deviceOf = new List<int>();
        for (var d = 0; d < Devices; d++)
        {
            var creds = world.CreateLicensee($"Scan Bench {d}", $"{Guid.NewGuid():N}@bench.ibis.test").GetAwaiter().GetResult();
            var device = db.Devices.AsNoTracking().Single(x => x.Id == creds.DeviceId);
            var der = db.Certificates.AsNoTracking().Single(c => c.Serial == device.CertificateSerial).Der;
            using (var cert = X509CertificateLoader.LoadCertificate(der))
            using (var pub = cert.GetECDsaPublicKey()!)
                keyOf.Add(pub.ExportParameters(false));
            for (var p = 1; p <= PiecesPerDevice; p++)
            {
                var data = new IndiciumData
                {
                    CertificateSerial = (ulong)device.CertificateSerial,
                    Device = new DeviceNumber((ushort)device.Vendor, (ushort)device.Model, (uint)device.Serial),
                    AscendingRegister = Mills.FromMills(740L * p),
                    Postage = Mills.FromMills(740),
                    MailingDate = today,
                    LicensingZip = Zip5.FromNumber(20260),
                    DescendingRegister = Mills.FromMills(1_000_000),
                    RateCategory = RateCategory.FirstClassLetter.Code,
                    PieceCount = (uint)p,
                };
                var signed = data with { Signature = keys.Sign(device.KeyHandle, IndiciumCodec.SignedMessage(data)) };
                pieces.Add(IndiciumCodec.Encode(signed));
                deviceOf.Add(d);
            }
        }
        _pieces = [.. pieces];
        _keyOf = [.. keyOf];
        _deviceOf = [.. deviceOf];
        var now = DateTimeOffset.UtcNow;
        _command = new RecordScanEventsCommand(_pieces.Select((b, i) => (ScanEvent?)new ScanEvent(Convert.ToBase64String(b), $"BENCH PDC {i % 7}", now)).ToList());
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [IterationSetup(Target = nameof(ScanEvents))]
    public void EmptyScanStore()
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IbisDb>().Database.ExecuteSqlRaw("DELETE FROM scanned_pieces");
    }

    [Benchmark(Description = "ECDSA P-256 verify ceiling, all cores (bare ECDsa, per piece)", OperationsPerInvoke = Events)]
    public int VerifyCeilingAllCores()
    {
        var valid = 0;
        Parallel.For(0, _pieces.Length, () => new ECDsa?[Devices], (i, _, local) =>
        {
            var key = local[_deviceOf[i]] ??= ECDsa.Create(_keyOf[_deviceOf[i]]);
            if (key.VerifyData(IndiciumCodec.SignedMessageOf(_pieces[i]), _pieces[i].AsSpan(IndiciumCodec.SignedLength), HashAlgorithmName.SHA256))
                Interlocked.Increment(ref valid);
            return local;
        }, local => { foreach (var k in local) k?.Dispose(); });
        return valid;
    }

    [Benchmark(Description = "ECDSA P-256 verify ceiling, one core (bare ECDsa, per piece)", OperationsPerInvoke = Events)]
    public int VerifyCeilingOneCore()
    {
        var keys = _keyOf.Select(ECDsa.Create).ToArray();
        var valid = 0;
        for (var i = 0; i < _pieces.Length; i++)
            if (keys[_deviceOf[i]].VerifyData(IndiciumCodec.SignedMessageOf(_pieces[i]), _pieces[i].AsSpan(IndiciumCodec.SignedLength), HashAlgorithmName.SHA256))
                valid++;
        foreach (var k in keys) k.Dispose();
        return valid;
    }

    [Benchmark(Description = "Scan events, 10,000 per request (RecordScanEvents + SQLite scan store; no HTTP), per piece", OperationsPerInvoke = Events)]
    public async Task<int> ScanEvents()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RecordScanEvents>().Handle(_postal, _command, CancellationToken.None);
        var valid = result.Counts.GetValueOrDefault("valid");
        if (valid != Events) throw new InvalidOperationException($"only {valid} of {Events} scans were valid: {string.Join(", ", result.Counts)}");
        return valid;
    }

    [Benchmark(Description = "One-off verification (VerifyIndicium, one piece per call, one thread), per piece", OperationsPerInvoke = OneOffPieces)]
    public async Task<int> OneOffVerification()
    {
        var valid = 0;
        for (var i = 0; i < OneOffPieces; i++)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            if ((await scope.ServiceProvider.GetRequiredService<VerifyIndicium>().Handle(_pieces[i * (Events / OneOffPieces)], CancellationToken.None)).Valid) valid++;
        }
        if (valid != OneOffPieces) throw new InvalidOperationException($"only {valid} of {OneOffPieces} verified");
        return valid;
    }

    /// <summary>
    /// Where a one-off verification's time goes beside the signature, measured on this thread: the bare
    /// verify, the parse, the scope (made, <see cref="VerifyIndicium"/> resolved, disposed), the verifier on
    /// one piece in a scope made once, and the whole call as <see cref="OneOffVerification"/> makes it; each
    /// with the bytes it allocates. Rows are (name, µs per piece, bytes per piece).
    /// </summary>
    internal async Task<IReadOnlyList<(string Name, double Micros, double Bytes)>> OneOffBreakdown()
    {
        var rows = new List<(string, double, double)>();
        var piece = _pieces[0];
        using var key = ECDsa.Create(_keyOf[_deviceOf[0]]);
        rows.Add(Measure("bare ECDsa verify", () => key.VerifyData(IndiciumCodec.SignedMessageOf(piece), piece.AsSpan(IndiciumCodec.SignedLength), HashAlgorithmName.SHA256)));
        rows.Add(Measure("IndiciumCodec.Parse", () => IndiciumCodec.Parse(piece).Success));
        rows.Add(Measure("scope + resolve VerifyIndicium + dispose", () =>
        {
            using var scope = _app.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<VerifyIndicium>() is not null;
        }));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var verifier = scope.ServiceProvider.GetRequiredService<IndiciumVerifier>();
            rows.Add(await MeasureAsync("IndiciumVerifier.Verify, one piece", async () => (await verifier.Verify([(piece, null)], VerifierMode.Open, CancellationToken.None))[0].Reasons.Count == 0));
            var one = scope.ServiceProvider.GetRequiredService<VerifyIndicium>();
            rows.Add(await MeasureAsync("VerifyIndicium.Handle (scope made once)", async () => (await one.Handle(piece, CancellationToken.None)).Valid));
        }
        rows.Add(await MeasureAsync("VerifyIndicium.Handle in its own scope (as one-off)", async () =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<VerifyIndicium>().Handle(piece, CancellationToken.None)).Valid;
        }));
        // A miss: what a call costs when its device's entries have expired (every entry lives one second, so
        // each device and each reference table misses about once a second). Raising a table's generation is
        // what a write on this node does.
        var generations = _app.Services.GetRequiredService<TableGenerations>();
        rows.Add(await MeasureAsync("own scope, device standing and refunds reloaded", async () =>
        {
            generations.Raise("certificates");
            generations.Raise("refunded_pieces");
            await using var scope = _app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<VerifyIndicium>().Handle(piece, CancellationToken.None)).Valid;
        }));
        rows.Add(await MeasureAsync("a scope, a database context and one small query", async () =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
            return await db.Certificates.AsNoTracking().Where(c => c.Serial == 1).Select(c => c.Serial).FirstOrDefaultAsync() == 0;
        }));
        rows.Add(await MeasureAsync("own scope, rate table and collection schedule reloaded", async () =>
        {
            generations.Raise("rate_tables");
            generations.Raise("collection_schedules");
            await using var scope = _app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<VerifyIndicium>().Handle(piece, CancellationToken.None)).Valid;
        }));
        return rows;
    }

    private const int BreakdownCalls = 2000;

    private static (string, double, double) Measure(string name, Func<bool> call)
    {
        for (var i = 0; i < 200; i++) call();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < BreakdownCalls; i++)
            if (!call()) throw new InvalidOperationException($"{name} failed");
        return (name, watch.Elapsed.TotalMicroseconds / BreakdownCalls, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)BreakdownCalls);
    }

    // Allocations are counted on every thread (an await may resume elsewhere).
    private static async Task<(string, double, double)> MeasureAsync(string name, Func<Task<bool>> call)
    {
        for (var i = 0; i < 200; i++) await call();
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < BreakdownCalls; i++)
            if (!await call()) throw new InvalidOperationException($"{name} failed");
        return (name, watch.Elapsed.TotalMicroseconds / BreakdownCalls, (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)BreakdownCalls);
    }

    /// <summary>The real composition root on a fresh data directory in /tmp (SQLite unless IBIS_BENCH_POSTGRES names a database).</summary>
    private sealed class ScanApp : WebApplicationFactory<global::Program>
    {
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ibis-bench-scan-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("IBIS_DATA_DIR", _dataDirectory);
            // IBIS_BENCH_POSTGRES: the connection string of an empty PostgreSQL database to measure on instead of SQLite.
            if (Environment.GetEnvironmentVariable("IBIS_BENCH_POSTGRES") is { Length: > 0 } postgres)
                builder.UseSetting("ConnectionStrings:Ibis", postgres);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
