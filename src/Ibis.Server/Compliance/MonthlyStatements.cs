using System.Globalization;
using Ibis.Data;
using Ibis.Domain.Compliance;
using Ibis.Domain.Money;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>One account's month that owes a statement, and when its mail was all sent (null while not).</summary>
internal sealed record StatementMonth(string AccountId, string LicenseeId, string ProviderId, bool Sandbox, DateOnly Month, DateTimeOffset? SentAt)
{
    public string SourceKey => MonthlyStatements.SourceKeyOf(AccountId, Month);
}

/// <summary>
/// P050 3.5c: for every deposit account on monthly statements, each ended month's statement — every
/// transaction on the deposit book with the balance after it, as GET /v1/accounts/{id}/statements/{month}
/// gives it — is produced and mailed to the licensee's users through the outbox. Idempotent: a month is
/// posted once ((source key, user) is unique), and a late run catches up every missed month.
/// </summary>
internal sealed class MonthlyStatements(IbisDb db, CommandPipeline pipeline, Outbox outbox, TimeProvider clock)
{
    /// <summary>How many ended months are looked at; older ones were settled by earlier runs.</summary>
    public const int LookBackMonths = 13;

    public static string SourceKeyOf(string accountId, DateOnly month) => $"statement:{accountId}:{month:yyyy-MM}";

    public static async Task<IReadOnlyList<StatementMonth>> MonthsOwed(IbisDb db, DateTimeOffset now, CancellationToken ct)
    {
        var thisMonth = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        var oldest = thisMonth.AddMonths(-LookBackMonths);
        var accounts = await (from a in db.DepositAccounts.AsNoTracking()
                              join l in db.Licensees on a.LicenseeId equals l.Id
                              where a.MonthlyStatement
                              select new { a.Id, a.LicenseeId, l.ProviderId, l.Sandbox, a.CreatedAt, a.ClosedAt }).ToListAsync(ct);
        var prefix = "statement:";
        var sent = (await db.Outbox.AsNoTracking().Where(m => m.SourceKey.StartsWith(prefix)).Select(m => new { m.SourceKey, m.Status, m.SentAt }).ToListAsync(ct))
            .GroupBy(m => m.SourceKey).ToDictionary(g => g.Key, g => g.All(m => m.Status == OutboxMessageStatus.Sent) ? g.Max(m => m.SentAt) : null);
        var owed = new List<StatementMonth>();
        foreach (var a in accounts)
        {
            var created = new DateOnly(a.CreatedAt.UtcDateTime.Year, a.CreatedAt.UtcDateTime.Month, 1);
            for (var m = created > oldest ? created : oldest; m < thisMonth; m = m.AddMonths(1))
            {
                // A month that began after the account was closed has nothing to state.
                if (a.ClosedAt is { } closed && new DateTimeOffset(m.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) > closed) break;
                owed.Add(new StatementMonth(a.Id, a.LicenseeId, a.ProviderId, a.Sandbox, m, sent.GetValueOrDefault(SourceKeyOf(a.Id, m))));
            }
        }
        return owed;
    }

    /// <summary>Posts the statement of every owed month not posted yet; returns the messages written.</summary>
    public async Task<int> RunDue(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var posted = (await db.Outbox.AsNoTracking().Where(m => m.SourceKey.StartsWith("statement:")).Select(m => m.SourceKey).Distinct().ToListAsync(ct)).ToHashSet();
        var written = 0;
        foreach (var month in (await MonthsOwed(db, now, ct)).Where(m => !posted.Contains(m.SourceKey)))
            written += await pipeline.Run(null, null, ct => Post(month, now, ct), ct);
        return written;
    }

    private async Task<int> Post(StatementMonth m, DateTimeOffset now, CancellationToken ct)
    {
        var from = new DateTimeOffset(m.Month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddMonths(1);
        var lines = await db.Ledger.AsNoTracking().Where(e => e.AccountId == m.AccountId && e.Book == Books.Deposit && e.CreatedAt >= from && e.CreatedAt < to)
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        var opening = await db.Ledger.AsNoTracking().Where(e => e.AccountId == m.AccountId && e.Book == Books.Deposit && e.CreatedAt < from)
            .OrderByDescending(e => e.Sequence).Select(e => (long?)e.BalanceAfterMills).FirstOrDefaultAsync(ct) ?? 0;
        var closing = lines.Count > 0 ? lines[^1].BalanceAfterMills : opening;
        var month = m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var to_ = await outbox.UsersOf(DutyParty.Licensee, m.ProviderId, m.LicenseeId, m.Sandbox, ct);
        var subject = $"Monthly statement {month}, account {m.AccountId} (P050 3.5c)";
        var body = $"Statement of deposit account {m.AccountId} for {month}: every transaction and the balance after it (P050 3.5c).\n\n"
            + $"Opening balance: {Mills.FromMills(opening).ToDollarString()}\nTransactions: {lines.Count}\nClosing balance: {Mills.FromMills(closing).ToDollarString()}\n\n"
            + FundsApi.Csv(lines)
            + $"\nAlso at /v1/accounts/{m.AccountId}/statements/{month}.pdf\n";
        return await outbox.Post(m.SourceKey, "statement", to_, subject, body, now, ct);
    }
}
