using System.Globalization;
using Ibis.Domain.Money;

namespace Ibis.Rendering.Statements;

/// <summary>
/// What a monthly statement of a deposit account shows (P050 3.5c): every transaction of the month
/// on the licensee's deposit book, with the balance after each, between the opening and the closing
/// balance. Plain data, so that rendering knows nothing of the database.
/// </summary>
/// <param name="LicenseeName">The account holder, as licensed.</param>
/// <param name="AccountId">The deposit account's id.</param>
/// <param name="Month">The first day of the month covered (UTC calendar month).</param>
/// <param name="OpeningBalance">The balance after the last transaction before the month (zero for a new account).</param>
/// <param name="Lines">The month's transactions, oldest first.</param>
/// <param name="GeneratedAt">When the statement was produced; printed in the footer and stored as the PDF's date.</param>
public sealed record MonthlyStatement(
    string LicenseeName, string AccountId, DateOnly Month, Mills OpeningBalance, IReadOnlyList<StatementLine> Lines, DateTimeOffset GeneratedAt)
{
    /// <summary>The balance after the month's last transaction, or the opening balance when there was none.</summary>
    public Mills ClosingBalance => Lines.Count == 0 ? OpeningBalance : Lines[^1].BalanceAfter;

    /// <summary>"November 2026".</summary>
    public string MonthName => Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>What the month's transactions add up to, per kind.</summary>
    public StatementTotals Totals => StatementTotals.Of(Lines);
}

/// <summary>One transaction on the deposit book.</summary>
/// <param name="Sequence">The ledger line number (the same as in the CSV and the ledger API).</param>
/// <param name="At">When it was booked.</param>
/// <param name="Cause">deposit | reset | refund | advance | repayment | correction.</param>
/// <param name="Description">What happened, in words ("ach_debit deposit", "postage value download to …").</param>
/// <param name="Reference">The id of what caused it (a deposit, a reset, a refund…).</param>
/// <param name="Amount">Signed: what the transaction added to (or took from) the balance.</param>
/// <param name="BalanceAfter">The balance after the whole transaction.</param>
public sealed record StatementLine(long Sequence, DateTimeOffset At, string Cause, string Description, string Reference, Mills Amount, Mills BalanceAfter)
{
    /// <summary>"Deposit", "Reset", … for a known cause; the cause itself otherwise.</summary>
    public string CauseLabel => Cause switch
    {
        "deposit" => "Deposit",
        "reset" => "Reset",
        "refund" => "Refund",
        "advance" => "Advance",
        "repayment" => "Repayment",
        "correction" => "Correction",
        _ => Cause,
    };
}

/// <summary>The month's transactions summed by kind; <see cref="NetChange"/> is closing minus opening.</summary>
public sealed record StatementTotals(Mills Deposits, Mills Resets, Mills Refunds, Mills Advances, Mills Repayments, Mills Other, Mills NetChange)
{
    public static StatementTotals Of(IEnumerable<StatementLine> lines)
    {
        Mills deposits = Mills.Zero, resets = Mills.Zero, refunds = Mills.Zero, advances = Mills.Zero, repayments = Mills.Zero, other = Mills.Zero;
        foreach (var line in lines)
        {
            switch (line.Cause)
            {
                case "deposit": deposits += line.Amount; break;
                case "reset": resets += line.Amount; break;
                case "refund": refunds += line.Amount; break;
                case "advance": advances += line.Amount; break;
                case "repayment": repayments += line.Amount; break;
                default: other += line.Amount; break;
            }
        }
        return new StatementTotals(deposits, resets, refunds, advances, repayments, other, deposits + resets + refunds + advances + repayments + other);
    }
}
