using Ibis.Data;
using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>
/// The running balance of each book of an account's ledger: a line's balance is the sum of its own
/// book's lines up to and including it (double entry: every book is a column of its own). The stored
/// balance on a line is the deposit balance of the account, which is only the book balance of
/// deposit lines.
/// </summary>
internal static class BookBalances
{
    /// <summary>The views of <paramref name="lines"/> (any order, one account) with their book's balance after each.</summary>
    public static async Task<IReadOnlyList<LedgerLineView>> Views(IbisDb db, string accountId, IReadOnlyList<LedgerEntryRow> lines, CancellationToken ct)
    {
        if (lines.Count == 0) return [];
        var first = lines.Min(l => l.Sequence);
        var last = lines.Max(l => l.Sequence);
        // What each book held before the first line, then every line up to the last one, so gaps in the page still count.
        var opening = await db.Ledger.AsNoTracking().Where(e => e.AccountId == accountId && e.Sequence < first)
            .GroupBy(e => e.Book).Select(g => new { Book = g.Key, Sum = g.Sum(e => e.AmountMills) }).ToListAsync(ct);
        var between = await db.Ledger.AsNoTracking().Where(e => e.AccountId == accountId && e.Sequence >= first && e.Sequence <= last)
            .OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.Book, e.AmountMills }).ToListAsync(ct);
        var balances = opening.ToDictionary(o => o.Book, o => o.Sum);
        var after = new Dictionary<long, long>();
        foreach (var e in between)
        {
            balances[e.Book] = checked(balances.GetValueOrDefault(e.Book) + e.AmountMills);
            after[e.Sequence] = balances[e.Book];
        }
        return lines.Select(l => LedgerLineView.From(l, after[l.Sequence])).ToList();
    }

    /// <summary>The book balance after each line of a whole ledger read oldest first (the CSV export).</summary>
    public static IReadOnlyList<long> Running(IEnumerable<LedgerEntryRow> oldestFirst)
    {
        var balances = new Dictionary<string, long>();
        var result = new List<long>();
        foreach (var e in oldestFirst)
        {
            balances[e.Book] = checked(balances.GetValueOrDefault(e.Book) + e.AmountMills);
            result.Add(balances[e.Book]);
        }
        return result;
    }
}
