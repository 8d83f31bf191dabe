using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ibis.Data;
using Ibis.Server.Sandbox;
using Ibis.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ibis.Server.Tests.Infrastructure;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// The real composition root (Program) on a real database: a fresh SQLite file in a temp data
/// directory, or a fresh PostgreSQL database created for this fixture and dropped afterwards.
/// The sandbox world is created at start-up exactly as for a user.
/// </summary>
public sealed class IbisApp : WebApplicationFactory<Program>
{
    private string? _postgresAdmin;

    /// <summary>Set when <see cref="Restart"/> handed the database to a new instance: this one no longer drops it.</summary>
    private bool _handedOver;

    /// <param name="freshDatabase">
    /// Start on a database no migration has touched, instead of a copy of the migrated template
    /// (<see cref="MigratedTemplates"/>): for tests of what the server does at its first start.
    /// </param>
    public IbisApp(DatabaseKind kind, TimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null, bool freshDatabase = false)
    {
        Kind = kind;
        Clock = clock;
        Settings = settings;
        DataDirectory = Path.Combine(Path.GetTempPath(), "ibis-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(DataDirectory);
        freshDatabase |= MigratedTemplates.Disabled;
        if (kind == DatabaseKind.Postgres) CreatePostgresDatabase(out _postgresAdmin, freshDatabase);
        else if (!freshDatabase) MigratedTemplates.CopySqliteTo(Path.Combine(DataDirectory, "ibis.db"));
    }

    /// <summary>A second node: same database and key-encryption key as <paramref name="first"/>.</summary>
    public IbisApp(IbisApp first, IReadOnlyDictionary<string, string>? settings = null)
    {
        Kind = first.Kind;
        Clock = first.Clock;
        Settings = settings;
        DataDirectory = first.DataDirectory;
        ConnectionString = first.ConnectionString;
        IsSecondNode = true;
    }

    private bool IsSecondNode { get; set; }

    /// <summary>
    /// The same node started again on the same database (and data and key directories), as after a
    /// restart: this host is stopped and the returned one owns the clean-up from now on.
    /// </summary>
    public IbisApp Restart()
    {
        var next = new IbisApp(this, Settings) { ConfigureHost = ConfigureHost };
        if (!IsSecondNode)
        {
            next.IsSecondNode = false;
            next._postgresAdmin = _postgresAdmin;
            next.DatabaseName = DatabaseName;
            _handedOver = true;
        }
        Dispose();
        return next;
    }

    /// <summary>A fake clock replacing TimeProvider.System in the app, when the test moves time.</summary>
    public TimeProvider? Clock { get; }

    private IReadOnlyDictionary<string, string>? Settings { get; }

    private void CreatePostgresDatabase(out string? admin, bool freshDatabase)
    {
        admin = null;
        if (Kind == DatabaseKind.Postgres)
        {
            admin = Requires.Postgres();
            var name = "ibis_t_" + Guid.NewGuid().ToString("N")[..12];
            using (var conn = new NpgsqlConnection(admin))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand(freshDatabase ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {MigratedTemplates.PostgresTemplate(admin)}", conn);
                cmd.ExecuteNonQuery();
            }
            DatabaseName = name;
            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Timeout = 15 }.ConnectionString;
        }
    }

    public DatabaseKind Kind { get; }

    /// <summary>Extra host configuration, e.g. a logger provider that captures the server's logs.</summary>
    public Action<IWebHostBuilder>? ConfigureHost { get; init; }

    public string DataDirectory { get; }

    /// <summary>Where the server generated its key-encryption key: beside the data directory, not in it.</summary>
    public string KeyDirectory => DataDirectory + "-keys";

    public string? ConnectionString { get; private set; }

