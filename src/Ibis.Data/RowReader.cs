using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ibis.Data;

/// <summary>
/// Reads an entity's row from a data reader by position, column for column as EF Core's own shaper reads it — each
/// column by its type mapping's reader method and customisation, then its value converter — for a hand-written
/// statement on a hot path (issue 17: EF Core's query pipeline around SQLite's read of a device cost several times the
/// read). The row comes back untracked; the caller attaches it if it writes it. Null from <see cref="For"/>: a mapping this
/// does not read (inheritance, owned, complex or JSON parts, navigations, shadow or service properties) — use EF Core.
/// </summary>
public sealed class RowReader<T> where T : class
{
    private static readonly PerModel<StrongBox<RowReader<T>?>> ByModel = new(db => new StrongBox<RowReader<T>?>(Build(db)));

    private readonly Func<DbDataReader, int, T> _read;

    private RowReader(IReadOnlyList<string> columns, int key, Func<DbDataReader, int, T> read) => (Columns, Key, _read) = (columns, key, read);

    /// <summary>The row's columns, delimited, in the order <see cref="Read"/> reads them.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Where the primary key's first column is among <see cref="Columns"/>: NULL there is no row (an outer join's missing side).</summary>
    public int Key { get; }

    /// <summary>The columns for a select list, each qualified by <paramref name="alias"/> (delimited by the caller).</summary>
    public string Select(string alias) => string.Join(", ", Columns.Select(c => $"{alias}.{c}"));

    /// <summary>The row whose first column is the reader's column <paramref name="first"/>.</summary>
    public T Read(DbDataReader reader, int first) => _read(reader, first);

    public static RowReader<T>? For(DbContext db) => ByModel.For(db).Value;

    private static RowReader<T>? Build(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T));
        if (entity?.GetTableName() is not { } table || entity.BaseType is not null || entity.GetDirectlyDerivedTypes().Any()
            || entity.GetComplexProperties().Any() || entity.GetNavigations().Any() || entity.GetSkipNavigations().Any()
            || entity.GetServiceProperties().Any() || entity.IsOwned() || entity.IsMappedToJson() || typeof(T).GetConstructor(Type.EmptyTypes) is null)
            return null;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var (reader, first) = (Expression.Parameter(typeof(DbDataReader), "reader"), Expression.Parameter(typeof(int), "first"));
        var row = Expression.Variable(typeof(T), "row");
        var body = new List<Expression> { Expression.Assign(row, Expression.New(typeof(T))) };
        var columns = new List<string>();
        var key = -1;
        var firstKey = entity.FindPrimaryKey()?.Properties[0];
        foreach (var property in entity.GetProperties())
        {
            if (property == firstKey) key = columns.Count;
            if (property.IsShadowProperty() || property.GetColumnName(store) is not { } column) return null;
            var member = property.GetMemberInfo(forMaterialization: true, forSet: true);
            var type = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
            var value = ColumnValue.Read(property, reader, Expression.Add(first, Expression.Constant(columns.Count)), nullable: property.IsNullable);
            body.Add(Expression.Assign(Expression.MakeMemberAccess(row, member), value.Type == type ? value : Expression.Convert(value, type)));
            columns.Add(sql.DelimitIdentifier(column));
        }
        if (key < 0) return null;
        body.Add(row);
        return new RowReader<T>(columns, key, Expression.Lambda<Func<DbDataReader, int, T>>(Expression.Block([row], body), reader, first).Compile());
    }
}

/// <summary>One column read as a property of the model reads it (<see cref="RowReader{T}"/>).</summary>
public static class ColumnValue
{
    private static readonly MethodInfo IsDbNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;

    /// <summary>
    /// The column's value as <paramref name="property"/>'s CLR type (its nullable form when <paramref name="nullable"/>,
    /// a NULL read as null): the reader method of its type mapping, the mapping's customisation, its value converter.
    /// </summary>
    public static Expression Read(IProperty property, Expression reader, Expression index, bool nullable)
    {
        var mapping = property.GetRelationalTypeMapping();
        var method = mapping.GetDataReaderMethod();
        Expression value = Expression.Call(method.DeclaringType == typeof(DbDataReader) ? reader : Expression.Convert(reader, method.DeclaringType!), method, index);
        value = mapping.CustomizeDataReaderExpression(value);
        if (mapping.Converter is { } converter)
        {
            if (value.Type != converter.ProviderClrType) value = Expression.Convert(value, converter.ProviderClrType);
            value = Expression.Invoke(converter.ConvertFromProviderExpression, value);
        }
        var type = property.ClrType;
        if (!nullable)
            return value.Type == type ? value : Expression.Convert(value, type);
        var nullableType = type.IsValueType && Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;
        return Expression.Condition(Expression.Call(reader, IsDbNull, index), Expression.Default(nullableType),
            value.Type == nullableType ? value : Expression.Convert(value, nullableType));
    }

    /// <summary>A reader of one column as <paramref name="property"/> reads it, boxed; null for a NULL (a scalar sub-query that found no row).</summary>
    public static Func<DbDataReader, int, object?> Boxed(IProperty property)
    {
        var (reader, index) = (Expression.Parameter(typeof(DbDataReader), "reader"), Expression.Parameter(typeof(int), "index"));
        return Expression.Lambda<Func<DbDataReader, int, object?>>(Expression.Convert(Read(property, reader, index, nullable: true), typeof(object)), reader, index).Compile();
    }
}
