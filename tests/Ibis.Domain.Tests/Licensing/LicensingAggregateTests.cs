using Ibis.Domain.Licensing;
using Xunit;

namespace Ibis.Domain.Tests.Licensing;

/// <summary>
/// The licensing aggregates (P050 2.1–2.5, §502.20(b)): every move each allows, and every move it refuses
/// with the rule and the code the API answers (409 Conflict for each).
/// </summary>
public sealed class LicensingAggregateTests
{
    private static readonly LicenseApplicationStatus[] ApplicationStatuses = Enum.GetValues<LicenseApplicationStatus>();
    private static readonly LicenseStatus[] LicenseStatuses = Enum.GetValues<LicenseStatus>();
    private static readonly AppealStatus[] AppealStatuses = Enum.GetValues<AppealStatus>();

    private static T Refused<T>(Action move) where T : IBusinessRule =>
        Assert.IsType<T>(Assert.Throws<BusinessRuleViolationException>(move).Rule);

    // --- Form 3601-A ---

    [Fact]
    public void AnApplication_IsSubmitted_Transmitted_ThenApproved()
    {
        var application = LicenseApplication.Submit("app_1");
        Assert.Equal(LicenseApplicationStatus.Submitted, application.Status);
        application.Transmit();
        Assert.Equal(LicenseApplicationStatus.Transmitted, application.Status);
        application.Approve();
        Assert.Equal(LicenseApplicationStatus.Approved, application.Status);
    }

    [Fact]
    public void ATransmittedApplication_IsRefused_ForAReasonOf2_2()
    {
        var application = LicenseApplication.Load("app_1", LicenseApplicationStatus.Transmitted);
        application.Refuse(RefusalReasons.FalseInformation);
        Assert.Equal(LicenseApplicationStatus.Refused, application.Status);
    }

    [Fact]
    public void ARefusal_WithoutAReasonOf2_2_IsBadInput_BeforeTheStateIsLookedAt()
    {
        var application = LicenseApplication.Load("app_1", LicenseApplicationStatus.Approved);
        Assert.Equal("refusal_reason_invalid", Refused<RefusalMustStateReasonRule>(() => application.Refuse("no_reason")).Code);
        Assert.Equal(LicenseApplicationStatus.Approved, application.Status);
    }

    [Theory]
    [InlineData(LicenseApplicationStatus.Submitted)]
    [InlineData(LicenseApplicationStatus.Transmitted)]
    public void AnUndecidedApplication_IsWithdrawn(LicenseApplicationStatus from)
    {
        var application = LicenseApplication.Load("app_1", from);
        application.Withdraw();
        Assert.Equal(LicenseApplicationStatus.Withdrawn, application.Status);
    }

    [Fact]
    public void ARefusedApplication_IsReopened_ByAGrantedAppeal()
    {
        var application = LicenseApplication.Load("app_1", LicenseApplicationStatus.Refused);
        application.ReopenOnAppeal();
        Assert.Equal(LicenseApplicationStatus.Transmitted, application.Status);
        application.Approve();
        Assert.Equal(LicenseApplicationStatus.Approved, application.Status);
    }

