using Ibis.Domain.Licensing;
using Xunit;

namespace Ibis.Domain.Tests.Licensing;

/// <summary>The licensing workflow's refusals (P050 2.1–2.5, §502.20(a)–(c), (h)): each broken and kept, with its code and kind.</summary>
public sealed class LicensingRulesTests
{
    public static TheoryData<IBusinessRule, bool, string, RuleKind> Cases => new()
    {
        // Form 3601-A (P050 2.1).
        { new ApplicationMustStatePostOfficeRule(false), true, "post_office_required", RuleKind.Unprocessable },
        { new ApplicationMustStatePostOfficeRule(true), false, "post_office_required", RuleKind.Unprocessable },
        { new ApplicationMustGiveAddressRule("mailing_address", false), true, "mailing_address_required", RuleKind.Unprocessable },
        { new ApplicationMustGiveAddressRule("device_location", false), true, "device_location_required", RuleKind.Unprocessable },
        { new ApplicationMustGiveAddressRule("device_location", true), false, "device_location_required", RuleKind.Unprocessable },
        { new ApplicationFieldRequiredRule("phone", "a telephone number", "  "), true, "field_required", RuleKind.Unprocessable },
        { new ApplicationFieldRequiredRule("phone", "a telephone number", null), true, "field_required", RuleKind.Unprocessable },
        { new ApplicationFieldRequiredRule("phone", "a telephone number", "202-555-0142"), false, "field_required", RuleKind.Unprocessable },
        // Applications and licenses (P050 2.1–2.3, 2.5d–e, §502.20(b), (c)).
        { new ApplicationMustNotBeDuplicateRule("20260", true), true, "application_duplicate", RuleKind.Conflict },
        { new ApplicationMustNotBeDuplicateRule("20260", false), false, "application_duplicate", RuleKind.Conflict },
        { new LicenseUpdateMustNotBePendingRule("lic_1", true), true, "application_duplicate", RuleKind.Conflict },
        { new LicenseUpdateMustNotBePendingRule("lic_1", false), false, "application_duplicate", RuleKind.Conflict },
        { new LicenseMustBeValidForRule("lic_1", LicenseStatus.Revoked, LicenseAct.Update), true, "license_not_valid", RuleKind.Conflict },
        { new LicenseMustBeValidForRule("lic_1", LicenseStatus.Superseded, LicenseAct.Revise), true, "license_not_valid", RuleKind.Conflict },
        { new LicenseMustBeValidForRule("lic_1", LicenseStatus.Revoked, LicenseAct.Lease), true, "license_not_valid", RuleKind.Conflict },
        { new LicenseMustBeValidForRule("lic_1", LicenseStatus.Valid, LicenseAct.Lease), false, "license_not_valid", RuleKind.Conflict },
        { new LicenseApplicationTransitionMustBeAllowedRule("app_1", LicenseApplicationStatus.Transmitted, LicenseApplicationStatus.Transmitted), true, "application_not_submitted", RuleKind.Conflict },
        { new LicenseApplicationTransitionMustBeAllowedRule("app_1", LicenseApplicationStatus.Submitted, LicenseApplicationStatus.Transmitted), false, "application_not_submitted", RuleKind.Conflict },
        { new LicenseApplicationTransitionMustBeAllowedRule("app_1", LicenseApplicationStatus.Submitted, LicenseApplicationStatus.Approved), true, "application_not_transmitted", RuleKind.Conflict },
        { new LicenseApplicationTransitionMustBeAllowedRule("app_1", LicenseApplicationStatus.Transmitted, LicenseApplicationStatus.Refused), false, "application_not_transmitted", RuleKind.Conflict },
        { new LicenseTransitionMustBeAllowedRule("lic_1", LicenseStatus.Revoked, LicenseStatus.Revoked), true, "license_not_valid", RuleKind.Conflict },
        { new LicenseTransitionMustBeAllowedRule("lic_1", LicenseStatus.Valid, LicenseStatus.Revoked), false, "license_not_valid", RuleKind.Conflict },
        { new RefusalMustStateReasonRule("no_reason_of_2_2"), true, "refusal_reason_invalid", RuleKind.BadInput },
        { new RefusalMustStateReasonRule(null), true, "refusal_reason_invalid", RuleKind.BadInput },
        { new RefusalMustStateReasonRule(RefusalReasons.FalseInformation), false, "refusal_reason_invalid", RuleKind.BadInput },
        { new RevocationMustStateReasonRule("g"), true, "revocation_reason_invalid", RuleKind.BadInput },
        { new RevocationMustStateReasonRule("b"), false, "revocation_reason_invalid", RuleKind.BadInput },
        { new RelicensingRequiresDevicesCheckedOutRule(["psd_1"]), true, "psd_not_checked_out", RuleKind.Conflict },
        { new RelicensingRequiresDevicesCheckedOutRule([]), false, "psd_not_checked_out", RuleKind.Conflict },
        { new OneLicensePerPostOfficeRule("lcs_1", "20260", true), true, "license_exists", RuleKind.Conflict },
        { new OneLicensePerPostOfficeRule("lcs_1", "20260", false), false, "license_exists", RuleKind.Conflict },
        // Appeals (P050 2.4).
        { DecisionMustBeAppealableRule.For("app_1", LicenseApplicationStatus.Approved), true, "decision_not_appealable", RuleKind.Conflict },
        { DecisionMustBeAppealableRule.For("app_1", LicenseApplicationStatus.Refused), false, "decision_not_appealable", RuleKind.Conflict },
        { DecisionMustBeAppealableRule.For("lic_1", LicenseStatus.Superseded), true, "decision_not_appealable", RuleKind.Conflict },
        { DecisionMustBeAppealableRule.For("lic_1", LicenseStatus.Revoked), false, "decision_not_appealable", RuleKind.Conflict },
        { new AppealMustNotBePendingRule("app_1", true), true, "appeal_pending", RuleKind.Conflict },
        { new AppealMustNotBePendingRule("app_1", false), false, "appeal_pending", RuleKind.Conflict },
        { new AppealTransitionMustBeAllowedRule("apl_1", AppealStatus.Granted, AppealStatus.Denied), true, "appeal_decided", RuleKind.Conflict },
        { new AppealTransitionMustBeAllowedRule("apl_1", AppealStatus.Pending, AppealStatus.Denied), false, "appeal_decided", RuleKind.Conflict },
        { new AppealMustBeInWritingRule(" "), true, "statement_required", RuleKind.BadInput },
        { new AppealMustBeInWritingRule(new string('x', AppealMustBeInWritingRule.MaxLength + 1)), true, "statement_required", RuleKind.BadInput },
        { new AppealMustBeInWritingRule("the refusal rests on a misread form"), false, "statement_required", RuleKind.BadInput },
        // Leases and the provider's tasks (P050 2.5i, §502.20(c), (h)).
        { new LeaseMustNameLicenseRule(null), true, "license_id_required", RuleKind.BadInput },
        { new LeaseMustNameLicenseRule("lic_1"), false, "license_id_required", RuleKind.BadInput },
        { new LeaseMustBeSignedRule(""), true, "lease_not_signed", RuleKind.BadInput },
        { new LeaseMustBeSignedRule("A. Signatory"), false, "lease_not_signed", RuleKind.BadInput },
        { new LeaseMustIncludeFinancialAgreementRule(null), true, "financial_agreement_required", RuleKind.BadInput },
        { new LeaseMustIncludeFinancialAgreementRule("acct_1"), false, "financial_agreement_required", RuleKind.BadInput },
        { new TaskRequiresDeviceCheckedOutRule("psd_1", true), true, "psd_not_checked_out", RuleKind.Conflict },
        { new TaskRequiresDeviceCheckedOutRule("psd_1", false), false, "psd_not_checked_out", RuleKind.Conflict },
        { new ProviderTaskMustBeOpenRule("tsk_1", ProviderTaskStatus.Done), true, "task_closed", RuleKind.Conflict },
        { new ProviderTaskMustBeOpenRule("tsk_1", ProviderTaskStatus.Cancelled), true, "task_closed", RuleKind.Conflict },
        { new ProviderTaskMustBeOpenRule("tsk_1", ProviderTaskStatus.Open), false, "task_closed", RuleKind.Conflict },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_BreaksOnlyWhenItShould_WithItsCodeAndKind(IBusinessRule rule, bool broken, string code, RuleKind kind)
    {
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal(code, rule.Code);
        Assert.Equal(kind, rule.Kind);
        Assert.False(string.IsNullOrWhiteSpace(rule.Message));
    }

    [Fact]
    public void Refusals_CiteTheirSection()
    {
        Assert.Contains("P050 2.4", DecisionMustBeAppealableRule.For("lic_1", LicenseStatus.Valid).Message);
        Assert.Contains("§502.20(c)", new LicenseMustBeValidForRule("lic_1", LicenseStatus.Revoked, LicenseAct.Lease).Message);
        Assert.Contains("psd_1, psd_2", new RelicensingRequiresDevicesCheckedOutRule(["psd_1", "psd_2"]).Message);
        Assert.Equal("license_id", new LicenseMustBeValidForRule("lic_1", LicenseStatus.Revoked, LicenseAct.Update).Field);
        Assert.Null(new LicenseMustBeValidForRule("lic_1", LicenseStatus.Revoked, LicenseAct.Revise).Field);
        Assert.Contains("P050 2.3", new LicenseTransitionMustBeAllowedRule("lic_1", LicenseStatus.Revoked, LicenseStatus.Revoked).Message);
    }
}
