namespace Ibis.Domain.Indicia;

/// <summary>
/// The scheduled collections of a licensing post office (P050 4.7), in its local time: the times
/// of each weekday's collections and the dates without any (holidays). The schedule is data that
/// the Postal Service keeps per office; Ibis uses it to know the local date and the next collection.
/// </summary>
public sealed class CollectionSchedule
{
    private readonly IReadOnlyDictionary<DayOfWeek, TimeOnly[]> _times;

    public CollectionSchedule(TimeZoneInfo timeZone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<TimeOnly>> times, IEnumerable<DateOnly> noCollection)
    {
        TimeZone = timeZone;
        _times = times.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ToArray());
        NoCollection = noCollection.ToHashSet();
    }

    /// <summary>How far ahead the next collection is looked for; a schedule with none that far is empty.</summary>
    public const int LookAheadDays = 14;

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlySet<DateOnly> NoCollection { get; }

    /// <summary>The collection times on a date, earliest first (none on a date without collection).</summary>
    public IReadOnlyList<TimeOnly> CollectionsOn(DateOnly date) =>
        NoCollection.Contains(date) || !_times.TryGetValue(date.DayOfWeek, out var t) ? [] : t;

    public DateTime LocalTime(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, TimeZone).DateTime;

    public DateOnly LocalDate(DateTimeOffset now) => DateOnly.FromDateTime(LocalTime(now));

    /// <summary>
    /// The date of the next scheduled collection after <paramref name="now"/>: today while a
    /// collection is still to come, else the next date that has one. Null when the schedule has
    /// no collection in the coming two weeks (an empty schedule).
    /// </summary>
    public DateOnly? NextCollectionDate(DateTimeOffset now)
    {
        var local = LocalTime(now);
        var today = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        return CollectionsOn(today).Any(t => t > time) ? today : FirstCollectionDateAfter(today);
    }

    /// <summary>The first date after <paramref name="date"/> with a collection (null: none within <see cref="LookAheadDays"/>).</summary>
    public DateOnly? FirstCollectionDateAfter(DateOnly date)
    {
        for (var d = date.AddDays(1); d <= date.AddDays(LookAheadDays); d = d.AddDays(1))
            if (CollectionsOn(d).Count > 0) return d;
        return null;
    }
}