    public static TheoryData<LicenseApplicationStatus, string> RefusedApplicationMoves()
    {
        var data = new TheoryData<LicenseApplicationStatus, string>();
        foreach (var from in ApplicationStatuses)
        {
            if (from != LicenseApplicationStatus.Submitted) data.Add(from, "transmit");
            if (from != LicenseApplicationStatus.Transmitted)
            {
                data.Add(from, "approve");
                data.Add(from, "refuse");
            }
            if (from is not (LicenseApplicationStatus.Submitted or LicenseApplicationStatus.Transmitted)) data.Add(from, "withdraw");
            if (from != LicenseApplicationStatus.Refused) data.Add(from, "reopen");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedApplicationMoves))]
    public void EveryOtherApplicationMove_IsRefused_WithItsCode(LicenseApplicationStatus from, string move)
    {
        var application = LicenseApplication.Load("app_1", from);
        Action act = move switch
        {
            "transmit" => application.Transmit,
            "approve" => application.Approve,
            "refuse" => () => application.Refuse(RefusalReasons.ReasonToBelieveMisuse),
            "withdraw" => application.Withdraw,
            _ => application.ReopenOnAppeal,
        };
        var rule = Refused<LicenseApplicationTransitionMustBeAllowedRule>(act);
        Assert.Equal(from, application.Status);
        Assert.Equal(RuleKind.Conflict, rule.Kind);
        var (code, section) = move switch
        {
            "transmit" => ("application_not_submitted", "§502.20(b)"),
            "approve" or "refuse" => ("application_not_transmitted", "P050 2.1"),
            "withdraw" => ("application_decided", "P050 2.1"),
            _ => ("application_not_refused", "P050 2.4"),
        };
        Assert.Equal(code, rule.Code);
        Assert.Contains($"application app_1 is {from.ToWords()};", rule.Message, StringComparison.Ordinal);
        Assert.Contains(section, rule.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheApplicationMoves_AreExactlyTheOnesOfP050_2_1To2_4()
    {
        var allowed = (from f in ApplicationStatuses
                       from t in ApplicationStatuses
                       from onAppeal in new[] { false, true }
                       where LicenseApplicationTransitionMustBeAllowedRule.Allows(f, t, onAppeal)
                       select $"{f.ToText()}→{t.ToText()}{(onAppeal ? " on appeal" : "")}").ToList();
        Assert.Equal(
            ["submitted→transmitted", "submitted→withdrawn", "transmitted→approved", "transmitted→refused", "transmitted→withdrawn", "refused→transmitted on appeal"],
            allowed);
    }

    // --- Form 3601-B ---

    [Fact]
    public void ALicense_IsIssuedValid_ThenRevoked_ThenReinstatedOnAppeal()
    {
        var license = License.Issue("lic_1");
        Assert.Equal(LicenseStatus.Valid, license.Status);
        license.Revoke("b");
        Assert.Equal(LicenseStatus.Revoked, license.Status);
        license.Reinstate();
        Assert.Equal(LicenseStatus.Valid, license.Status);
    }

    [Fact]
    public void AValidLicense_IsSuperseded_AndRevised()
    {
        var license = License.Load("lic_1", LicenseStatus.Valid);
        license.Revise();
        Assert.Equal(LicenseStatus.Valid, license.Status);
        license.Supersede();
        Assert.Equal(LicenseStatus.Superseded, license.Status);
    }

    [Fact]
    public void ARevocation_WithoutAReasonA_F_IsBadInput_BeforeTheStateIsLookedAt()
    {
        var license = License.Load("lic_1", LicenseStatus.Superseded);
        Assert.Equal("revocation_reason_invalid", Refused<RevocationMustStateReasonRule>(() => license.Revoke("g")).Code);
        Assert.Equal("revocation_reason_invalid", Refused<RevocationMustStateReasonRule>(() => license.Revoke(null)).Code);
    }

    [Theory]
    [InlineData(LicenseStatus.Revoked)]
    [InlineData(LicenseStatus.Superseded)]
    public void OnlyAValidLicense_IsRevoked_Superseded_OrRevised(LicenseStatus from)
    {
        var license = License.Load("lic_1", from);
        var revoke = Refused<LicenseTransitionMustBeAllowedRule>(() => license.Revoke("c"));
        Assert.Equal(("license_not_valid", RuleKind.Conflict), (revoke.Code, revoke.Kind));
        Assert.Equal($"license lic_1 is {from.ToWords()}; only a valid license is revoked (P050 2.3)", revoke.Message);
        var supersede = Refused<LicenseTransitionMustBeAllowedRule>(license.Supersede);
        Assert.Equal("license_not_valid", supersede.Code);
        Assert.Contains("P050 2.5e", supersede.Message, StringComparison.Ordinal);
        Assert.Equal("license_not_valid", Refused<LicenseMustBeValidForRule>(license.Revise).Code);
        Assert.Equal(from, license.Status);
    }

    [Theory]
    [InlineData(LicenseStatus.Valid)]
    [InlineData(LicenseStatus.Superseded)]
    public void OnlyARevokedLicense_IsReinstated(LicenseStatus from)
    {
        var license = License.Load("lic_1", from);
        var rule = Refused<LicenseTransitionMustBeAllowedRule>(license.Reinstate);
        Assert.Equal(("license_not_revoked", RuleKind.Conflict), (rule.Code, rule.Kind));
        Assert.Contains("P050 2.4", rule.Message, StringComparison.Ordinal);
        Assert.Equal(from, license.Status);
    }

    [Fact]
    public void TheLicenseMoves_AreExactlyTheOnesOfP050_2_3To2_5()
    {
        var allowed = (from f in LicenseStatuses
                       from t in LicenseStatuses
                       where LicenseTransitionMustBeAllowedRule.Allows(f, t)
                       select $"{f.ToText()}→{t.ToText()}").ToList();
        Assert.Equal(["valid→revoked", "valid→superseded", "revoked→valid"], allowed);
    }

    // --- Appeals ---

    [Fact]
    public void AnAppeal_IsFiledInWriting_Pending()
    {
        Assert.Equal(AppealStatus.Pending, Appeal.File("apl_1", "the refusal rests on a misread form").Status);
        Assert.Equal("statement_required", Refused<AppealMustBeInWritingRule>(() => Appeal.File("apl_1", " ")).Code);
    }

    [Fact]
    public void APendingAppeal_IsGranted_OrDenied()
    {
        var granted = Appeal.Load("apl_1", AppealStatus.Pending);
        granted.Grant();
        Assert.Equal(AppealStatus.Granted, granted.Status);
        var denied = Appeal.Load("apl_2", AppealStatus.Pending);
        denied.Deny();
        Assert.Equal(AppealStatus.Denied, denied.Status);
    }

    [Theory]
    [InlineData(AppealStatus.Granted)]
    [InlineData(AppealStatus.Denied)]
    public void ADecidedAppeal_IsFinal(AppealStatus from)
    {
        var appeal = Appeal.Load("apl_1", from);
        foreach (Action move in new Action[] { appeal.Grant, appeal.Deny })
        {
            var rule = Refused<AppealTransitionMustBeAllowedRule>(move);
            Assert.Equal(("appeal_decided", RuleKind.Conflict), (rule.Code, rule.Kind));
            Assert.Equal($"appeal apl_1 was already decided ({from.ToWords()}); the decision on an appeal is final (P050 2.4)", rule.Message);
        }
        Assert.Equal(from, appeal.Status);
    }

    [Fact]
    public void TheAppealMoves_AreExactlyTheOnesOfP050_2_4()
    {
        var allowed = (from f in AppealStatuses
                       from t in AppealStatuses
                       where AppealTransitionMustBeAllowedRule.Allows(f, t)
                       select $"{f.ToText()}→{t.ToText()}").ToList();
        Assert.Equal(["pending→granted", "pending→denied"], allowed);
    }
}
