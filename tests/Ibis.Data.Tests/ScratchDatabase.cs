using Npgsql;

namespace Ibis.Data.Tests;

/// <summary>
/// Drops a test's own PostgreSQL database. WITH (FORCE) ends the test's leftover sessions, but the test role may not end
/// a superuser's process on it — an autovacuum worker that started on the new database (42501) — which ends by itself
/// within moments: the drop is tried again, and a database still left is harmless, so cleaning up never fails a test.
/// </summary>
internal static class ScratchDatabase
{
    public static async Task Drop(string server, string name)
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            try
            {
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}
