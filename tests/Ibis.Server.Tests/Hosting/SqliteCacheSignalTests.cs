using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17, SQLite written by another process (the admin command, the sqlite3 shell): its writes reach the
/// server's caches through the CacheSignal migration's triggers and the generation rows the server reads at
/// most once per interval (250 ms). The server's clock is the test's and moves only when the test moves it, so
/// whether an entry is used follows from the signal and the lifetimes alone.
/// </summary>
[Collection("sqlite")]
public sealed class SqliteCacheSignalTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    // 15:00 UTC: the same calendar day in UTC and in every US time zone.
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15), TimeSpan.Zero));
    private IbisApp? _app;

    private IbisApp App => _app ??= new IbisApp(DatabaseKind.Sqlite, _clock);

    private string DatabasePath => Path.Combine(App.DataDirectory, "ibis.db");

    public void Dispose() => _app?.Dispose();

    [Fact]
    public async Task AnApiKeyRevokedByAnotherProcess_IsRefusedOnceTheSignalIntervalHasPassed()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await Warm(client, who.DeviceId);

        await RawSql($"UPDATE api_keys SET \"RevokedAt\" = 1 WHERE \"Hash\" = '{ApiKeys.Hash(who.ApiKey)}'");
        // Within the interval the generation rows are not read again: the entry answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode);

        _clock.Advance(Interval);
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 401, "api_key_invalid", null, "revoked by another process");
    }

    [Fact]
    public async Task WhileTheSignalIsCurrent_AnEntryOutlivesTheShortLifetime_AndFallsBackToItWhenTheSignalCannotBeRead()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await Warm(client, who.DeviceId);

        // A revocation no signal reports (its trigger dropped for the statement): only the lifetime can end the entry.
        await RawSql($"""
            BEGIN;
            DROP TRIGGER cache_signal_api_keys_update;
            UPDATE api_keys SET "RevokedAt" = 1 WHERE "Hash" = '{ApiKeys.Hash(who.ApiKey)}';
            CREATE TRIGGER cache_signal_api_keys_update AFTER UPDATE ON api_keys
                BEGIN UPDATE cache_generations SET "Generation" = "Generation" + 1 WHERE "TableName" = 'api_keys'; END;
            COMMIT;
            """);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode);

        // The generation rows cannot be read from now on: once the last good read is a short lifetime old, so is the entry's limit.
        await RawSql("ALTER TABLE cache_generations RENAME TO cache_generations_gone");
        _clock.Advance(Interval);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 401, "api_key_invalid", null, "signal unreadable, entry past one second");
    }

    [Fact]
    public async Task ReferenceData_OutlivesItsShortLifetimeWhileTheSignalIsCurrent_AndFollowsAnotherProcessesWrite()
    {
        var cache = App.Services.GetRequiredService<ReferenceCache>();
        var reads = 0;
        Task<int> Read() => cache.Get("rate_tables", "reference-cache-test", () => Task.FromResult(++reads));

        Assert.Equal(1, await Read());
        // Past the two-second lifetime, the signal read meanwhile: the entry answers (issue 17: no read every two seconds).
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await Read());

        // Another process writes the table: its trigger raises the generation row, seen once the interval has passed.
        await RawSql("UPDATE rate_tables SET \"Name\" = \"Name\"");
        Assert.Equal(1, await Read());
        _clock.Advance(Interval);
        Assert.Equal(2, await Read());

        // The generation rows cannot be read from now on: the entry falls back to the short lifetime.
        await RawSql("ALTER TABLE cache_generations RENAME TO cache_generations_gone");
        _clock.Advance(Interval);
        Assert.Equal(2, await Read());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, await Read());
    }

    [Fact]
    public async Task EveryWatchedTableRaisesItsGenerationRow_ButAPrintsRegisterUpdateDoesNot()
    {
        var who = await App.NewLicensee();
        var triggers = await Strings("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cache_signal_%'");
        foreach (var table in TableGenerations.Watched)
            foreach (var on in new[] { "insert", "update", "delete" })
                Assert.Contains($"cache_signal_{table}_{on}", triggers);

        var before = await Strings("SELECT \"TableName\" || '=' || \"Generation\" FROM cache_generations ORDER BY 1");
        Assert.Equal(HttpStatusCode.Created, (await App.ClientFor(who.ApiKey).Print(who.DeviceId)).StatusCode);
        Assert.Equal(before, await Strings("SELECT \"TableName\" || '=' || \"Generation\" FROM cache_generations ORDER BY 1"));

        await RawSql($"UPDATE devices SET \"Status\" = \"Status\" WHERE \"Id\" = '{who.DeviceId}'");
        var devices = await Strings("SELECT \"Generation\" FROM cache_generations WHERE \"TableName\" = 'devices'");
        Assert.NotEqual(before.Single(r => r.StartsWith("devices=", StringComparison.Ordinal)), "devices=" + devices.Single());
    }

    private static async Task Warm(HttpClient client, string deviceId)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{deviceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{deviceId}")).StatusCode);
    }

    // Another process's connection: its own, outside the server's pool and interceptors.
    private SqliteConnection Open() => new($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");

    private async Task RawSql(string sql)
    {
        await using var conn = Open();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> Strings(string sql)
    {
        await using var conn = Open();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}
