using System.Globalization;
using Ibis.Domain.Compliance;
using Ibis.Server.Funds;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// §502.20(m): each UTC day on which a provider's devices were reset owes one daily financial
/// transactions file; the day is done when the file is transmitted (by the daily job,
/// <see cref="TransmitDailyFinancialTransactions"/>, or by hand), missed when the next day ends without it.
/// </summary>
internal sealed class DailyFinancialTransactionsTransmitted : IDutySource
{
    /// <summary>How far back days are looked at; older days were settled by earlier sweeps.</summary>
    public const int LookBackDays = 62;

    public IDutyRule Rule => DailyFinancialTransactionsDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var days = await TransmitDailyFinancialTransactions.DaysWithResets(scan.Db, scan.Now.AddDays(-LookBackDays), ct);
        var transmitted = await scan.Db.Transmissions.AsNoTracking().Where(t => t.Kind == DailyFinancialTransactions.Kind && t.CreatedAt >= scan.Now.AddDays(-LookBackDays - 2))
            .Select(t => new { t.ProviderId, t.Subject, t.CreatedAt }).ToListAsync(ct);
        var first = transmitted.Where(t => TransmitDailyFinancialTransactions.IsComplete(t.Subject, t.CreatedAt)).GroupBy(t => (t.ProviderId, t.Subject)).ToDictionary(g => g.Key, g => g.Min(t => t.CreatedAt));
        return days.Select(d =>
        {
            var subject = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            DateTimeOffset? done = first.TryGetValue((d.ProviderId, subject), out var at) ? at : null;
            return new DutyFact(DailyFinancialTransactionsDuty.SubjectOf(d.ProviderId, d.Day), DailyFinancialTransactionsDuty.DueAt(d.Day), d.ProviderId, null, d.Sandbox, done);
        }).ToList();
    }
}
