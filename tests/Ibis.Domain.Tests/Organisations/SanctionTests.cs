using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;
using Xunit;

namespace Ibis.Domain.Tests.Organisations;

/// <summary>The sanction procedure's transitions and rules (39 CFR 502.5, 502.13, 502.15, 502.21), and the 3601-C year (§502.20(e)).</summary>
public sealed class SanctionTests
{
    private static readonly DateTimeOffset T0 = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Broken(Action act) => Assert.Throws<BusinessRuleViolationException>(act).Code;

    [Fact]
    public void WillfulViolation_UnderSection5_SkipsTheCurePeriod_AndTakesEffectWithoutDefense()
    {
        var (s, step) = Sanction.Issue("snc_1", "prv_1", SanctionBasis.Authorization, SanctionAction.Suspension, "willful misuse", true, 90, null, null, null, T0);
        Assert.Equal(SanctionStage.Noticed, s.Stage);
        Assert.Equal("noticed", step.Kind);
        Assert.Equal(T0.AddDays(30), s.DefenseDueAt);
        Assert.False(s.TakesEffectAt(T0.AddDays(29)));
        Assert.True(s.TakesEffectAt(T0.AddDays(30)));
        s.TakeEffect(T0.AddDays(30));
        Assert.Equal(T0.AddDays(120), s.EndsAt);
        Assert.Equal(ProviderStatus.Suspended, s.ImposedStatus(T0.AddDays(31)));
        Assert.Equal("sanction_not_decided", Broken(() => s.Appeal("x", T0.AddDays(31))));
        Assert.True(s.EndsBy(T0.AddDays(120)));
        s.End(T0.AddDays(120));
        Assert.Null(s.ImposedStatus(T0.AddDays(121)));
    }

    [Fact]
    public void Rules_BoundTheProcedure()
    {
        Assert.Equal("suspension_days_invalid", Broken(() => Sanction.Issue("s", "p", SanctionBasis.Authorization, SanctionAction.Suspension, "g", true, 91, null, null, null, T0)));
        Assert.Equal("sanction_action_not_allowed", Broken(() => Sanction.Issue("s", "p", SanctionBasis.Reporting, SanctionAction.Revocation, "g", false, null, null, null, null, T0)));
        Assert.Equal("sanction_amount_required", Broken(() => Sanction.Issue("s", "p", SanctionBasis.Reporting, SanctionAction.AdministrativeSanction, "g", false, null, Mills.Zero, null, null, T0)));
        Assert.Equal("cure_period_required", Broken(() => Sanction.Issue("s", "p", SanctionBasis.SystemApproval, SanctionAction.Suspension, "g", true, 30, null, null, null, T0)));
        Assert.Equal("defense_days_invalid", Broken(() => Sanction.Issue("s", "p", SanctionBasis.Authorization, SanctionAction.Revocation, "g", true, null, null, null, 31, T0)));
        Assert.Equal("sanction_grounds_required", Broken(() => Sanction.Issue("s", "p", SanctionBasis.Authorization, SanctionAction.Revocation, " ", true, null, null, null, null, T0)));
        var (s, _) = Sanction.Issue("s", "p", SanctionBasis.Reporting, SanctionAction.AdministrativeSanction, "late §502.14 report", false, null, Mills.FromMills(5_000), null, 10, T0);
        Assert.Equal(T0.AddDays(10), s.DefenseDueAt); // "unless a shorter period is deemed necessary"
        Assert.Equal("defense_period_over", Broken(() => s.Defend("late", T0.AddDays(11))));
    }

    [Fact]
    public void Revocation_HoldsTheProviderSuspended_WhileAppealable_ThenFinal_AndAnAppealStaysIt()
    {
        var (s, _) = Sanction.Issue("s", "p", SanctionBasis.Authorization, SanctionAction.Revocation, "g", true, null, null, null, null, T0);
        s.Defend("defense", T0.AddDays(5));
        s.Decide(true, "reasons", null, T0.AddDays(10));
        s.TakeEffect(T0.AddDays(10));
        Assert.Equal(ProviderStatus.Suspended, s.ImposedStatus(T0.AddDays(20)));
        Assert.Equal(ProviderStatus.Revoked, s.ImposedStatus(T0.AddDays(40)));
        s.Appeal("appeal", T0.AddDays(39));
        Assert.Null(s.ImposedStatus(T0.AddDays(41))); // stayed
        Assert.Equal("sanction_appeal_period_over", Broken(() =>
        {
            var (late, _) = Sanction.Issue("s2", "p", SanctionBasis.Authorization, SanctionAction.Revocation, "g", true, null, null, null, null, T0);
            late.Defend("d", T0.AddDays(1));
            late.Decide(true, "r", null, T0.AddDays(2));
            late.Appeal("too late", T0.AddDays(33));
        }));
    }

    [Fact]
    public void Form3601C_IsKeptAtLeastOneYear()
    {
        Assert.True(new ActivityReportMustBeKeptOneYearRule(T0, T0.AddDays(364)).IsBroken());
        Assert.False(new ActivityReportMustBeKeptOneYearRule(T0, T0.AddYears(1)).IsBroken());
        Assert.Equal("form_3601c", RetentionSchedule.Code(RetentionCategory.ActivityReport));
    }
}
