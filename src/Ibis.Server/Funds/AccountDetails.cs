using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>
/// What the account pages show of one deposit account (P050 3.5c): balance, advance, pending
/// deposits, deposit history, one page of the ledger, the months that have a statement and, once
/// closed, the refund. The licensee's page and the provider's page both read it from here.
/// </summary>
public sealed record AccountDetails(
    AccountView Account, string LicenseeName, IReadOnlyList<DepositView> Deposits, IReadOnlyList<LedgerLineView> Ledger,
    long? OlderThan, bool IsNewestPage, IReadOnlyList<StatementMonth> Statements, RefundView? Refund, string? ClosingTransmissionId)
{
    public const int LedgerPageSize = 25;
    private const int DepositHistoryLength = 50;

    public IEnumerable<DepositView> Pending => Deposits.Where(d => d.Status == "pending");

    public Mills PendingTotal => Mills.FromMills(Pending.Sum(d => Mills.ParseDollars(d.Amount.Amount).Value.Value));

    public bool IsOpen => Account.Status == AccountStatus.Open.ToText();

    /// <summary>Loads the account's details; <paramref name="before"/> is the ledger cursor (lines numbered below it, newest first).</summary>
    internal static async Task<AccountDetails> Load(IbisDb db, DepositAccountRow account, long? before, CancellationToken ct)
    {
        var name = await db.Licensees.AsNoTracking().Where(l => l.Id == account.LicenseeId).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? "";
        var deposits = await db.Deposits.AsNoTracking().Where(d => d.AccountId == account.Id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(DepositHistoryLength).ToListAsync(ct);
        var cursor = before is > 0 ? before.Value : long.MaxValue;
        var lines = await db.Ledger.AsNoTracking().Where(e => e.AccountId == account.Id && e.Sequence < cursor)
            .OrderByDescending(e => e.Sequence).Take(LedgerPageSize + 1).ToListAsync(ct);
        var olderThan = lines.Count > LedgerPageSize ? lines[LedgerPageSize - 1].Sequence : (long?)null;
        // A statement for every month that has a line on the deposit book (UTC months, as the statement endpoint counts them).
        var booked = await db.Ledger.AsNoTracking().Where(e => e.AccountId == account.Id && e.Book == Books.Deposit)
            .Select(e => e.CreatedAt).ToListAsync(ct);
        var months = booked.Select(at => at.ToUniversalTime()).GroupBy(at => new DateOnly(at.Year, at.Month, 1))
            .OrderByDescending(g => g.Key).Select(g => new StatementMonth(account.Id, g.Key, g.Count())).ToList();
        var refund = await db.Refunds.AsNoTracking().Where(r => r.AccountId == account.Id && r.Kind == "account_closing")
            .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        var transmission = refund is null ? null : await db.Transmissions.AsNoTracking()
            .Where(t => t.Kind == "account_closing" && t.Subject == account.Id).OrderByDescending(t => t.Version).Select(t => t.Id).FirstOrDefaultAsync(ct);
        return new AccountDetails(AccountView.From(account), name, deposits.Select(DepositView.From).ToList(),
            await BookBalances.Views(db, account.Id, lines.Take(LedgerPageSize).ToList(), ct), olderThan, before is null or <= 0, months,
            refund is null ? null : RefundView.From(refund), transmission);
    }

    /// <summary>Money as the API and the statements write it: "$1234.500", exact to the mill.</summary>
    public static string Dollars(MoneyView m) => "$" + m.Amount;

    /// <summary>"ach_debit" → "ACH debit".</summary>
    public static string MethodName(string code) => Domain.Funds.PaymentMethod.Find(code)?.Name ?? code;

    /// <summary>The book's name for people, and the device it belongs to: "psd:dev_…" is that device's descending register.</summary>
    public static (string Name, string? Detail) BookName(string book) => book switch
    {
        Books.Deposit => ("deposit", null),
        Books.Advance => ("provider advance", null),
        Books.Bank => ("bank", null),
        Books.RefundCheck => ("refund check", null),
        _ when book.StartsWith("psd:", StringComparison.Ordinal) => ("device", book[4..]),
        _ => (book, null),
    };
}

/// <summary>One month with a statement, and where its CSV and PDF are.</summary>
public sealed record StatementMonth(string AccountId, DateOnly Month, int Transactions)
{
    public string Key => Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public string Name => Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public string CsvUrl => $"/v1/accounts/{AccountId}/statements/{Key}.csv";

    public string PdfUrl => $"/v1/accounts/{AccountId}/statements/{Key}.pdf";
}
