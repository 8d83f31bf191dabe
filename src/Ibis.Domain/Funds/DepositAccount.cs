using Ibis.Domain.Money;

namespace Ibis.Domain.Funds;

/// <summary>
/// A licensee's deposit (CMRS) account (P050 3.3, 3.5; §502.25): the money it holds and the provider's advances on it
/// (§502.25(c)(1): an advance within the limit the provider set; repaid from the deposit). It decides what a reset, an
/// advance or a repayment may take and what each moves; the ledger records the lines that move the money (the server
/// loads the aggregate from the locked account row, calls a verb, stores <see cref="AdvanceOutstanding"/> and
/// <see cref="AdvanceLimit"/> back and posts the ledger lines, which move the balance).
/// </summary>
public sealed class DepositAccount
{
    private DepositAccount(string id, AccountStatus status, Mills balance, Mills advanceOutstanding, Mills advanceLimit)
    {
        Id = id;
        Status = status;
        Balance = balance;
        AdvanceOutstanding = advanceOutstanding;
        AdvanceLimit = advanceLimit;
    }

    public string Id { get; }

    public AccountStatus Status { get; }

    /// <summary>The licensee's money on deposit (the deposit book), as loaded.</summary>
    public Mills Balance { get; }

    /// <summary>What the provider has advanced and the licensee not yet repaid.</summary>
    public Mills AdvanceOutstanding { get; private set; }

    /// <summary>How much the provider will have outstanding at most (§502.25(c)(1)); zero: no advances.</summary>
    public Mills AdvanceLimit { get; private set; }

    /// <summary>What the provider may still advance.</summary>
    public Mills AdvanceRoom => Mills.Max(Mills.Zero, AdvanceLimit - AdvanceOutstanding);

    public static DepositAccount Load(string id, AccountStatus status, Mills balance, Mills advanceOutstanding, Mills advanceLimit) =>
        new(id, status, balance, advanceOutstanding, advanceLimit);

    /// <summary>P050 3.3: deposits, resets and advances go only to an open account.</summary>
    public void RequireOpen() => Rules.Check(new AccountMustBeOpenRule(Id, Status));

    /// <summary>
    /// P050 3.5, 3.5a; §502.25(c)(1): a reset of <paramref name="amount"/> is paid from the deposit and, for what the
    /// deposit does not cover, from the provider's advance within its limit. Refused when the two together fall short.
    /// Returns the advance the reset needs (zero when the deposit covers it); the caller posts it with <see cref="Advance"/>.
    /// </summary>
    public Mills PayForReset(Mills amount)
    {
        RequireOpen();
        Rules.Check(new Psd.FundsMustCoverResetRule(Balance + AdvanceRoom, amount));
        return amount > Balance ? amount - Balance : Mills.Zero;
    }

    /// <summary>§502.25(c)(1): the provider advances <paramref name="amount"/> within its limit; the deposit is credited by the ledger.</summary>
    public void Advance(Mills amount)
    {
        Rules.Check(new AdvanceWithinLimitRule(AdvanceOutstanding, amount, AdvanceLimit));
        AdvanceOutstanding += amount;
    }

    /// <summary>§502.25(c)(1): the licensee repays the advance from its deposit: no more than is outstanding, nor than the deposit holds.</summary>
    public void Repay(Mills amount)
    {
        Rules.Check(new RepaymentWithinOutstandingRule(AdvanceOutstanding, amount));
        Rules.Check(new RepaymentMustBeCoveredByDepositRule(Balance, amount));
        AdvanceOutstanding -= amount;
    }

    /// <summary>
    /// P050 3.3 with §502.25(c)(1): an account closes with its advance repaid, from the deposit now; refused when the
    /// deposit cannot repay it all. Returns the repayment (zero when nothing is outstanding).
    /// </summary>
    public Mills RepayAtClosing()
    {
        Rules.Check(new AdvanceMustBeRepaidBeforeClosingRule(AdvanceOutstanding, Balance));
        var repayment = AdvanceOutstanding;
        AdvanceOutstanding = Mills.Zero;
        return repayment;
    }

    /// <summary>
    /// A deposit already credited comes back (an ACH return, NACHA: weeks after settlement): it is taken from the deposit
    /// as far as it goes, and what the deposit no longer holds becomes the provider's advance — beyond its limit if need
    /// be, since the postage it bought was already downloaded. Returns that shortfall.
    /// </summary>
    public Mills TakeBackReturnedDeposit(Mills amount)
    {
        var shortfall = amount - Mills.Min(Balance, amount);
        AdvanceOutstanding += shortfall;
        return shortfall;
    }

    /// <summary>§502.25(c)(1): the provider sets how much it will have outstanding; a lower limit does not call back what was advanced.</summary>
    public void SetAdvanceLimit(Mills limit)
    {
        Rules.Check(new AdvanceLimitMustNotBeNegativeRule(limit));
        AdvanceLimit = limit;
    }
}

/// <summary>§502.25(c)(1): a repayment comes from the deposit, so it cannot be more than the deposit holds.</summary>
public sealed record RepaymentMustBeCoveredByDepositRule(Mills Balance, Mills Repayment) : IBusinessRule
{
    public string Code => "insufficient_funds";

    public RuleKind Kind => RuleKind.PaymentRequired;

    public string Message => $"the deposit account holds {Balance.ToDollarString()}, less than the {Repayment.ToDollarString()} repayment";

    public string? Field => "amount";

    public bool IsBroken() => Repayment > Balance;
}

/// <summary>An account is not closed owing its provider: the advance is repaid from the deposit first (§502.25(c)(1)).</summary>
public sealed record AdvanceMustBeRepaidBeforeClosingRule(Mills Outstanding, Mills Balance) : IBusinessRule
{
    public string Code => "advance_outstanding";

    public RuleKind Kind => RuleKind.Conflict;

    public string Message => $"the provider advance of {Outstanding.ToDollarString()} exceeds the balance; it must be repaid before the account closes";

    public bool IsBroken() => Outstanding > Balance;
}

public sealed record AdvanceLimitMustNotBeNegativeRule(Mills Limit) : IBusinessRule
{
    public string Code => "amount_invalid";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => "the limit cannot be negative";

    public string? Field => "amount";

    public bool IsBroken() => Limit.IsNegative;
}
