using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Ibis.Load;

/// <summary>
/// What the machine can do at most for the work one piece needs, measured in the same run as the load
/// (issue 17 states its targets as ratios to these): durable commits of SQLite in WAL mode with
/// <c>synchronous=FULL</c>, one transaction per piece with one register update and one insert;
/// ECDSA P-256 signatures on two threads; verifications on one thread; and, given a PostgreSQL connection string,
/// PostgreSQL's own commit ceiling (<see cref="PostgresCommitCeiling"/>), against which PostgreSQL's cells are put.
/// </summary>
public sealed record Ceilings(double CommitsPerSecond, double SignsPerSecond, double VerifiesPerSecond, PostgresCommitCeiling? Postgres = null)
{
    /// <param name="postgres">A connection string and the client counts to try; null leaves PostgreSQL out.</param>
    public static async Task<Ceilings> Measure(TimeSpan each, (string ConnectionString, IReadOnlyList<int> Clients)? postgres, CancellationToken ct)
    {
        var commits = await Task.Run(() => Commits(each), ct);
        var signs = Signs(each, threads: 2);
        var verifies = Verifies(each);
        var pg = postgres is { } p ? await PostgresCommitCeiling.Measure(p.ConnectionString, p.Clients, each, ct) : null;
        return new Ceilings(commits, signs, verifies, pg);
    }

    /// <summary>One transaction per piece: UPDATE the device's registers, INSERT the piece, COMMIT (fsync).</summary>
    private static double Commits(TimeSpan each)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ibis-ceiling-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            using var conn = new SqliteConnection($"Data Source={Path.Combine(dir, "c.db")};Pooling=False");
            conn.Open();
            Exec(conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Exec(conn, "CREATE TABLE devices (id INTEGER PRIMARY KEY, ar INTEGER, dr INTEGER, pieces INTEGER, mac BLOB);" +
                       "CREATE TABLE indicia (device INTEGER, piece INTEGER, data BLOB, PRIMARY KEY (device, piece));" +
                       "INSERT INTO devices VALUES (1, 0, 1000000000, 0, zeroblob(32));");
            var data = RandomNumberGenerator.GetBytes(124);
            var watch = Stopwatch.StartNew();
            long n = 0;
            while (watch.Elapsed < each)
            {
                using var tx = conn.BeginTransaction();
                using (var update = conn.CreateCommand())
                {
                    update.Transaction = tx;
                    update.CommandText = "UPDATE devices SET ar = ar + 740, dr = dr - 740, pieces = pieces + 1, mac = $mac WHERE id = 1";
                    update.Parameters.AddWithValue("$mac", data[..32]);
                    update.ExecuteNonQuery();
                }
                using (var insert = conn.CreateCommand())
                {
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT INTO indicia VALUES (1, $n, $data)";
                    insert.Parameters.AddWithValue("$n", ++n);
                    insert.Parameters.AddWithValue("$data", data);
                    insert.ExecuteNonQuery();
                }
                tx.Commit();
            }
            return n / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static void Exec(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>ECDSA P-256 over the 60 signed bytes of an indicium, one key per thread.</summary>
    private static double Signs(TimeSpan each, int threads)
    {
        var data = RandomNumberGenerator.GetBytes(60);
        long total = 0;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            long n = 0;
            while (watch.Elapsed < each)
            {
                key.SignData(data, HashAlgorithmName.SHA256);
                n++;
            }
            Interlocked.Add(ref total, n);
        });
        return total / watch.Elapsed.TotalSeconds;
    }

    /// <summary>ECDSA P-256 verifications on one thread.</summary>
    private static double Verifies(TimeSpan each)
    {
        var data = RandomNumberGenerator.GetBytes(60);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = key.SignData(data, HashAlgorithmName.SHA256);
        long n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < each)
        {
            if (!key.VerifyData(data, signature, HashAlgorithmName.SHA256)) throw new CryptographicException("verify failed");
            n++;
        }
        return n / watch.Elapsed.TotalSeconds;
    }

    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"ceilings: durable commits (SQLite WAL, synchronous=FULL, 1 update + 1 insert per tx) {CommitsPerSecond:F0}/s; ECDSA P-256 sign, 2 threads {SignsPerSecond:F0}/s; verify, 1 thread {VerifiesPerSecond:F0}/s\n")
        + Postgres?.ToText();

    /// <summary>Shell-readable: COMMITS=…, SIGNS=…, VERIFIES=…, and PG_COMMITS=… when measured (bench/run-load.sh sources it for the ratios).</summary>
    public string ToEnv() => string.Create(CultureInfo.InvariantCulture,
        $"COMMITS={CommitsPerSecond:F0}\nSIGNS={SignsPerSecond:F0}\nVERIFIES={VerifiesPerSecond:F0}\n") + Postgres?.ToEnv();
}
