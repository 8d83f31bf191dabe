using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Ibis.Data;

/// <summary>
/// Row locks that compiled queries can take (issue 17: compiled queries on the hot path). EF Core has no operator for
/// <c>SELECT … FOR UPDATE</c>, and a query composed on <c>FromSql</c> — the way to write one — cannot be compiled, so
/// it is built, translated and looked up on every call. A query marked <see cref="ForUpdate{T}"/> instead carries a
/// tag, and on PostgreSQL <see cref="RowLockInterceptor"/> ends its SQL with <c>FOR UPDATE OF</c> the alias of the
/// table its outermost <c>FROM</c> reads: the rows of that table it returns are locked, those it joins are not.
/// On SQLite the tag stays a comment: a write transaction already holds the database's write lock (BEGIN IMMEDIATE).
/// </summary>
public static class RowLocks
{
    /// <summary>The tag (an SQL comment on the first line) that asks for the lock.</summary>
    public const string Tag = "ibis:for-update";

    /// <summary>Locks the rows the query returns from its source table, until the transaction ends (PostgreSQL).</summary>
    public static IQueryable<T> ForUpdate<T>(this IQueryable<T> source) => source.TagWith(Tag);

    private static readonly ConditionalWeakTable<IDbContextOptions, object> Checked = new();

    /// <summary>
    /// Refuses a PostgreSQL context made without <see cref="RowLockInterceptor"/>: its tagged queries would run
    /// without their lock. Checked once per set of options (a pooled context keeps its options).
    /// </summary>
    public static void Require(IbisDb db)
    {
        if (!db.IsPostgres) return;
        var options = db.GetService<IDbContextOptions>();
        if (Checked.TryGetValue(options, out _)) return;
        if (options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Any(i => i is RowLockInterceptor) != true)
            throw new InvalidOperationException("a PostgreSQL context that takes row locks needs the RowLockInterceptor (DatabaseSetup adds it)");
        Checked.AddOrUpdate(options, Checked);
    }
}

/// <summary>
/// PostgreSQL: appends <c>FOR UPDATE OF &lt;alias&gt;</c> to a command tagged by <see cref="RowLocks.ForUpdate{T}"/>.
/// The alias is the one EF Core gave the table of the outermost <c>FROM</c> (the first at parenthesis depth zero, so a
/// scalar sub-query in the select list is not mistaken for it). Each distinct text is rewritten once. A tagged
/// command whose SQL has no such <c>FROM</c> is refused rather than run without its lock.
/// </summary>
public sealed class RowLockInterceptor : DbCommandInterceptor
{
    private static readonly string Prefix = "-- " + RowLocks.Tag;

    private readonly ConcurrentDictionary<string, string> _rewritten = new(StringComparer.Ordinal);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Lock(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Lock(command);
        return ValueTask.FromResult(result);
    }

    private void Lock(DbCommand command)
    {
        var sql = command.CommandText;
        if (!sql.StartsWith(Prefix, StringComparison.Ordinal)) return;
        command.CommandText = _rewritten.GetOrAdd(sql, static s => s.TrimEnd() + "\nFOR UPDATE OF " + OutermostAlias(s));
    }

    /// <summary>The alias of the table read by the first <c>FROM</c> at parenthesis depth zero.</summary>
    public static string OutermostAlias(string sql)
    {
        var depth = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            switch (sql[i])
            {
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    i = EndOf(sql, i, '\n');
                    continue;
                case '"' or '\'':
                    i = EndOf(sql, i + 1, sql[i]);
                    continue;
                case '(':
                    depth++;
                    continue;
                case ')':
                    depth--;
                    continue;
            }
            if (depth == 0 && IsKeyword(sql, i, "FROM"))
            {
                var at = i + 4;
                var table = Identifier(sql, ref at);
                var alias = Identifier(sql, ref at);
                if (alias.Equals("AS", StringComparison.OrdinalIgnoreCase)) alias = Identifier(sql, ref at);
                if (table.Length > 0 && alias.Length > 0) return alias;
                break;
            }
        }
        throw new InvalidOperationException($"a query tagged {RowLocks.Tag} must read one table in its outermost FROM: {sql}");
    }

    private static int EndOf(string sql, int from, char end)
    {
        var i = sql.IndexOf(end, from);
        return i < 0 ? sql.Length : i;
    }

    private static bool IsKeyword(string sql, int i, string keyword) =>
        string.CompareOrdinal(sql, i, keyword, 0, keyword.Length) == 0
        && (i == 0 || char.IsWhiteSpace(sql[i - 1]))
        && i + keyword.Length < sql.Length && char.IsWhiteSpace(sql[i + keyword.Length]);

    /// <summary>The next identifier (quoted with its quotes, or bare, schema-qualified as written) after white space.</summary>
    private static string Identifier(string sql, ref int at)
    {
        while (at < sql.Length && char.IsWhiteSpace(sql[at])) at++;
        var start = at;
        while (at < sql.Length)
        {
            if (sql[at] == '"') at = EndOf(sql, at + 1, '"') + 1;
            else if (char.IsLetterOrDigit(sql[at]) || sql[at] is '_' or '.' or '$') at++;
            else break;
        }
        return sql[start..Math.Min(at, sql.Length)];
    }
}
