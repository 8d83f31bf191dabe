using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ibis.Data;

/// <summary>
/// A hand-written read on the context's SQLite connection, in its transaction, on the statement its connection keeps
/// prepared for the text (<see cref="SqliteStatementCache"/>; a connection that keeps none prepares it each time) —
/// for the reads of a hot path whose rows <see cref="RowReader{T}"/> shapes (issue 17). It passes no EF Core
/// interceptor: a read of rows, which no interceptor of Ibis changes (the table watch looks at writes).
/// </summary>
public static class SqliteReads
{
    /// <summary>Runs <paramref name="sql"/> with the parameters bound by <paramref name="bind"/> and gives its reader to <paramref name="read"/>.</summary>
    public static T Read<T>(IbisDb db, string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read)
    {
        if (db.IsPostgres) throw new InvalidOperationException("a SQLite read");
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var statements = SqliteStatementCache.Of(connection);
        var command = statements?.Take(sql) ?? new SqliteCommand(sql, connection);
        var kept = false;
        try
        {
            // Set afresh, as on a new command (ReusedCommand does the same for EF Core's).
            command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandTimeout = connection.DefaultTimeout;
            command.Parameters.Clear();
            bind(command.Parameters);
            T result;
            using (var reader = command.ExecuteReader())
                result = read(reader);
            kept = statements is not null;
            return result;
        }
        finally
        {
            command.Parameters.Clear();
            if (kept) statements!.Return(command);
            else command.Dispose();
        }
    }
}
