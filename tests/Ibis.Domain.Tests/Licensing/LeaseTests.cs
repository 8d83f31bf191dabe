using Ibis.Domain.Licensing;
using Xunit;

namespace Ibis.Domain.Tests.Licensing;

/// <summary>The lease aggregate (§502.7, §502.20(a)(c)(h), P050 1.3, 2.5i, 3.1): what a signed lease holds, and its one move.</summary>
public sealed class LeaseTests
{
    private static readonly DateOnly Signed = new(2026, 11, 20);
    private static readonly DateTimeOffset Revoked = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly License Valid = License.Load("lic_a", LicenseStatus.Valid);

    private static Lease Signature() => Lease.Sign("lse_a", "prv_a", "lcs_a", Valid, "  Pat Lessee ", Signed, "acct_a");

    [Fact]
    public void ASignedLease_IsActive_AndHoldsItsPartiesLicenseSignatureAndFinancialAgreement()
    {
        var lease = Signature();
        Assert.Equal(LeaseStatus.Active, lease.Status);
        Assert.Equal(("lse_a", "prv_a", "lcs_a", "lic_a"), (lease.Id, lease.ProviderId, lease.LicenseeId, lease.LicenseId));
        Assert.Equal(("Pat Lessee", Signed, "acct_a"), (lease.SignedBy, lease.SignedOn, lease.ResettingAccountId));
        Assert.Null(lease.CancelReason);
        Assert.Null(lease.CancelledAt);
    }

    public static TheoryData<string?, bool, string?, string, string> Unsigned => new()
    {
        // In the order the API reports them: the signature, its date, the financial agreement.
        { null, false, null, "lease_not_signed", "signed_by" },
        { "  ", true, "acct_a", "lease_not_signed", "signed_by" },
        { "Pat", false, null, "signed_on_invalid", "signed_on" },
        { "Pat", true, null, "financial_agreement_required", "resetting_account_id" },
    };

    [Theory]
    [MemberData(nameof(Unsigned))]
    public void ALease_WithoutSignatureDateOrFinancialAgreement_IsRefused_P050_2_5i(string? signedBy, bool dated, string? account, string code, string field)
    {
        var refused = Assert.Throws<BusinessRuleViolationException>(() => Lease.Sign("lse_a", "prv_a", "lcs_a", Valid, signedBy, dated ? Signed : null, account));
        Assert.Equal(code, refused.Code);
        Assert.Equal(field, refused.Rule.Field);
        Assert.Equal(RuleKind.BadInput, refused.Rule.Kind);
    }

    [Theory]
    [InlineData(LicenseStatus.Revoked)]
    [InlineData(LicenseStatus.Superseded)]
    public void ALease_UnderALicenseNotValid_IsRefused_BeforeItsSignatureIsLookedAt_502_20c(LicenseStatus status)
    {
        // §502.20(c): "Lease systems only to parties that have valid licenses issued by the Postal Service."
        var refused = Assert.Throws<BusinessRuleViolationException>(() => Lease.Sign("lse_a", "prv_a", "lcs_a", License.Load("lic_a", status), null, null, null));
        var rule = Assert.IsType<LicenseMustBeValidForRule>(refused.Rule);
        Assert.Equal(("license_not_valid", "license_id", RuleKind.Conflict), (refused.Code, refused.Rule.Field, refused.Rule.Kind));
        Assert.Equal(LicenseAct.Lease, rule.Act);
        Assert.Contains("§502.20(c)", refused.Rule.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnActiveLease_IsCancelled_WithItsReasonAndTime_502_20h()
    {
        var lease = Signature();
        lease.Cancel("license revoked (§502.20(h))", Revoked);
        Assert.Equal(LeaseStatus.Cancelled, lease.Status);
        Assert.Equal("license revoked (§502.20(h))", lease.CancelReason);
        Assert.Equal(Revoked, lease.CancelledAt);
    }

    [Fact]
    public void ACancelledLease_IsNotCancelledAgain_AndKeepsItsFirstCancellation()
    {
        var lease = Lease.Load("lse_a", "prv_a", "lcs_a", "lic_a", "Pat", Signed, "acct_a", LeaseStatus.Cancelled, "license revoked (§502.20(h))", Revoked);
        var refused = Assert.Throws<BusinessRuleViolationException>(() => lease.Cancel("again", Revoked.AddDays(1)));
        Assert.IsType<LeaseTransitionMustBeAllowedRule>(refused.Rule);
        Assert.Equal(("lease_cancelled", RuleKind.Conflict), (refused.Code, refused.Rule.Kind));
        Assert.Equal("lease lse_a is cancelled; it cannot become cancelled: a lease is active from its signature until the provider cancels it, and a new lease is signed after a cancellation (§502.20(h), P050 2.5i)", refused.Message);
        Assert.Equal(LeaseStatus.Cancelled, lease.Status);
        Assert.Equal("license revoked (§502.20(h))", lease.CancelReason);
        Assert.Equal(Revoked, lease.CancelledAt);
    }

    [Fact]
    public void ACancellation_StatesItsReason()
    {
        var lease = Signature();
        Assert.ThrowsAny<ArgumentException>(() => lease.Cancel(" ", Revoked));
        Assert.Equal(LeaseStatus.Active, lease.Status);
    }

    [Theory]
    [InlineData(LeaseStatus.Active, LeaseStatus.Cancelled, true)]
    [InlineData(LeaseStatus.Active, LeaseStatus.Active, false)]
    [InlineData(LeaseStatus.Cancelled, LeaseStatus.Active, false)]
    [InlineData(LeaseStatus.Cancelled, LeaseStatus.Cancelled, false)]
    public void OnlyActiveToCancelled_IsAllowed(LeaseStatus from, LeaseStatus to, bool allowed)
    {
        Assert.Equal(allowed, LeaseStatuses.Allows(from, to));
        Assert.Equal(!allowed, new LeaseTransitionMustBeAllowedRule("lse_a", from, to).IsBroken());
    }

    [Fact]
    public void ALoadedLease_HoldsItsRow()
    {
        var lease = Lease.Load("lse_a", "prv_a", "lcs_a", "lic_a", "Pat", Signed, "acct_a", LeaseStatus.Active);
        Assert.Equal(("lse_a", "prv_a", "lcs_a", "lic_a", "Pat", Signed, "acct_a", LeaseStatus.Active),
            (lease.Id, lease.ProviderId, lease.LicenseeId, lease.LicenseId, lease.SignedBy, lease.SignedOn, lease.ResettingAccountId, lease.Status));
    }
}
