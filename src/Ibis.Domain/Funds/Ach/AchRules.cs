using Ibis.Domain.Money;

namespace Ibis.Domain.Funds.Ach;

/// <summary>
/// An ACH debit moves whole cents, at most $99,999,999.99 per entry (the amount field is 10
/// digits of cents); Ibis counts mills, so a deposit by ACH debit (P050 3.5a, the preferred form)
/// is in whole cents.
/// </summary>
public sealed record AchAmountRule(Mills Amount) : IBusinessRule
{
    public const long MaxCents = 9_999_999_999;

    public string Code => "amount_not_whole_cents";

    public string Message => $"an ACH debit moves whole cents up to $99,999,999.99; {Amount.ToDollarString()} is not (P050 3.5a)";

    public string? Field => "amount";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Amount.Value % 10 != 0 || Amount.Value / 10 > MaxCents;
}

/// <summary>
/// A live deposit account's ACH debits settle through the ACH round trip (debit file, return file,
/// settlement), not by a confirmation: confirming one by hand while its entry may still come back
/// returned would credit money twice or credit money that never came.
/// </summary>
public sealed record AchDebitSettlesByAchRule(string DepositId, bool LiveAchDebit) : IBusinessRule
{
    public string Code => "deposit_settles_by_ach";

    public string Message => $"deposit {DepositId} is a live ACH debit: it is confirmed by the ACH settlement or failed by a return, not by hand (§502.25)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => LiveAchDebit;
}

/// <summary>The ACH return reason codes Ibis names in a failed deposit (NACHA Operating Rules, Appendix Four).</summary>
public static class AchReturnReasons
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["R01"] = "insufficient funds",
        ["R02"] = "account closed",
        ["R03"] = "no account / unable to locate account",
        ["R04"] = "invalid account number",
        ["R05"] = "unauthorized debit to consumer account",
        ["R06"] = "returned per ODFI's request",
        ["R07"] = "authorization revoked by customer",
        ["R08"] = "payment stopped",
        ["R09"] = "uncollected funds",
        ["R10"] = "customer advises not authorized",
        ["R16"] = "account frozen",
        ["R20"] = "non-transaction account",
        ["R29"] = "corporate customer advises not authorized",
    };

    public static string Describe(string code) => Names.TryGetValue(code, out var name) ? $"{code} {name}" : $"{code} returned";
}
