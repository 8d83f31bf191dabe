using System.Globalization;
using Ibis.Data;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>A provider's UTC day with at least one reset (postage value download).</summary>
public sealed record ResetDay(string ProviderId, DateOnly Day, bool Sandbox);

/// <summary>
/// §502.20(m), the daily job: for every provider, every closed UTC day with resets and no daily
/// financial transactions file yet is transmitted now — yesterday's on a normal day, every missed day
/// after downtime. Idempotent: a day already transmitted is never sent again by the job.
/// </summary>
public sealed class TransmitDailyFinancialTransactions(IbisDb db, CommandPipeline pipeline, DailyFinancialTransactions daily, TimeProvider clock)
{
    public const int LookBackDays = 62;

    public async Task<IReadOnlyList<string>> Run(CancellationToken ct) => await pipeline.Run(null, null, async token =>
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = await DaysWithResets(db, now.AddDays(-LookBackDays), token);
        var sent = await db.Transmissions.AsNoTracking().Where(t => t.Kind == DailyFinancialTransactions.Kind)
            .Select(t => new { t.ProviderId, t.Subject, t.CreatedAt }).ToListAsync(token);
        // A file sent during its own day (from the portal) may miss later resets: only a file made
        // after the day closed counts as the day's transmission.
        var done = sent.Where(t => IsComplete(t.Subject, t.CreatedAt)).Select(t => (t.ProviderId, t.Subject)).ToHashSet();
        var ids = new List<string>();
        foreach (var d in days.Where(d => d.Day < today).OrderBy(d => d.Day).ThenBy(d => d.ProviderId, StringComparer.Ordinal))
        {
            if (done.Contains((d.ProviderId, d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))) continue;
            ids.Add((await daily.Transmit(d.ProviderId, d.Day, token)).Id);
        }
        return (IReadOnlyList<string>)ids;
    }, ct);

    /// <summary>Whether a file for the day <paramref name="subject"/> was made after that day ended (UTC).</summary>
    public static bool IsComplete(string subject, DateTimeOffset createdAt) =>
        DateOnly.TryParseExact(subject, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && createdAt >= new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Each provider's UTC days with resets since <paramref name="since"/>.</summary>
    public static async Task<IReadOnlyList<ResetDay>> DaysWithResets(IbisDb db, DateTimeOffset since, CancellationToken ct)
    {
        var resets = await (from r in db.Resets.AsNoTracking()
                            join d in db.Devices on r.DeviceId equals d.Id
                            where r.CreatedAt >= since
                            select new { d.ProviderId, d.Sandbox, r.CreatedAt }).ToListAsync(ct);
        return resets.Select(r => new ResetDay(r.ProviderId, DateOnly.FromDateTime(r.CreatedAt.UtcDateTime), r.Sandbox)).Distinct().ToList();
    }
}
