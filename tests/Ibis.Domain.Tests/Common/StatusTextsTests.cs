using System.Reflection;
using Ibis.Domain.Compliance;
using Ibis.Domain.Customers;
using Ibis.Domain.Devices;
using Ibis.Domain.Funds;
using Ibis.Domain.Indicia;
using Ibis.Domain.Licensing;
using Ibis.Domain.Organisations;
using Ibis.Domain.Quality;
using Ibis.Domain.Refunds;
using Ibis.Domain.Reporting;
using Xunit;

namespace Ibis.Domain.Tests.Common;

/// <summary>
/// Issue 18: a status enum is stored as the text its string constant had, so rows written before it became
/// an enum read back unchanged. Each list is the text rows and API answers held; a renamed member fails here.
/// </summary>
public sealed class StatusTextsTests
{
    public static TheoryData<Type, string[]> Texts => new()
    {
        { typeof(AccountStatus), ["open", "closing", "closed"] },
        { typeof(ApprovalStatus), ["submitted", "approved", "rejected", "withdrawn"] },
        { typeof(QualitySampleStatus), ["submitted", "passed", "failed"] },
        { typeof(CaseStatus), ["open", "investigating", "resolved"] },
        { typeof(ProviderStatus), ["authorized", "suspended", "revoked"] },
        { typeof(RefundStatus), ["requested", "under_review", "certified", "approved", "rejected", "paid"] },
        { typeof(RefundKind), ["unused_postage", "device_balance", "account_balance"] },
        { typeof(DutyStatus), ["due", "overdue", "done"] },
        { typeof(DutyState), ["open", "done"] },
        { typeof(OutboxMessageStatus), ["pending", "sent", "failed"] },
        { typeof(CertificateRequestStatus), ["pending", "issued", "cancelled"] },
        { typeof(PrivacyRequestStatus), ["received", "verified", "answered", "accepted", "refused"] },
        { typeof(PrivacyRequestKind), ["inquiry", "amendment"] },
        { typeof(LicenseApplicationStatus), ["submitted", "transmitted", "approved", "refused", "withdrawn"] },
        { typeof(LicenseStatus), ["valid", "revoked", "superseded"] },
        { typeof(AppealStatus), ["pending", "granted", "denied"] },
        { typeof(LeaseStatus), ["active", "cancelled"] },
        { typeof(DepositStatus), ["pending", "confirmed", "failed"] },
        { typeof(ProviderTaskStatus), ["open", "done", "cancelled"] },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void EachStatus_IsStoredAsTheTextItHadAsAString(Type status, string[] texts)
    {
        Assert.NotNull(status.GetCustomAttribute<StoredAsTextAttribute>());
        var all = (IReadOnlyList<string>)typeof(EnumText<>).MakeGenericType(status).GetProperty("All")!.GetValue(null)!;
        Assert.Equal(texts, all);
    }

    [Fact]
    public void RuleMessages_NameTheStatusByItsText()
    {
        Assert.Contains("is closing;", new AccountMustBeOpenRule("acct_a", AccountStatus.Closing).Message);
        Assert.Contains("is withdrawn;", new ApprovalMustBeUndecidedRule(ApprovalSubject.Design, "dsg_a", ApprovalStatus.Withdrawn).Message);
        Assert.True(new QaSampleFailedRule("psd_a", QualitySampleStatus.Failed, null).IsBroken());
        Assert.False(new QaSampleFailedRule("psd_a", null, null).IsBroken());
        Assert.Contains("is superseded;", new LicenseMustBeValidForRule("lic_a", LicenseStatus.Superseded, LicenseAct.Update).Message);
        Assert.Contains("is unknown;", new Ibis.Domain.Psd.LicenseMustBeValidRule("lic_a", null).Message);
        Assert.Contains("(granted)", new AppealTransitionMustBeAllowedRule("apl_a", AppealStatus.Granted, AppealStatus.Denied).Message);
        Assert.Equal("task tsk_a is done", new ProviderTaskMustBeOpenRule("tsk_a", ProviderTaskStatus.Done).Message);
        Assert.Contains("lease lse_a is cancelled;", new Ibis.Domain.Devices.CommissioningRequiresActiveLeaseRule("lse_a", LeaseStatus.Cancelled, "prv_a", "prv_a").Message);
        Assert.Equal("deposit dep_a is already confirmed", new DepositTransitionMustBeAllowedRule("dep_a", DepositStatus.Confirmed, DepositStatus.Failed).Message);
    }

    [Fact]
    public void ACase_IsOpen_ThenInvestigating_ThenResolved()
    {
        var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(CaseStatus.Open, CaseStatuses.Of(null, null));
        Assert.Equal(CaseStatus.Investigating, CaseStatuses.Of(at, null));
        Assert.Equal(CaseStatus.Resolved, CaseStatuses.Of(at, at));
        Assert.Equal(CaseStatus.Resolved, CaseStatuses.Of(null, at));
    }
}
