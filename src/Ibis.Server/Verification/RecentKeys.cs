using System.Collections.Concurrent;

namespace Ibis.Server.Verification;

/// <summary>
/// When each key was last asked for, for at most <paramref name="capacity"/> keys (past it the record starts
/// over: forgetting a key only means its entry is refreshed on its own next time). The verifier's caches use
/// it to refresh their working set together (<see cref="VerificationFacts"/>).
/// </summary>
internal sealed class RecentKeys<T>(int capacity) where T : notnull
{
    private readonly ConcurrentDictionary<T, long> _lastUsed = new();

    public void Touch(T key, DateTimeOffset now)
    {
        if (_lastUsed.Count >= capacity && !_lastUsed.ContainsKey(key)) _lastUsed.Clear();
        _lastUsed[key] = now.UtcTicks;
    }

    /// <summary>Up to <paramref name="limit"/> keys asked for at or after <paramref name="since"/>, most recent first.</summary>
    public IReadOnlyList<T> UsedSince(DateTimeOffset since, int limit)
    {
        var from = since.UtcTicks;
        var recent = new List<(T Key, long At)>();
        foreach (var (key, at) in _lastUsed)
            if (at >= from) recent.Add((key, at));
        if (recent.Count > limit) recent.Sort((a, b) => b.At.CompareTo(a.At));
        return recent.Take(limit).Select(r => r.Key).ToList();
    }
}
