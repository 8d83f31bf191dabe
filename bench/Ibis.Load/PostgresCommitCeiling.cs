using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace Ibis.Load;

/// <summary>
/// PostgreSQL's durable-commit ceiling for the work of one piece (issue 17: "PostgreSQL with as many clients as it
/// takes"): each client owns one register-like row and, per transaction, updates it, inserts one indicium-like row of
/// about 300 bytes and commits. Tried at each client count for a fixed time; the best count is the ceiling. It
/// measures whatever the server is set to: <see cref="Durable"/> says whether a commit waited for the disk.
/// </summary>
/// <param name="Settings">The server's version and the settings that decide durability, as read on the measuring connection.</param>
public sealed record PostgresCommitCeiling(double CommitsPerSecond, int Clients, IReadOnlyList<ClientCountRate> Tried, string Settings, bool Durable)
{
    public static readonly IReadOnlyList<int> DefaultClients = [1, 4, 16, 32, 64];
    public const int MaxClients = 256;

    /// <summary>Parses "1,4,16" or "1 4 16"; null with a message when a count is not 1..<see cref="MaxClients"/>.</summary>
    public static IReadOnlyList<int>? ParseClients(string text, out string? error)
    {
        error = null;
        var counts = new List<int>();
        foreach (var part in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxClients)
            {
                error = $"--postgres-clients: '{part}' is not a client count 1..{MaxClients}";
                return null;
            }
            if (!counts.Contains(n)) counts.Add(n);
        }
        if (counts.Count == 0) error = "--postgres-clients: give at least one client count";
        return error is null ? counts : null;
    }

    public static async Task<PostgresCommitCeiling> Measure(string connectionString, IReadOnlyList<int> clients, TimeSpan each, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, MaxPoolSize = clients.Max() + 1, Enlist = false };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        // Tables of their own, named per run, so that a shared database (or a second run beside this one) is left as it was.
        var prefix = "ibis_ceiling_" + Guid.NewGuid().ToString("N")[..8];
        var (settings, durable, connections) = await ReadSettings(source, ct);
        // Every client holds a connection, and one more drops the tables: past the server's limit the largest count would fail mid-way.
        if (clients.Max() + 1 > connections)
            throw new ArgumentException($"{clients.Max()} clients need {clients.Max() + 1} connections; the server takes {connections} (max_connections less the reserved ones)");
        try
        {
            await Exec(source, $"""
                CREATE TABLE {prefix}_registers (id integer PRIMARY KEY, ar bigint NOT NULL, dr bigint NOT NULL, pieces bigint NOT NULL, mac bytea NOT NULL);
                CREATE TABLE {prefix}_indicia (device integer NOT NULL, piece bigint NOT NULL, postage_mills bigint NOT NULL,
                    printed_at timestamptz NOT NULL, data bytea NOT NULL, PRIMARY KEY (device, piece));
                INSERT INTO {prefix}_registers SELECT g, 0, 1000000000000, 0, '\x00'::bytea FROM generate_series(1, {clients.Max()}) g;
                """, ct);
            var pieces = new long[clients.Max() + 1];
            var tried = new List<ClientCountRate>();
            foreach (var n in clients)
            {
                try
                {
                    tried.Add(new ClientCountRate(n, await Run(source, prefix, n, pieces, each, ct)));
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.TooManyConnections)
                {
                    // A shared cluster (the tests' one) may have other users' connections open: this count is left out, not the ceiling.
                    tried.Add(new ClientCountRate(n, double.NaN));
                }
            }
            var best = tried.Where(t => !double.IsNaN(t.CommitsPerSecond)).MaxBy(t => t.CommitsPerSecond)
                ?? throw new ArgumentException("no client count could open its connections (too many connections)");
            return new PostgresCommitCeiling(best.CommitsPerSecond, best.Clients, tried, settings, durable);
        }
        finally
        {
            await Exec(source, $"DROP TABLE IF EXISTS {prefix}_indicia; DROP TABLE IF EXISTS {prefix}_registers;", CancellationToken.None);
        }
    }

    /// <summary>
    /// N clients, each on its own connection and register row, in a closed loop. Npgsql sends BEGIN with the next
    /// command, so a transaction is two round trips: BEGIN + UPDATE + INSERT (one batch, prepared), then COMMIT.
    /// Counts the commits that returned within <paramref name="each"/>.
    /// </summary>
    private static async Task<double> Run(NpgsqlDataSource source, string prefix, int clients, long[] pieces, TimeSpan each, CancellationToken ct)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = new Stopwatch();
        var ready = 0;
        async Task<long> Client(int id)
        {
            try
            {
                return await Commit(id);
            }
            catch (Exception e)
            {
                // The others wait for every client to be ready: without this they would wait for ever.
                start.TrySetException(e);
                throw;
            }
        }
        async Task<long> Commit(int id)
        {
            await using var conn = await source.OpenConnectionAsync(ct);
            await using var batch = new NpgsqlBatch(conn);
            var update = new NpgsqlBatchCommand($"UPDATE {prefix}_registers SET ar = ar + 740, dr = dr - 740, pieces = pieces + 1, mac = $1 WHERE id = $2");
            var mac = RandomNumberGenerator.GetBytes(32);
            update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = mac });
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
            var insert = new NpgsqlBatchCommand($"INSERT INTO {prefix}_indicia VALUES ($1, $2, 740, $3, $4)");
            var piece = new NpgsqlParameter<long>();
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
            insert.Parameters.Add(piece);
            var printedAt = new NpgsqlParameter<DateTime>();
            insert.Parameters.Add(printedAt);
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(256) });
            batch.BatchCommands.Add(update);
            batch.BatchCommands.Add(insert);
            await batch.PrepareAsync(ct);
            if (Interlocked.Increment(ref ready) == clients)
            {
                watch.Start();
                start.TrySetResult();
            }
            await start.Task.WaitAsync(ct);
            long committed = 0;
            while (watch.Elapsed < each)
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                batch.Transaction = tx;
                piece.TypedValue = ++pieces[id];
                printedAt.TypedValue = DateTime.UtcNow;
                await batch.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
                if (watch.Elapsed <= each) committed++;
            }
            return committed;
        }
        // A client that fails hands its exception to the ones waiting to start, so the first failure is what surfaces.
        var counts = await Task.WhenAll(Enumerable.Range(1, clients).Select(Client));
        return counts.Sum() / each.TotalSeconds;
    }

    /// <summary>A commit is durable only if it waits for its WAL flush (fsync on, synchronous_commit not off) and a crash cannot tear a page (full_page_writes on).</summary>
    private static async Task<(string Settings, bool Durable, int Connections)> ReadSettings(NpgsqlDataSource source, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'), " +
            "current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (version, fsync, syncCommit, fullPages) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        var durable = fsync == "on" && syncCommit != "off" && fullPages == "on";
        return ($"PostgreSQL {version.Split(' ')[0]}, fsync={fsync} synchronous_commit={syncCommit} full_page_writes={fullPages}", durable, reader.GetInt32(4));
    }

    private static async Task Exec(NpgsqlDataSource source, string sql, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var tried = string.Join(", ", Tried.Select(t => double.IsNaN(t.CommitsPerSecond)
            ? string.Create(inv, $"{t.Clients}: too many connections")
            : string.Create(inv, $"{t.Clients}: {t.CommitsPerSecond:F0}")));
        return string.Create(inv,
            $"ceilings: PostgreSQL commits ({(Durable ? "durable" : "NOT durable")}: {Settings}; 1 update + 1 ~300-byte insert per tx) {CommitsPerSecond:F0}/s with {Clients} clients (clients: commits/s — {tried})\n");
    }

    /// <summary>Shell-readable, for bench/run-load.sh; the settings are single-quoted (they hold spaces).</summary>
    public string ToEnv() => string.Create(CultureInfo.InvariantCulture,
        $"PG_COMMITS={CommitsPerSecond:F0}\nPG_COMMIT_CLIENTS={Clients}\nPG_COMMIT_DURABLE={(Durable ? 1 : 0)}\nPG_COMMIT_SETTINGS='{Settings.Replace("'", "", StringComparison.Ordinal)}'\n");
}

public sealed record ClientCountRate(int Clients, double CommitsPerSecond);
