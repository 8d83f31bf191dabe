namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// A clock a test can move in both directions (FakeTimeProvider refuses to go back, and going back
/// is exactly what the clock check must catch). Timers still run on real time.
/// </summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Set(DateTimeOffset to) => Interlocked.Exchange(ref _ticks, to.UtcTicks);
}
