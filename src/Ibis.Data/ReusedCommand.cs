using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Ibis.Data;

/// <summary>
/// What EF Core is given as its command on a held SQLite connection (<see cref="SqliteStatementCache"/>): once its SQL
/// text is set it runs on the idle command prepared for that text, with its parameters, transaction and timeout set
/// afresh as on a new command, and on dispose hands that command back still prepared (its statements were reset when
/// its reader closed). A command whose reader was left open is disposed instead of being kept.
/// </summary>
internal sealed class ReusedCommand(SqliteStatementCache.Statements statements) : DbCommand
{
    private SqliteCommand? _inner;
    private SqliteTransaction? _transaction;
    private int? _timeout;
    private DbDataReader? _reader;

    /// <summary>The command that runs: the one prepared for the text, taken when the text is set.</summary>
    private SqliteCommand Inner => _inner ??= Take("");

    [AllowNull]
    public override string CommandText
    {
        get => _inner?.CommandText ?? "";
        set
        {
            value ??= "";
            if (_inner is { } current && current.CommandText == value) return;
            if (_inner is { CommandText.Length: 0 } blank)
            {
                // Parameters were asked for before the text: keep them on the same command (prepared from now on).
                blank.CommandText = value;
                return;
            }
            Release();
            _inner = Take(value);
        }
    }

    public override int CommandTimeout
    {
        get => _timeout ?? statements.Connection.DefaultTimeout;
        set
        {
            _timeout = value;
            if (_inner is not null) _inner.CommandTimeout = value;
        }
    }

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw new ArgumentException("SQLite commands are text", nameof(value));
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => statements.Connection;
        set
        {
            if (!ReferenceEquals(value, statements.Connection))
                throw new NotSupportedException("a command of a held SQLite connection stays on it");
        }
    }

    protected override DbParameterCollection DbParameterCollection => Inner.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => _transaction;
        set
        {
            _transaction = (SqliteTransaction?)value;
            if (_inner is not null) _inner.Transaction = _transaction;
        }
    }

    public override void Cancel() => _inner?.Cancel();

    public override void Prepare() => Inner.Prepare();

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery() => Inner.ExecuteNonQuery();

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Inner.ExecuteNonQueryAsync(cancellationToken);

    public override object? ExecuteScalar() => Inner.ExecuteScalar();

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Inner.ExecuteScalarAsync(cancellationToken);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => _reader = Inner.ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        _reader = await Inner.ExecuteReaderAsync(behavior, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Release();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A command for <paramref name="sql"/>, set up as a new command of the connection would be.</summary>
    private SqliteCommand Take(string sql)
    {
        var command = sql.Length == 0 ? statements.Connection.CreateCommand() : statements.Take(sql);
        command.Parameters.Clear();
        command.Transaction = _transaction;
        command.CommandTimeout = _timeout ?? statements.Connection.DefaultTimeout;
        return command;
    }

    /// <summary>Hands the command back prepared, unless a reader of it is still open or it never had a text.</summary>
    private void Release()
    {
        if (_inner is not { } inner) return;
        _inner = null;
        var readerOpen = _reader is { IsClosed: false };
        _reader = null;
        if (readerOpen || inner.CommandText.Length == 0)
        {
            inner.Dispose();
            return;
        }
        // Nothing of this execution stays on the idle command: not its values, not its transaction.
        inner.Parameters.Clear();
        inner.Transaction = null;
        statements.Return(inner);
    }
}
