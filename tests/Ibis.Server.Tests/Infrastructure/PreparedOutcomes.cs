using System.Diagnostics.Metrics;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>The outcomes of operations prepared before their turn (the meter is the process's: other tests add to it).</summary>
internal sealed class PreparedOutcomes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = [];

    public PreparedOutcomes()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Ibis" && instrument.Name == "ibis.psd.prepared_before_turn") l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "outcome" && tag.Value is string outcome)
                    lock (_counts) _counts[outcome] = _counts.GetValueOrDefault(outcome) + value;
        });
        _listener.Start();
    }

    public long Count(string outcome)
    {
        lock (_counts) return _counts.GetValueOrDefault(outcome);
    }

    public void Dispose() => _listener.Dispose();
}
