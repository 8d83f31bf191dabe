using Ibis.Data;
using Ibis.Domain.Verification;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Verification;

/// <summary>One device's (or the unattributed scans') counts of one day, as a batch of scan events adds them.</summary>
internal sealed record TallyKey(string DeviceId, DateOnly Day);

internal sealed class TallyCounts
{
    public string ProviderId { get; init; } = "";
    public string LicenseeId { get; init; } = "";
    public long Scanned { get; set; }
    public long Valid { get; set; }
    public long Duplicates { get; set; }
    public long Late { get; set; }
    public long Invalid { get; set; }
    public long Forgeries { get; set; }
}

/// <summary>
/// Revenue protection's figures (<see cref="Ibis.Data.Entities.ScanTallyRow"/>): each batch of scan events adds its
/// verdicts to the day's row of each device with one upsert (<c>ON CONFLICT … DO UPDATE SET n = n + excluded.n</c>,
/// which both SQLite and PostgreSQL run atomically, so concurrent batches lose no count), in the batch's transaction.
/// </summary>
internal static class ScanTallies
{
    // 11 parameters a row; 100 rows keep a statement far below either database's parameter limit.
    private const int RowsPerStatement = 100;

    /// <summary>The category a verdict is counted in: valid, duplicate, late or invalid (and a forgery is also counted apart).</summary>
    public static void Count(TallyCounts counts, string verdict)
    {
        counts.Scanned++;
        switch (verdict)
        {
            case VerificationReasons.Valid: counts.Valid++; break;
            case VerificationReasons.Duplicate: counts.Duplicates++; break;
            case VerificationReasons.DateOutsideWindow: counts.Late++; break;
            default:
                counts.Invalid++;
                if (verdict == VerificationReasons.SignatureInvalid) counts.Forgeries++;
                break;
        }
    }

    public static async Task Add(IbisDb db, bool sandbox, IReadOnlyDictionary<TallyKey, TallyCounts> tallies, CancellationToken ct)
    {
        // Always in the same order, so two concurrent batches on PostgreSQL take their row locks alike and never deadlock.
        var ordered = tallies.OrderBy(t => t.Key.DeviceId, StringComparer.Ordinal).ThenBy(t => t.Key.Day).ToList();
        foreach (var chunk in ordered.Chunk(RowsPerStatement))
        {
            var values = new List<string>();
            var args = new List<object>();
            foreach (var (key, c) in chunk)
            {
                var n = args.Count;
                values.Add($"({{{n}}}, {{{n + 1}}}, {{{n + 2}}}, {{{n + 3}}}, {{{n + 4}}}, {{{n + 5}}}, {{{n + 6}}}, {{{n + 7}}}, {{{n + 8}}}, {{{n + 9}}}, {{{n + 10}}})");
                args.AddRange([sandbox, key.Day, key.DeviceId, c.ProviderId, c.LicenseeId, c.Scanned, c.Valid, c.Duplicates, c.Late, c.Invalid, c.Forgeries]);
            }
            const string t = IbisDb.ScanTallyTable;
            var sql = $"""
                INSERT INTO {t} ("Sandbox", "Day", "DeviceId", "ProviderId", "LicenseeId", "Scanned", "Valid", "Duplicates", "Late", "Invalid", "Forgeries")
                VALUES {string.Join(", ", values)}
                ON CONFLICT ("Sandbox", "Day", "DeviceId") DO UPDATE SET
                    "Scanned" = {t}."Scanned" + excluded."Scanned", "Valid" = {t}."Valid" + excluded."Valid",
                    "Duplicates" = {t}."Duplicates" + excluded."Duplicates", "Late" = {t}."Late" + excluded."Late",
                    "Invalid" = {t}."Invalid" + excluded."Invalid", "Forgeries" = {t}."Forgeries" + excluded."Forgeries"
                """;
            await db.Database.ExecuteSqlRawAsync(sql, args, ct);
        }
    }
}
