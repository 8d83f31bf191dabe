using System.Globalization;
using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// Collection schedules of licensing post offices (P050 4.7: mail deposited after the day's last scheduled collection
/// may bear the date of the next one): reading one, and checking one before it is stored (<see cref="SetCollectionSchedule"/>).
/// </summary>
public static class CollectionSchedules
{
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The schedule of the office with this ZIP Code, or null when none is set.</summary>
    public static async Task<CollectionSchedule?> For(IbisDb db, string postOfficeZip, CancellationToken ct)
    {
        var row = await db.CollectionSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.PostOfficeZip == postOfficeZip, ct);
        return row is null ? null : Load(row);
    }

    internal static CollectionSchedule Load(CollectionScheduleRow row) =>
        Build(JsonSerializer.Deserialize<CollectionScheduleInput>(row.Document, JsonBody.Options)! with { TimeZone = row.TimeZone });

    internal static Dictionary<string, List<string>> Normalise(CollectionScheduleInput input) =>
        (input.Collections ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.Select(t => TimeOnly.ParseExact(t, "HH:mm", CultureInfo.InvariantCulture)).Order()
            .Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)).ToList());

    /// <summary>Validates a schedule: a known IANA time zone, weekday names, times HH:mm, dates YYYY-MM-DD.</summary>
    internal static CollectionSchedule Build(CollectionScheduleInput input)
    {
        if (string.IsNullOrWhiteSpace(input.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone, out var zone))
            throw ApiException.Invalid("time_zone_invalid", $"time_zone '{input.TimeZone}' is not an IANA time zone such as America/New_York", "time_zone");
        var times = new Dictionary<DayOfWeek, IReadOnlyList<TimeOnly>>();
        foreach (var (day, list) in input.Collections ?? [])
        {
            var index = Array.IndexOf(Days, day);
            if (index < 0) throw ApiException.Invalid("collections_invalid", $"'{day}' is not a weekday name ({string.Join(", ", Days)})", $"collections.{day}");
            var parsed = new List<TimeOnly>();
            foreach (var t in list ?? [])
            {
                if (!TimeOnly.TryParseExact(t, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                    throw ApiException.Invalid("collections_invalid", $"'{t}' is not a time HH:mm", $"collections.{day}");
                if (parsed.Contains(time)) throw ApiException.Invalid("collections_invalid", $"{t} is listed twice", $"collections.{day}");
                parsed.Add(time);
            }
            times[(DayOfWeek)((index + 1) % 7)] = parsed;
        }
        if (times.Values.All(t => t.Count == 0))
            throw ApiException.Invalid("collections_invalid", "a schedule needs at least one collection in the week", "collections");
        var dates = new List<DateOnly>();
        foreach (var d in input.NoCollection ?? [])
        {
            if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw ApiException.Invalid("no_collection_invalid", $"'{d}' is not a date YYYY-MM-DD", "no_collection");
            dates.Add(date);
        }
        return new CollectionSchedule(zone, times, dates);
    }
}

/// <summary>Body of PUT /v1/post-offices/{zip}/collection-schedule.</summary>
public sealed record CollectionScheduleInput(string? TimeZone, Dictionary<string, List<string>>? Collections, List<string>? NoCollection);

public sealed record CollectionScheduleView(string Object, string PostOfficeZip, string TimeZone, Dictionary<string, List<string>> Collections,
    List<string> NoCollection, string? NextCollectionDate, DateTimeOffset UpdatedAt)
{
    public static CollectionScheduleView From(CollectionScheduleRow row, CollectionSchedule schedule, DateTimeOffset now)
    {
        var doc = JsonSerializer.Deserialize<CollectionScheduleInput>(row.Document, JsonBody.Options)!;
        return new("collection_schedule", row.PostOfficeZip, row.TimeZone, doc.Collections ?? [], doc.NoCollection ?? [],
            schedule.NextCollectionDate(now)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.UpdatedAt);
    }
}
