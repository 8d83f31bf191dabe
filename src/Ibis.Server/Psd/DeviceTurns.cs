namespace Ibis.Server.Psd;

/// <summary>
/// One prepared operation at a time on a device in this process, on SQLite (issue 17). A batch print is prepared — its
/// device read, checked, its pieces priced and signed, its registers sealed and its answer made — before its turn at the
/// write gate, which it then holds for its writes alone (<see cref="PsdTransaction"/>). Two such operations on one device
/// taking turns here means the second reads what the first committed, so they do not both prepare from the same
/// registers and one of them start again. A writer this does not order (an operation that reads inside its turn at the
/// gate, another process, a status change made outside a device transaction) is caught at the turn: the device row must
/// still be as it was read. Only prepared operations take it: one that reads inside its turn needs no other order, and
/// waiting here for the previous operation's commit would keep it out of that operation's commit group.
/// <para>
/// Striped: a fixed array of locks, a device on the one its id hashes to, so nothing is kept per device and nothing
/// needs cleaning up; two devices on one stripe just wait for each other. Never taken inside an open transaction
/// (which holds the write gate): an operation that holds a stripe waits for the gate, never the other way round.
/// PostgreSQL needs none: the device row's lock (<c>FOR UPDATE</c>) orders its operations.
/// </para>
/// </summary>
public sealed class DeviceTurns
{
    private const int Stripes = 1024;

    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Waits for the device's turn; disposing the result ends it.</summary>
    public async Task<IDisposable> Take(string deviceId, CancellationToken ct)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(deviceId) % Stripes];
        await stripe.WaitAsync(ct);
        return new Turn(stripe);
    }

    private sealed class Turn(SemaphoreSlim stripe) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) stripe.Release();
        }
    }
}
