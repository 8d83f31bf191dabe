using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ibis.Data;

/// <summary>
/// Keeps the commands EF Core runs on a held SQLite connection (<see cref="SqliteHeldConnections"/>) prepared, per SQL
/// text (issue 17). Microsoft.Data.Sqlite reuses a command's prepared statements when the same command object runs
/// the same text again; EF Core makes a new command for every execution. So for a held connection EF Core is given a
/// <see cref="ReusedCommand"/>, which runs on the idle command last used with that text, its parameters rebound, and
/// hands it back when EF Core disposes it. Anything else — another connection, a command whose reader is still open —
/// gets a command of its own, as without this. The cache of one connection is only used by the one context that holds
/// the connection, so by one operation at a time; its lock is never contended.
/// </summary>
public sealed class SqliteStatementCache : DbCommandInterceptor
{
    /// <summary>Distinct SQL texts kept prepared per connection; the least recently used goes first.</summary>
    public const int Capacity = 200;

    private static readonly ConditionalWeakTable<SqliteConnection, Statements> Caches = new();

    /// <summary>Starts a cache for a connection held open for its context's life.</summary>
    internal static void Attach(SqliteConnection connection) => Caches.AddOrUpdate(connection, new Statements(connection));

    /// <summary>The prepared statements of a held connection (<see cref="BulkInsert"/> takes its insert from them); null for any other.</summary>
    internal static Statements? Of(DbConnection connection) =>
        connection is SqliteConnection sqlite && Caches.TryGetValue(sqlite, out var cache) ? cache : null;

    /// <summary>
    /// For a held connection: how many SQL texts it keeps prepared now, how many executions ran on a command taken
    /// from its cache (reused) and how many on a new one (prepared); null for any other connection.
    /// </summary>
    public static (int Idle, long Reused, long Prepared)? Counts(DbConnection connection) =>
        connection is SqliteConnection sqlite && Caches.TryGetValue(sqlite, out var cache) ? (cache.Count, cache.Reused, cache.Prepared) : null;

    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        !result.HasResult && eventData.Connection is SqliteConnection sqlite && Caches.TryGetValue(sqlite, out var cache)
            ? InterceptionResult<DbCommand>.SuppressWithResult(new ReusedCommand(cache))
            : result;

    /// <summary>The idle prepared commands of one connection, by SQL text, least recently used first.</summary>
    internal sealed class Statements(SqliteConnection connection)
    {
        private readonly Dictionary<string, LinkedListNode<SqliteCommand>> _idle = new(StringComparer.Ordinal);
        private readonly LinkedList<SqliteCommand> _order = new();
        private readonly Lock _gate = new();

        public SqliteConnection Connection { get; } = connection;

        public int Count
        {
            get
            {
                lock (_gate) return _idle.Count;
            }
        }

        public long Reused { get; private set; }

        public long Prepared { get; private set; }

        /// <summary>The idle command prepared for <paramref name="sql"/> (taken out of the cache), or a new one.</summary>
        public SqliteCommand Take(string sql)
        {
            lock (_gate)
            {
                if (_idle.Remove(sql, out var node))
                {
                    _order.Remove(node);
                    Reused++;
                    return node.Value;
                }
                Prepared++;
            }
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }

        /// <summary>A command back, idle and still prepared; when one with its text is already idle, or the connection is gone, it is disposed.</summary>
        public void Return(SqliteCommand command)
        {
            SqliteCommand? evicted = null;
            lock (_gate)
            {
                if (Connection.State != System.Data.ConnectionState.Open || _idle.ContainsKey(command.CommandText))
                {
                    evicted = command;
                }
                else
                {
                    _idle[command.CommandText] = _order.AddLast(command);
                    if (_idle.Count > Capacity)
                    {
                        evicted = _order.First!.Value;
                        _order.RemoveFirst();
                        _idle.Remove(evicted.CommandText);
                    }
                }
            }
            evicted?.Dispose();
        }
    }
}
