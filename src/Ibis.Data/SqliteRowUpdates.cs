using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ibis.Data;

/// <summary>
/// SQLite: writes the context's modified rows as SaveChanges would — <c>UPDATE … SET</c> the modified columns
/// <c>WHERE</c> the key and every concurrency token still holds its original value, one row affected or
/// <see cref="DbUpdateConcurrencyException"/> — but each as one hand-written statement, and marks the rows saved
/// (issue 17: EF Core's update pipeline for a print's one register update cost more than everything else the print does
/// under the write lock but its one read). It runs on the held connection's prepared statement for its text
/// (<see cref="SqliteStatementCache"/>): directly (<see cref="SqliteStatements"/>: no command built anew, no parameters
/// copied, no interceptors or diagnostics around it, in the writer's turn) unless the caller says an interceptor must see
/// the write (<c>watched</c>); that one, and every one when the caller says nothing, through EF Core's raw SQL path,
/// where its interceptors see it (the cache's table watch decides by its text, as for SaveChanges').
/// Left to SaveChanges: a row whose mapping this does not write (owned, complex or JSON, a shadow property, a
/// changed key). Runs on changes already detected (the caller ran DetectChanges). Nothing on PostgreSQL, where
/// the updates ride in SaveChanges' one batch with the inserts.
/// </summary>
public static class SqliteRowUpdates
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), Table?> Tables = new();

    /// <summary>Writes the modified rows this can write; returns how many.</summary>
    /// <param name="readWithoutLock">
    /// The tracked rows were read without a lock (a device operation prepared before its turn at the write gate, issue 17):
    /// each UPDATE matches only if every column of the row still holds the value it was read with, not just the key and
    /// the tokens — a write in between of any of its columns refuses the update as a concurrency conflict.
    /// </param>
    /// <param name="watched">
    /// Whether an interceptor must see an update, given its table's name and the names of the columns it sets: such an
    /// update runs through EF Core's raw SQL path, every other one directly. None given: all through EF Core.
    /// </param>
    public static async Task<int> Modified(IbisDb db, CancellationToken ct, bool readWithoutLock = false, Func<string, IEnumerable<string>, bool>? watched = null)
    {
        if (db.IsPostgres) return 0;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("row updates run inside the caller's transaction, which rolls them back on failure");
        List<(EntityEntry Entry, IReadOnlyList<Column> Set)>? written = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Modified) continue;
            var table = Tables.GetOrAdd((db.Model, entry.Metadata.ClrType), key => Table.Of(db, key.Model.FindEntityType(key.Type)));
            if (table is null || !table.Writes(entry)) continue;
            (written ??= []).Add((entry, await table.Update(db, entry, readWithoutLock, watched, ct)));
        }
        if (written is null) return 0;
        foreach (var (entry, set) in written)
        {
            // What the row now holds is the original for whatever comes next, as after SaveChanges: the columns written
            // (every other one holds its original — changes were detected before, and no more are detected now).
            var (original, current) = (entry.OriginalValues, entry.CurrentValues);
            foreach (var c in set) original[c.Property] = current[c.Property];
            entry.State = EntityState.Unchanged;
        }
        return written.Count;
    }

    /// <summary>One table's columns by property, its key and its concurrency tokens.</summary>
    private sealed class Table(string tableName, string name, IReadOnlyDictionary<IProperty, Column> columns, IReadOnlyList<Column> key, IReadOnlyList<Column> tokens)
    {
        /// <summary>The table's name as the model has it (undelimited): what the caller's watch is asked about.</summary>
        public string TableName { get; } = tableName;

        private readonly ConcurrentDictionary<(ulong Bits, string? Names, bool Whole), string> _statements = new();

        /// <summary>Every column but the key's: what a row read without a lock must still hold (<c>readWithoutLock</c>).</summary>
        private readonly IReadOnlyList<Column> _unkeyed = columns.Values.Where(c => !key.Contains(c)).ToList();

        public static Table? Of(IbisDb db, IEntityType? entity)
        {
            if (entity is null || entity.GetTableName() is not { } tableName || entity.GetComplexProperties().Any() || entity.BaseType is not null
                || entity.GetDirectlyDerivedTypes().Any() || entity.IsMappedToJson() || entity.GetNavigations().Any())
                return null;
            var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = new Dictionary<IProperty, Column>();
            foreach (var property in entity.GetProperties())
            {
                if (property.PropertyInfo is null || property.GetColumnName(store) is not { } column || property.GetComputedColumnSql() is not null) return null;
                columns[property] = new Column(sql.DelimitIdentifier(column), column, property, property.GetRelationalTypeMapping(), columns.Count);
            }
            var key = entity.FindPrimaryKey()?.Properties.Select(p => columns[p]).ToList();
            if (key is null || key.Count == 0) return null;
            var tokens = entity.GetProperties().Where(p => p.IsConcurrencyToken).Select(p => columns[p]).ToList();
            return new Table(tableName, sql.DelimitIdentifier(tableName, entity.GetSchema()), columns, key, tokens);
        }

        /// <summary>Whether this writes the entry's changes: not when its key changed (SaveChanges refuses that, and says why).</summary>
        public bool Writes(EntityEntry entry)
        {
            foreach (var k in key)
                if (entry.Property(k.Property).IsModified) return false;
            return true;
        }

        /// <summary>The UPDATE of the entry's modified columns; returns them (none: nothing run, the row only marked saved).</summary>
        /// <param name="watched">Whether the update must pass EF Core's interceptors (<see cref="Modified"/>); null: it must.</param>
        public async Task<IReadOnlyList<Column>> Update(IbisDb db, EntityEntry entry, bool whole, Func<string, IEnumerable<string>, bool>? watched, CancellationToken ct)
        {
            var set = new List<Column>();
            foreach (var property in entry.Properties)
                if (property.IsModified) set.Add(columns[(IProperty)property.Metadata]);
            if (set.Count == 0) return set;
            var guards = Guards(whole);
            var (current, original) = (entry.CurrentValues, entry.OriginalValues);
            var parameters = new List<DbParameter>(set.Count + key.Count + guards.Count);
            foreach (var c in set) parameters.Add(c.Parameter("@p" + parameters.Count, current[c.Property]));
            foreach (var c in key) parameters.Add(c.Parameter("@p" + parameters.Count, current[c.Property]));
            foreach (var c in guards) parameters.Add(c.Parameter("@p" + parameters.Count, original[c.Property]));
            var (bits, names) = Key(set);
            var text = _statements.GetOrAdd((bits, names, whole), k => Statement(set, k.Whole));
            var affected = watched is not null && !watched(TableName, set.Select(c => c.Plain))
                ? SqliteStatements.Execute(db, text, bound => { foreach (var p in parameters) bound.Add((SqliteParameter)p); })
                : await db.Database.ExecuteSqlRawAsync(text, parameters, ct);
            if (affected != 1)
                throw new DbUpdateConcurrencyException(whole
                    ? $"the {name} row was changed or removed by another writer since it was read ({affected} rows matched it as read)"
                    : $"the {name} row was changed or removed by another writer since it was read ({affected} rows matched its key and version)");
            return set;
        }

        /// <summary>The set of columns as the statement cache's key: their positions as bits while they fit in one, else their names.</summary>
        private static (ulong Bits, string? Names) Key(List<Column> set)
        {
            if (!set.TrueForAll(c => c.Position < 64)) return (0, string.Join(',', set.Select(c => c.Name)));
            var bits = 0UL;
            foreach (var c in set) bits |= 1UL << c.Position;
            return (bits, null);
        }

        /// <summary>The columns besides the key whose original values the WHERE names: every one for a whole row, else the tokens.</summary>
        private IReadOnlyList<Column> Guards(bool whole) => whole ? _unkeyed : tokens;

        /// <param name="whole">Every guard column compared with <c>IS</c>, which holds for two nulls (a nullable column read as null).</param>
        private string Statement(List<Column> set, bool whole)
        {
            var i = 0;
            var assignments = string.Join(", ", set.Select(c => $"{c.Name} = @p{i++}"));
            var where = string.Join(" AND ", key.Select(c => $"{c.Name} = @p{i++}").Concat(Guards(whole).Select(c => $"{c.Name} {(whole ? "IS" : "=")} @p{i++}")));
            return $"UPDATE {name} SET {assignments} WHERE {where}";
        }
    }

    /// <summary>A column as EF Core binds it: its type mapping makes the parameter. <paramref name="Name"/> delimited, <paramref name="Plain"/> not.</summary>
    private sealed record Column(string Name, string Plain, IProperty Property, RelationalTypeMapping Mapping, int Position)
    {
        /// <summary>Makes the parameters (a command only news them up; none is ever run on it).</summary>
        private static readonly SqliteCommand Factory = new();

        /// <summary>The parameter for a model value: the type mapping converts it (its value converter) as for EF Core's own.</summary>
        public DbParameter Parameter(string name, object? value) => Mapping.CreateParameter(Factory, name, value, Property.IsNullable);
    }
}
