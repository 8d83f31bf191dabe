using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ibis.Data;

/// <summary>
/// Names and constants of a context's model as its SQL spells them — delimited table and column names, a value as its
/// column holds it — for the statements written by hand on a hot path (issue 17: <c>SqliteDeviceLock</c>,
/// <c>SqliteResetReads</c>), so that they follow the model as EF Core's own SQL does.
/// </summary>
public sealed class ModelSql(DbContext db)
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    public IProperty Property<TRow>(string name) => db.Model.FindEntityType(typeof(TRow))!.FindProperty(name)!;

    /// <summary>The row type's table, delimited.</summary>
    public string Table<TRow>() => _sql.DelimitIdentifier(db.Model.FindEntityType(typeof(TRow))!.GetTableName()!);

    /// <summary>The property's column, delimited and qualified by <paramref name="alias"/>.</summary>
    public string Column<TRow>(string alias, string name) => $"{alias}.{_sql.DelimitIdentifier(Property<TRow>(name).GetColumnName())}";

    /// <summary>A value as the property's column holds it (its type mapping's converter), as EF Core writes a LINQ constant.</summary>
    public string Literal<TRow>(string name, object value) => Property<TRow>(name).GetRelationalTypeMapping().GenerateSqlLiteral(value);
}
