using Ibis.Data;

namespace Ibis.Server.UseCases;

/// <summary>
/// The request's unit of work, for callers that must not hold the database context (portal pages and
/// their filters). A refused command rolls its transaction back (<see cref="CommandPipeline"/>), but the
/// context may still track what the handler loaded or added before the refusal; <see cref="Discard"/>
/// forgets it, so nothing half-done is saved by a later call in the same request.
/// </summary>
public sealed class UnitOfWork(IbisDb db)
{
    public void Discard() => db.ChangeTracker.Clear();
}
