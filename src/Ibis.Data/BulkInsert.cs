using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ibis.Data;

/// <summary>
/// Inserts many rows of one entity type without change tracking, on the connection and inside the transaction
/// the context already has open (issue 17: a batch of indicia): on PostgreSQL one binary <c>COPY … FROM STDIN</c>
/// (<see cref="NpgsqlBinaryImporter"/>), on SQLite one prepared INSERT rebound for every row. A failure anywhere
/// leaves the rows to the transaction, which its owner rolls back.
/// <para>
/// The statement is made from the EF Core model, not written out by hand, so that a column the model gains is
/// written too: the table and column names, each property's type mapping (its value converter, such as the
/// SQLite instants stored as numbers, and its provider type), and a constant default (<c>HasDefaultValue</c>)
/// used where EF Core would leave the column to the database — when the property holds its sentinel. A mapping
/// this cannot reproduce (a shadow property, a store-generated or computed column, an owned or complex type,
/// a JSON column) refuses at once instead of writing something else than EF Core would.
/// </para>
/// <para>Commands sent this way pass no EF Core interceptor: a table whose writes are watched must not come here.</para>
/// </summary>
public static class BulkInsert
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), Plan> Plans = new();

    /// <summary>Inserts <paramref name="rows"/> inside the context's current transaction; none is tracked.</summary>
    public static async Task Rows<T>(IbisDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        if (db.DeferredInserts is { } deferred)
        {
            deferred.Keep(ct => Rows(db, rows, ct));
            return;
        }
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
                 ?? throw new InvalidOperationException("a bulk insert runs inside the caller's transaction, which rolls it back on failure");
        var plan = PlanFor(db, typeof(T));
        if (db.IsPostgres) await Copy(plan, (NpgsqlConnection)db.Database.GetDbConnection(), rows, ct);
        else await Prepared(plan, db.Database.GetDbConnection(), tx, rows, ct);
    }

    /// <summary>
    /// One row with the context's transaction, untracked where that is cheaper (issue 17: a single print's indicium and
    /// its kept answer): on SQLite inserted now, on the held connection's prepared statement — SQLite runs in the
    /// process, so a statement of its own costs no round trip, and EF Core's change tracking and command building
    /// cost more than the insert; on PostgreSQL added to the context, so it goes in the next SaveChanges' one batch
    /// with the other writes (one round trip, where a COPY of its own would be a second).
    /// </summary>
    public static Task One<T>(IbisDb db, T row, CancellationToken ct) where T : class
    {
        if (!db.IsPostgres) return Rows(db, [row], ct);
        db.Add(row);
        return Task.CompletedTask;
    }

    /// <summary>
    /// SQLite: inserts the rows the context is about to add (<see cref="EntityState.Added"/>) on the held
    /// connection's prepared statements and marks them saved, so that the SaveChanges that follows updates and
    /// deletes only (issue 17: EF Core's command building and change tracking for a reset's five new rows cost more
    /// than the inserts). Left to SaveChanges: a row of a table <paramref name="watched"/> names (an interceptor must
    /// see its statement), a row of a mapping a bulk insert does not write (store-generated values…) and one whose
    /// column default would stand in for a property's sentinel (EF Core reads such a value back into the row). The
    /// schema has no foreign keys, so the order of the rows does not matter. Runs DetectChanges once (unless the caller,
    /// having run it, turned automatic detection off); the caller's SaveChanges need not run it again. Nothing on PostgreSQL, where the inserts ride in SaveChanges' one batch.
    /// </summary>
    public static async Task Added(IbisDb db, Func<string, bool> watched, CancellationToken ct)
    {
        if (db.IsPostgres) return;
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
                 ?? throw new InvalidOperationException("a bulk insert runs inside the caller's transaction, which rolls it back on failure");
        List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry>? added = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Added) continue;
            var plan = Cached(db, entry.Metadata.ClrType);
            if (plan.Unsupported is null && !plan.FillsDefaults && !watched(plan.TableName)) (added ??= []).Add(entry);
        }
        if (added is null) return;
        foreach (var group in added.GroupBy(e => e.Metadata.ClrType))
            await Prepared(PlanFor(db, group.Key), db.Database.GetDbConnection(), tx, group.Select(e => e.Entity).ToList(), ct);
        foreach (var entry in added) entry.State = EntityState.Unchanged;
    }

    /// <summary>
    /// Writes the inserts kept while <see cref="IbisDb.DeferredInserts"/> was set, in the order they were asked for, inside
    /// the context's current transaction, and stops keeping them.
    /// </summary>
    public static async Task Flush(IbisDb db, CancellationToken ct)
    {
        if (db.DeferredInserts is not { } deferred) return;
        db.DeferredInserts = null;
        foreach (var insert in deferred.Inserts) await insert(ct);
    }

    /// <summary>Inserts asked for while a context prepares an operation outside its transaction (<see cref="IbisDb.DeferredInserts"/>).</summary>
    public sealed class Deferred
    {
        private readonly List<Func<CancellationToken, Task>> _inserts = [];

        internal IReadOnlyList<Func<CancellationToken, Task>> Inserts => _inserts;

        internal void Keep(Func<CancellationToken, Task> insert) => _inserts.Add(insert);
    }

    /// <summary>Whether a SQLite bulk insert of <paramref name="type"/> binds its values by position (tests: the indicium's does).</summary>
    public static bool BindsByPosition(IbisDb db, Type type) => PlanFor(db, type).BindsByPosition;

    /// <summary>The columns a bulk insert of <paramref name="type"/> writes, in order (tests compare them with the entity's properties).</summary>
    public static IReadOnlyList<string> Columns(IbisDb db, Type type) => PlanFor(db, type).Columns.Select(c => c.Name).ToList();

    private static Plan PlanFor(IbisDb db, Type type)
    {
        var plan = Cached(db, type);
        return plan.Unsupported is { } why ? throw new NotSupportedException(why) : plan;
    }

    /// <summary>The plan for <paramref name="type"/>, made once per model — one that says why there is none included.</summary>
    private static Plan Cached(IbisDb db, Type type) => Plans.GetOrAdd((db.Model, type), key => Plan.TryOf(db, key.Model, key.Type));

    private static async Task Copy<T>(Plan plan, NpgsqlConnection conn, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        // The connection's open transaction takes the COPY with it: committed or rolled back together.
        await using var import = await conn.BeginBinaryImportAsync($"COPY {plan.Table} ({plan.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await import.StartRowAsync(ct);
            foreach (var column in plan.Columns)
            {
                if (column.Value(row) is { } value) await column.Write!(import, value, ct);
                else await import.WriteNullAsync(ct);
            }
        }
        await import.CompleteAsync(ct);
    }

    /// <summary>From this many rows a SQLite insert binds by position on a statement of its own (<see cref="Positional{T}"/>).</summary>
    private const int PositionalFrom = 8;

    private static async Task Prepared<T>(Plan plan, DbConnection conn, DbTransaction tx, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count >= PositionalFrom && plan.BindsByPosition && conn is SqliteConnection sqlite && sqlite.Handle is { } handle)
        {
            Positional(plan, handle, rows);
            return;
        }
        // On a held connection (the writer connection every SQLite write runs on) the statement stays prepared
        // between inserts, in the connection's statement cache: a single print inserts one row, and preparing
        // its 40-odd columns again for every piece would cost more than binding them.
        var cache = SqliteStatementCache.Of(conn);
        DbCommand insert = cache is null ? conn.CreateCommand() : cache.Take(plan.InsertSql);
        try
        {
            if (insert.CommandText != plan.InsertSql) insert.CommandText = plan.InsertSql; // a new text would drop the prepared statement
            insert.Transaction = tx;
            insert.Parameters.Clear();
            var parameters = new DbParameter[plan.Columns.Count];
            for (var i = 0; i < parameters.Length; i++)
            {
                // The type mapping configures the parameter as EF Core's own would be (its DbType, size…).
                parameters[i] = plan.Columns[i].Mapping.CreateParameter(insert, plan.ParameterNames[i], null, nullable: true);
                insert.Parameters.Add(parameters[i]);
            }
            if (cache is null) await insert.PrepareAsync(ct);
            foreach (var row in rows)
            {
                for (var i = 0; i < parameters.Length; i++) parameters[i].Value = plan.Columns[i].Value(row) ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
        catch (DbException e)
        {
            throw Failed(plan, e);
        }
        finally
        {
            if (cache is not null && insert is Microsoft.Data.Sqlite.SqliteCommand kept)
            {
                // Nothing of this insert stays on the idle command: not its values, not its transaction.
                kept.Parameters.Clear();
                kept.Transaction = null;
                cache.Return(kept);
            }
            else await insert.DisposeAsync();
        }
    }

    /// <summary>
    /// SQLite, many rows (a batch's indicia, issue 17): one statement prepared for the call and bound by position through
    /// SQLite's own API. Microsoft.Data.Sqlite binds every parameter by name, and SQLite finds a name by comparing it with
    /// each of the statement's names in turn — for the indicium's 40-odd columns a thousand string comparisons a row, 5 %
    /// of a batch's processor time with the binding around it. Only for a plan whose every value binds as its column's
    /// type says (<see cref="Plan.BindsByPosition"/>), so the row stored is the one Microsoft.Data.Sqlite would store.
    /// Runs on the connection's open transaction, as the command would.
    /// </summary>
    private static void Positional<T>(Plan plan, SQLitePCL.sqlite3 db, IReadOnlyList<T> rows) where T : class
    {
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(db, plan.InsertSql, out var statement);
        if (rc != SQLitePCL.raw.SQLITE_OK) Fail(rc, db, plan);
        using (statement)
        {
            var index = new int[plan.Columns.Count];
            for (var i = 0; i < index.Length; i++) index[i] = SQLitePCL.raw.sqlite3_bind_parameter_index(statement, plan.ParameterNames[i]);
            foreach (var row in rows)
            {
                for (var i = 0; i < index.Length; i++)
                {
                    rc = Bind(statement, index[i], plan.Columns[i].Value(row));
                    if (rc != SQLitePCL.raw.SQLITE_OK) Fail(rc, db, plan);
                }
                rc = SQLitePCL.raw.sqlite3_step(statement);
                if (rc != SQLitePCL.raw.SQLITE_DONE) Fail(rc, db, plan);
                SQLitePCL.raw.sqlite3_reset(statement);
            }
        }
    }

    /// <summary>A value bound as Microsoft.Data.Sqlite binds it for a parameter of its column's type (a zero-length blob for an empty array, not NULL).</summary>
    private static int Bind(SQLitePCL.sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => SQLitePCL.raw.sqlite3_bind_null(statement, index),
        long l => SQLitePCL.raw.sqlite3_bind_int64(statement, index, l),
        int n => SQLitePCL.raw.sqlite3_bind_int64(statement, index, n),
        short n => SQLitePCL.raw.sqlite3_bind_int64(statement, index, n),
        byte n => SQLitePCL.raw.sqlite3_bind_int64(statement, index, n),
        bool b => SQLitePCL.raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
        double d => SQLitePCL.raw.sqlite3_bind_double(statement, index, d),
        string text => SQLitePCL.raw.sqlite3_bind_text(statement, index, text),
        DateOnly date => SQLitePCL.raw.sqlite3_bind_text(statement, index, date.ToString(@"yyyy\-MM\-dd", System.Globalization.CultureInfo.InvariantCulture)),
        byte[] { Length: 0 } => SQLitePCL.raw.sqlite3_bind_zeroblob(statement, index, 0),
        byte[] blob => SQLitePCL.raw.sqlite3_bind_blob(statement, index, blob),
        _ => throw new InvalidOperationException($"a {value.GetType().Name} is not bound by position (Plan.BindsByPosition let it through)"),
    };

    /// <summary>A failed insert as SaveChanges would report it: callers tell a duplicate from other failures on a DbUpdateException.</summary>
    private static DbUpdateException Failed(Plan plan, DbException e) => new($"inserting into {plan.Table} failed: {e.Message}", e);

    /// <summary>A SQLite result code that is not success, reported as Microsoft.Data.Sqlite reports it, wrapped by <see cref="Failed"/>.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(int rc, SQLitePCL.sqlite3 db, Plan plan)
    {
        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        catch (SqliteException e)
        {
            throw Failed(plan, e);
        }
        throw new InvalidOperationException($"inserting into {plan.Table} failed with SQLite result {rc}");
    }

    /// <param name="Value">The value as the database stores it: converted, the default in place of a sentinel, null for NULL.</param>
    /// <param name="Write">Writes a non-null value to a binary COPY (PostgreSQL only).</param>
    private sealed record Column(string Name, RelationalTypeMapping Mapping, Func<object, object?> Value, Func<NpgsqlBinaryImporter, object, CancellationToken, Task>? Write);

    private sealed class Plan(string table, IReadOnlyList<Column> columns, string columnList, string tableName = "", string? unsupported = null, bool fillsDefaults = false)
    {
        /// <summary>
        /// Whether a column's default stands in for a property's sentinel: the database then holds a value the row
        /// object does not (EF Core would read it back), so a tracked row is left to SaveChanges.
        /// </summary>
        public bool FillsDefaults { get; } = fillsDefaults;

        /// <summary>Why a bulk insert does not write this mapping; null when it does.</summary>
        public string? Unsupported { get; } = unsupported;

        /// <summary>The table's name as the model has it (not delimited).</summary>
        public string TableName { get; } = tableName;

        public string Table { get; } = table;
        public IReadOnlyList<Column> Columns { get; } = columns;
        public string ColumnList { get; } = columnList;
        public IReadOnlyList<string> ParameterNames => _parameterNames;

        private readonly string[] _parameterNames = columns.Select((_, i) => "@p" + i).ToArray();

        /// <summary>
        /// SQLite: whether every column's value binds by position as Microsoft.Data.Sqlite binds it — which, for a
        /// parameter EF Core's mapping gives no SQLite type, goes by the value's own type — and matches the column's
        /// declared type: an integer (or a bool) for INTEGER, a double for REAL, a string (or a date, as yyyy-MM-dd) for
        /// TEXT, bytes for BLOB. A converter to anything else (a decimal, a Guid…) keeps the plan on the command.
        /// </summary>
        public bool BindsByPosition { get; } = columns.Count > 0 && columns.All(c => c.Write is null && BindsAsDeclared(c.Mapping));

        private static bool BindsAsDeclared(RelationalTypeMapping mapping)
        {
            var clr = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            clr = Nullable.GetUnderlyingType(clr) ?? clr;
            return mapping.StoreType.ToUpperInvariant() switch
            {
                "INTEGER" => clr == typeof(long) || clr == typeof(int) || clr == typeof(short) || clr == typeof(byte) || clr == typeof(bool),
                "REAL" => clr == typeof(double),
                "TEXT" => clr == typeof(string) || clr == typeof(DateOnly),
                "BLOB" => clr == typeof(byte[]),
                _ => false,
            };
        }

        /// <summary>The SQLite statement: one row, its values bound by <see cref="ParameterNames"/>.</summary>
        public string InsertSql => _insertSql ??= $"INSERT INTO {Table} ({ColumnList}) VALUES ({string.Join(", ", _parameterNames)})";

        private string? _insertSql;

        /// <summary>The plan for <paramref name="type"/>, or one that says why there is none (kept, so that is asked once).</summary>
        public static Plan TryOf(IbisDb db, IModel model, Type type)
        {
            try
            {
                return Of(db, model, type);
            }
            catch (NotSupportedException e)
            {
                return new Plan("", [], "", "", e.Message);
            }
        }

        private static Plan Of(IbisDb db, IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new NotSupportedException($"{type.Name} is not an entity of the model");
            var tableName = entity.GetTableName() ?? throw new NotSupportedException($"{type.Name} is not mapped to a table");
            var schema = entity.GetSchema();
            var store = StoreObjectIdentifier.Table(tableName, schema);
            if (entity.GetComplexProperties().Any() || entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entity.GetDirectlyDerivedTypes().Any()
                || entity.BaseType is not null || entity.IsMappedToJson())
                throw new NotSupportedException($"{type.Name}: owned, complex, JSON or inherited mappings are not written by a bulk insert");
            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = new List<Column>();
            var fillsDefaults = false;
            foreach (var property in entity.GetProperties())
            {
                var name = property.GetColumnName(store) ?? throw new NotSupportedException($"{type.Name}.{property.Name} has no column in {tableName}");
                var info = property.PropertyInfo ?? throw new NotSupportedException($"{type.Name}.{property.Name}: a shadow or field-only property is not written by a bulk insert");
                var hasConstantDefault = property.FindAnnotation(RelationalAnnotationNames.DefaultValue) is not null;
                if (property.GetComputedColumnSql() is not null || property.GetDefaultValueSql() is not null
                    || (property.ValueGenerated != ValueGenerated.Never && !hasConstantDefault))
                    throw new NotSupportedException($"{type.Name}.{property.Name}: a store-generated value is not written by a bulk insert");
                var mapping = property.GetRelationalTypeMapping();
                fillsDefaults |= hasConstantDefault;
                columns.Add(new Column(name, mapping, ValueOf(type, info, property, mapping, hasConstantDefault), db.IsPostgres ? CopyWriter(mapping) : null));
            }
            return new Plan(sql.DelimitIdentifier(tableName, schema), columns, string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name))), tableName, fillsDefaults: fillsDefaults);
        }

        /// <summary>The compiled getter, then what EF Core would send: the default for a sentinel, the converted value.</summary>
        private static Func<object, object?> ValueOf(Type type, PropertyInfo info, IProperty property, RelationalTypeMapping mapping, bool hasConstantDefault)
        {
            var entity = Expression.Parameter(typeof(object), "entity");
            var get = Expression.Lambda<Func<object, object?>>(Expression.Convert(Expression.Property(Expression.Convert(entity, type), info), typeof(object)), entity).Compile();
            var converter = mapping.Converter;
            // EF Core leaves a column with a default to the database when the property holds its sentinel (CLR default unless configured).
            var sentinel = hasConstantDefault ? property.Sentinel : null;
            var fallback = hasConstantDefault ? property.GetDefaultValue() : null;
            return row =>
            {
                var value = get(row);
                if (hasConstantDefault && Equals(value, sentinel)) return fallback is null || converter is null ? fallback : converter.ConvertToProvider(fallback);
                return value is null || converter is null ? value : converter.ConvertToProvider(value);
            };
        }

        /// <summary>
        /// A typed COPY write for the column's PostgreSQL type, as the type mapping sets it on EF Core's own parameter:
        /// binary COPY is not coerced by the server, so the type must be the column's.
        /// </summary>
        private static Func<NpgsqlBinaryImporter, object, CancellationToken, Task> CopyWriter(RelationalTypeMapping mapping)
        {
            using var command = new NpgsqlCommand();
            var parameter = (NpgsqlParameter)mapping.CreateParameter(command, "p", null, nullable: true);
            var clr = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            clr = Nullable.GetUnderlyingType(clr) ?? clr;
            if (parameter.NpgsqlDbType != NpgsqlDbType.Unknown)
            {
                var typed = typeof(Plan).GetMethod(nameof(WriteAs), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(clr);
                var write = typed.CreateDelegate<Func<NpgsqlBinaryImporter, object, NpgsqlDbType, CancellationToken, Task>>();
                var pgType = parameter.NpgsqlDbType;
                return (import, value, ct) => write(import, value, pgType, ct);
            }
            var named = typeof(Plan).GetMethod(nameof(WriteNamed), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(clr);
            var writeNamed = named.CreateDelegate<Func<NpgsqlBinaryImporter, object, string, CancellationToken, Task>>();
            var dataTypeName = parameter.DataTypeName ?? mapping.StoreType;
            return (import, value, ct) => writeNamed(import, value, dataTypeName, ct);
        }

        private static Task WriteAs<TValue>(NpgsqlBinaryImporter import, object value, NpgsqlDbType type, CancellationToken ct) => import.WriteAsync((TValue)value, type, ct);

        private static Task WriteNamed<TValue>(NpgsqlBinaryImporter import, object value, string dataTypeName, CancellationToken ct) => import.WriteAsync((TValue)value, dataTypeName, ct);
    }
}
