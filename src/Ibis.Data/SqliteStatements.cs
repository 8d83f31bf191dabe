using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ibis.Data;

/// <summary>
/// A hand-written statement on the context's SQLite connection, in its transaction, on the statement its connection keeps
/// prepared for the text (<see cref="SqliteStatementCache"/>; a connection that keeps none prepares it each time) — for
/// the reads of a hot path whose rows <see cref="RowReader{T}"/> shapes and the updates <see cref="SqliteRowUpdates"/>
/// writes (issue 17). It passes no EF Core interceptor: the callers run here only statements no interceptor of Ibis
/// acts on (reads; writes of tables the table watch does not watch).
/// </summary>
public static class SqliteStatements
{
    /// <summary>Runs <paramref name="sql"/> with the parameters bound by <paramref name="bind"/> and gives its reader to <paramref name="read"/>.</summary>
    public static T Read<T>(IbisDb db, string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read) =>
        Run(db, sql, bind, command =>
        {
            using var reader = command.ExecuteReader();
            return read(reader);
        });

    /// <summary>Runs <paramref name="sql"/>, a statement that returns no rows, with the parameters bound by <paramref name="bind"/>; returns the rows it changed.</summary>
    public static int Execute(IbisDb db, string sql, Action<SqliteParameterCollection> bind) => Run(db, sql, bind, command => command.ExecuteNonQuery());

    private static T Run<T>(IbisDb db, string sql, Action<SqliteParameterCollection> bind, Func<SqliteCommand, T> run)
    {
        if (db.IsPostgres) throw new InvalidOperationException("a SQLite statement");
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
            var result = run(command);
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
