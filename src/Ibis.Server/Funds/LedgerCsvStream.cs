using System.Globalization;
using System.Text;
using Ibis.Data.Entities;
using Ibis.Domain.Money;

namespace Ibis.Server.Funds;

/// <summary>
/// Ledger lines written as CSV straight to the response while they are read from the database, so an
/// export of a million lines holds one line in memory at a time instead of the whole ledger and its
/// text (issue 16 item 4: unbounded exports streamed).
/// </summary>
internal static class LedgerCsvStream
{
    public const string Header = "sequence,date,transaction_id,book,cause,cause_id,amount,balance_after,memo\n";

    /// <summary>
    /// Writes <paramref name="oldestFirst"/> as CSV; with <paramref name="runningBookBalances"/> each
    /// line's balance_after is the running balance of its own book (as <c>BookBalances.Running</c>),
    /// otherwise the stored deposit balance.
    /// </summary>
    public static async Task Write(Stream body, IAsyncEnumerable<LedgerEntryRow> oldestFirst, bool runningBookBalances, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Header.AsMemory(), ct);
        var balances = new Dictionary<string, long>(StringComparer.Ordinal);
        var count = 0;
        await foreach (var e in oldestFirst.WithCancellation(ct))
        {
            long balance = e.BalanceAfterMills;
            if (runningBookBalances) balances[e.Book] = balance = checked(balances.GetValueOrDefault(e.Book) + e.AmountMills);
            await writer.WriteAsync(Line(e, balance).AsMemory(), ct);
            if (++count % 1000 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    public static string Line(LedgerEntryRow e, long balanceAfter) =>
        new StringBuilder().Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(e.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
            .Append(e.TransactionId).Append(',').Append(e.Book).Append(',').Append(e.Cause).Append(',').Append(e.CauseId).Append(',')
            .Append(Mills.FromMills(e.AmountMills)).Append(',').Append(Mills.FromMills(balanceAfter)).Append(',')
            .Append('"').Append((e.Memo ?? "").Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').Append('\n').ToString();
}
