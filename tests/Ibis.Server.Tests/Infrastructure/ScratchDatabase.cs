using Npgsql;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// Drops a test's own PostgreSQL database. WITH (FORCE) ends the test's leftover sessions, but the test role may not end
/// a superuser's process on it — an autovacuum worker that started on the new database, a background job of a disposed
/// app still closing (42501, 55006) — and those end by themselves within moments: the drop is tried again, and a
/// database still left is harmless (the next run's names are new), so it never fails a test.
/// </summary>
public static class ScratchDatabase
{
    public static void Drop(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            try
            {
                using var conn = new NpgsqlConnection(admin);
                conn.Open();
                using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
                cmd.ExecuteNonQuery();
                return;
            }
            catch (PostgresException)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
