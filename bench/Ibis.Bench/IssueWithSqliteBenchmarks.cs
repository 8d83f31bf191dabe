using Ibis.Server.Api;
using BenchmarkDotNet.Attributes;
using Ibis.Barcodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Domain.Rates;
using Ibis.Server.Auth;
using Ibis.Server.Indicia;
using Ibis.Server.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ibis.Bench;

/// <summary>
/// The issuance path through the server's own <see cref="PrintIndicium"/> service on a real SQLite
/// file (WAL, synchronous=FULL): lock the device row, update the registers, sign, insert, commit —
/// then the Data Matrix. No HTTP, no JSON, no authentication. One device at a time, one thread.
/// </summary>
/// <remarks>
/// A sandbox device starts with $100.000 in DR, enough for 135 first-class letters, so every
/// iteration gets a fresh licensee and device and issues <see cref="PiecesPerIteration"/> pieces.
/// </remarks>
[MemoryDiagnoser]
public class IssueWithSqliteBenchmarks
{
    private const int PiecesPerIteration = 100;

    private BenchApp _app = null!;
    private Caller _caller = null!;
    private string _deviceId = "";

    [GlobalSetup]
    public void Setup()
    {
        _app = new BenchApp();
        _ = _app.Server; // runs start-up: migrations and the sandbox world
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [IterationSetup]
    public void NewDevice()
    {
        using var scope = _app.Services.CreateScope();
        var world = scope.ServiceProvider.GetRequiredService<SandboxWorld>();
        var creds = world.CreateLicensee("Bench Mailer", $"{Guid.NewGuid():N}@bench.ibis.test").GetAwaiter().GetResult();
        _deviceId = creds.DeviceId;
        _caller = new Caller("key_bench", Caller.LicenseeRole, creds.LicenseeId, null, TestMode: true);
    }

    [Benchmark(Description = "Issue with SQLite (PrintIndicium service + Data Matrix; no HTTP)")]
    [InvocationCount(PiecesPerIteration, unrollFactor: 1)]
    public async Task<BitMatrix> IssueWithSqlite()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var print = scope.ServiceProvider.GetRequiredService<PrintIndicium>();
        var piece = new PieceRequest(RateCategory.FirstClassLetter, 1m, Postage: null, DateOnly.FromDateTime(DateTime.UtcNow), DestinationZip: null);
        var reply = await print.Handle(_caller, _deviceId, [piece], PrintAnswer.One, IdempotentRequest.None, CancellationToken.None);
        return DataMatrixEncoder.Encode(Convert.FromBase64String(reply.Value.BarcodeData));
    }

    /// <summary>The real composition root (Program) on a fresh data directory in /tmp.</summary>
    private sealed class BenchApp : WebApplicationFactory<global::Program>
    {
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ibis-bench-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("IBIS_DATA_DIR", _dataDirectory);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            // The factory can dispose twice (Dispose and DisposeAsync); the second finds nothing to delete.
            if (disposing && Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
