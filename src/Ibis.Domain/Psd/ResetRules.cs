using Ibis.Domain.Licensing;
using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

/// <summary>P050 3.5, §502.25: a reset is paid from funds on deposit (or a provider advance).</summary>
public sealed record FundsMustCoverResetRule(Mills Available, Mills Increment) : IBusinessRule
{
    public string Code => "insufficient_funds";

    public RuleKind Kind => RuleKind.PaymentRequired;

    public string Message => $"the deposit account holds {Available.ToDollarString()}, less than the {Increment.ToDollarString()} reset asked for (P050 3.5)";

    public string? Field => "amount";

    public bool IsBroken() => Available < Increment;
}

/// <summary>§502.25(a): every reset is preceded by a successful device audit in the same transaction.</summary>
public sealed record ResetRequiresSuccessfulAuditRule(bool AuditPassed, string? Reason) : IBusinessRule
{
    public string Code => "audit_failed";

    public string Message => $"the device audit that precedes every reset failed: {Reason}; the device is locked and the provider has a case";

    public bool IsBroken() => !AuditPassed;
}

/// <summary>
/// P050 2.3: no postage is printed or reset under a license that is not valid. A null status is a
/// license Ibis does not find (no row): not valid either.
/// </summary>
public sealed record LicenseMustBeValidRule(string LicenseId, LicenseStatus? Status) : IBusinessRule
{
    public string Code => Status == LicenseStatus.Revoked ? "license_revoked" : "license_not_valid";

    public string Message => $"license {LicenseId} is {Status?.ToWords() ?? "unknown"}; no postage may be printed or reset under it (P050 2.3)";

    /// <summary>A revoked license forbids the licensee outright; one merely not yet (or no longer) valid is unprocessable.</summary>
    public RuleKind Kind => Status == LicenseStatus.Revoked ? RuleKind.Forbidden : RuleKind.Unprocessable;

    public bool IsBroken() => Status != LicenseStatus.Valid;
}
