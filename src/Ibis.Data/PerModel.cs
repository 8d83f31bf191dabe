using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Ibis.Data;

/// <summary>
/// A compiled query (EF.CompileAsyncQuery) for each EF Core model it runs with. EF Core binds a compiled query to
/// the first model that executes it and refuses every other ("Compiled queries can only be used with a single
/// model"), so a process holding contexts of both providers — the test host, a tool copying between databases —
/// needs one per model. The lookup is one weak-table read per call; a model that is collected takes its query along.
/// Also anything else made once per model from the first context that asks (a hand-written statement's text and the
/// readers of its rows, which need the model's SQL generation).
/// </summary>
public sealed class PerModel<T> where T : class
{
    private readonly ConditionalWeakTable<IModel, T> _byModel = [];
    private readonly Func<DbContext, T> _make;

    public PerModel(Func<T> compile) => _make = _ => compile();

    public PerModel(Func<DbContext, T> make) => _make = make;

    public T For(DbContext db) => _byModel.GetValue(db.Model, _ => _make(db));
}