    public string? DatabaseName { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("IBIS_DATA_DIR", DataDirectory);
        if (ConnectionString is not null) builder.UseSetting("ConnectionStrings:Ibis", ConnectionString);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // A test that moves the clock by hand runs the scheduled jobs itself when it wants them: with the
        // scheduler on, each jump would fire missed jobs (catch-up) behind the test's back.
        if (Clock is not null) builder.UseSetting("Ibis:Scheduler:Enabled", "false");
        foreach (var (key, value) in Settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (Clock is not null)
            builder.ConfigureTestServices(s => s.AddSingleton(Clock));
        ConfigureHost?.Invoke(builder);
    }

    internal SandboxCredentials Sandbox
    {
        get
        {
            _ = Server; // make sure the host (and its start-up seeding) has run
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDirectory, "sandbox-credentials.json")));
            var root = doc.RootElement;
            return new SandboxCredentials(
                root.GetProperty("api_key").GetString()!,
                root.GetProperty("device_id").GetString()!,
                "",
                root.GetProperty("logins").EnumerateArray()
                    .Select(l => new SandboxLogin(l.GetProperty("role").GetString()!, l.GetProperty("email").GetString()!, l.GetProperty("password").GetString()!))
                    .ToList())
            {
                ProviderApiKey = root.TryGetProperty("provider_api_key", out var p) ? p.GetString() : null,
                PostalApiKey = root.TryGetProperty("postal_api_key", out var q) ? q.GetString() : null,
            };
        }
    }

    /// <summary>An HTTP client that authenticates with the given API key.</summary>
    public HttpClient ClientFor(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Adds another licensed licensee with its own device (DR $100.000) and API key.</summary>
    internal async Task<SandboxCredentials> NewLicensee(string name = "Another Mailer Inc")
    {
        await using var scope = Services.CreateAsyncScope();
        var world = scope.ServiceProvider.GetRequiredService<SandboxWorld>();
        return await world.CreateLicensee(name, $"{Guid.NewGuid():N}@test.ibis.test");
    }

    /// <summary>Leases another device (DR $0) to a licensee.</summary>
    public async Task<string> AddDevice(string licenseeId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SandboxWorld>().AddDevice(licenseeId, default);
    }

    /// <summary>The licensee's deposit account id.</summary>
    public Task<string> AccountOf(string licenseeId) =>
        WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.DepositAccounts.Where(a => a.LicenseeId == licenseeId).Select(a => a.Id)));

    /// <summary>A client acting as the sandbox Postal Service.</summary>
    public HttpClient Postal() => ClientFor(Sandbox.PostalApiKey!);

    /// <summary>A client acting as the sandbox provider (audits, resets, withdrawal).</summary>
    public HttpClient Provider() => ClientFor(Sandbox.ProviderApiKey!);

    /// <summary>A client acting as the Postal Service's district MATS coordinator (approves refunds, §502.27).</summary>
    public HttpClient RefundCoordinator()
    {
        _ = Sandbox;
        var duties = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(DataDirectory, "sandbox-credentials.json")))!["duty_api_keys"]!;
        return ClientFor((string)duties["refund_coordinator"]!);
    }

    /// <summary>
    /// Checks a device out (its DR becomes a §502.27(b) refund, certified and sent) and has the district
    /// MATS coordinator approve it, so the balance is credited to the deposit account; returns Form 3601-C.
    /// </summary>
    public async Task<System.Text.Json.Nodes.JsonNode> CheckOutAndRefund(string deviceId, string reason = "account closing")
    {
        var checkedOut = await Provider().PostAsJsonAsync($"/v1/devices/{deviceId}/check-out", new Dictionary<string, string> { ["reason"] = reason });
        if (checkedOut.StatusCode != System.Net.HttpStatusCode.Created) throw new InvalidOperationException($"check-out answered {(int)checkedOut.StatusCode}: {await checkedOut.Content.ReadAsStringAsync()}");
        var report = System.Text.Json.Nodes.JsonNode.Parse(await checkedOut.Content.ReadAsStringAsync())!;
        if ((string?)report["refund_id"] is { } refundId)
        {
            var approved = await RefundCoordinator().PostAsync($"/v1/refunds/{refundId}/approval", null);
            if (!approved.IsSuccessStatusCode) throw new InvalidOperationException($"approval answered {(int)approved.StatusCode}: {await approved.Content.ReadAsStringAsync()}");
        }
        return report;
    }

    /// <summary>Runs raw SQL against the app's database (tampering tests).</summary>
    public Task<int> Sql(FormattableString sql) => WithDb(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlAsync(db.Database, sql));

    public async Task<T> WithDb<T>(Func<IbisDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IbisDb>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || IsSecondNode || _handedOver) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        try { if (Directory.Exists(KeyDirectory)) Directory.Delete(KeyDirectory, recursive: true); } catch (IOException) { }
        if (_postgresAdmin is not null && DatabaseName is not null)
        {
            ScratchDatabase.Drop(_postgresAdmin, DatabaseName);
        }
    }
}
