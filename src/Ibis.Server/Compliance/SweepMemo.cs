namespace Ibis.Server.Compliance;

/// <summary>
/// What several duty sources of one sweep read alike (the §502.14 sources all read every case with its
/// reports), loaded once per sweep instead of once per source. Lives for one <see cref="SweepDuties.Run"/>.
/// </summary>
internal sealed class SweepMemo
{
    private readonly Dictionary<string, object> _loaded = new(StringComparer.Ordinal);

    public async Task<T> Get<T>(string key, Func<Task<T>> load) where T : class
    {
        if (_loaded.TryGetValue(key, out var held)) return (T)held;
        var value = await load();
        _loaded[key] = value;
        return value;
    }
}
