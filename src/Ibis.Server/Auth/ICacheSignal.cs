namespace Ibis.Server.Auth;

/// <summary>
/// How writes made elsewhere — another node, another process on the same SQLite file, an operator's shell —
/// reach this node's table generations (<see cref="TableGenerations"/>): PostgreSQL's notices
/// (<see cref="CacheSignalListener"/>) or SQLite's generation rows (<see cref="SqliteCacheSignal"/>). While
/// the signal is current a cache may keep its entries long, since a write raises their table's generation
/// anyway; while it is not, the entries' short lifetime is all that bounds how long a revoked key still works.
/// </summary>
public interface ICacheSignal
{
    /// <summary>Reads what others wrote, if this signal is read rather than pushed and its interval has passed.</summary>
    ValueTask Refresh();

    /// <summary>
    /// True when every write that others committed more than <paramref name="within"/> ago has reached the
    /// table generations: the signal is up and was read or heard since.
    /// </summary>
    bool IsCurrent(TimeSpan within);
}
