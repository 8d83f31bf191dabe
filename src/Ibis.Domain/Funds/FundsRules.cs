using Ibis.Domain.Money;

namespace Ibis.Domain.Funds;

/// <summary>Where a deposit (CMRS) account stands (P050 3.3, 3.5); stored as open | closing | closed.</summary>
[StoredAsText]
public enum AccountStatus
{
    Open,

    /// <summary>A written request to close was received (P050 3.3); nothing new is accepted.</summary>
    Closing,

    Closed,
}

public sealed record AmountMustBePositiveRule(Mills Amount, string FieldName) : IBusinessRule
{
    public string Code => "amount_invalid";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => $"the amount must be more than $0.000 (got {Amount})";

    public string? Field => FieldName;

    public bool IsBroken() => !Amount.IsPositive;
}

/// <summary>Deposits, resets and advances go only to an open account (P050 3.3).</summary>
public sealed record AccountMustBeOpenRule(string AccountId, AccountStatus Status) : IBusinessRule
{
    public string Code => "account_closed";

    public string Message => $"deposit account {AccountId} is {Status.ToText()}; it accepts nothing more";

    public bool IsBroken() => Status != AccountStatus.Open;
}

/// <summary>§502.25(c)(1): a provider advance stays within the limit the provider set for the licensee.</summary>
public sealed record AdvanceWithinLimitRule(Mills Outstanding, Mills Requested, Mills Limit) : IBusinessRule
{
    public string Code => "advance_limit_exceeded";

    public string Message => $"an advance of {Requested.ToDollarString()} would bring the outstanding advances to more than the limit of {Limit.ToDollarString()} (outstanding {Outstanding.ToDollarString()})";

    public string? Field => "amount";

    public bool IsBroken() => Requested > Limit - Outstanding;
}

public sealed record RepaymentWithinOutstandingRule(Mills Outstanding, Mills Repayment) : IBusinessRule
{
    public string Code => "repayment_exceeds_advance";

    public string Message => $"a repayment of {Repayment.ToDollarString()} is more than the {Outstanding.ToDollarString()} outstanding";

    public string? Field => "amount";

    public bool IsBroken() => Repayment > Outstanding;
}

/// <summary>
/// An account is not closed while deposits are still pending: their money has not arrived, so the
/// refund could not include it. The licensee waits for them to clear (or fail) and asks again.
/// </summary>
public sealed record NoPendingDepositsOnClosingRule(int Pending) : IBusinessRule
{
    public string Code => "pending_deposits";

    public string Message => $"{Pending} deposit(s) are still pending; the account can be closed once they have cleared or failed, so that the refund includes every dollar received";

    public bool IsBroken() => Pending > 0;
}

/// <summary>
/// P050 3.3, §502.27(b), (c): the balance left on a device is refunded to the deposit account when the
/// device is checked out; an account closes only once none of its devices holds postage, so no refund
/// can arrive at a closed account.
/// </summary>
public sealed record AccountClosingRequiresEmptyDevicesRule(int DevicesHoldingPostage, Money.Mills Held) : IBusinessRule
{
    public string Code => "devices_hold_postage";

    public string Message => $"{DevicesHoldingPostage} device(s) still hold {Held.ToDollarString()} of postage; check them out of service first, so that their balance is refunded to this account (P050 3.3, 39 CFR 502.27(b))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => DevicesHoldingPostage > 0;
}

/// <summary>
/// §502.27(b)(4), (c): a device balance or unused postage is credited to the CMRS account only when the
/// district MATS coordinator approves it. The closing's check pays the final balance, so an account
/// closes only once every refund bound for it is paid or rejected — none can arrive at a closed account.
/// </summary>
public sealed record AccountClosingRequiresSettledRefundsRule(IReadOnlyList<string> Unsettled) : IBusinessRule
{
    public string Code => "refunds_pending";

    public string Message => $"refund(s) {string.Join(", ", Unsettled)} are not yet paid or rejected; the account closes once the district MATS coordinator has decided them, so that the check pays the final balance (39 CFR 502.27(b)(4), (c))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Unsettled.Count > 0;
}

/// <summary>
/// P050 3.3: after the licensee's written request to close its CMRS account, "the licensee will
/// receive a check for the balance". A provider acting on that request pays the licensee of record;
/// only the licensee itself may name another payee.
/// </summary>
public sealed record ClosingRefundGoesToTheLicenseeRule(bool CallerIsProvider, string Payee, string LicenseeName) : IBusinessRule
{
    public string Code => "closing_payee_not_licensee";

    public string Message => $"the balance of a closed account is paid to the licensee of record ({LicenseeName}); only the licensee may name another payee (P050 3.3)";

    public string? Field => "payee";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => CallerIsProvider && !string.Equals(Payee.Trim(), LicenseeName.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// §502.27(c): when the Postal Service rejects a closing's refund, the closing did not go through and the
/// account is reopened with its balance — possible only while the licensee has no other open account
/// (a licensee holds one open account at a time).
/// </summary>
public sealed record RejectedClosingReopensTheAccountRule(string AccountId, string? OtherOpenAccountId) : IBusinessRule
{
    public string Code => "account_reopen_conflict";

    public string Message => $"the licensee has opened account {OtherOpenAccountId} since {AccountId} closed; a rejected closing reopens {AccountId}, and a licensee holds one open account at a time";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => OtherOpenAccountId is not null;
}
