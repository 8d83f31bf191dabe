using Ibis.Domain;
using Ibis.Domain.Compliance;
using Xunit;

namespace Ibis.Domain.Tests.Compliance;

/// <summary>Issue 15: each dated duty's deadline, status and notices follow from the rule and the instant alone.</summary>
public sealed class DutyTests
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private static Duty Watchdog(DateTimeOffset due, DateTimeOffset? done = null) => new(ResetOrAuditEveryThreeMonthsDuty.Instance, "psd_1", due, done);

    [Fact]
    public void Status_IsDueBeforeTheDeadline_OverdueFromIt_DoneOnceCompleted()
    {
        var duty = Watchdog(T0);
        Assert.Equal(DutyStatus.Due, duty.StatusAt(T0.AddTicks(-1)));
        Assert.Equal(DutyStatus.Overdue, duty.StatusAt(T0));
        Assert.Equal(DutyStatus.Done, Watchdog(T0, T0.AddDays(5)).StatusAt(T0.AddDays(10)));
    }

    [Fact]
    public void Notices_ReminderInItsWindow_OverdueAndEscalationAtTheDeadline_EachOnce()
    {
        var duty = Watchdog(T0);
        Assert.Empty(duty.NoticesOwed(T0.AddDays(-14).AddTicks(-1), false, false));
        Assert.Equal([DutyNoticeKind.Reminder], duty.NoticesOwed(T0.AddDays(-14), false, false));
        Assert.Empty(duty.NoticesOwed(T0.AddDays(-1), reminded: true, overdueNoticed: false));
        Assert.Equal([DutyNoticeKind.Overdue, DutyNoticeKind.Escalation], duty.NoticesOwed(T0, true, false));
        Assert.Empty(duty.NoticesOwed(T0.AddDays(30), true, overdueNoticed: true));
    }

    [Fact]
    public void Notices_AfterDowntimePastTheDeadline_NoLateReminder_OnlyOverdue()
    {
        Assert.Equal([DutyNoticeKind.Overdue, DutyNoticeKind.Escalation], Watchdog(T0).NoticesOwed(T0.AddDays(100), false, false));
    }

    [Fact]
    public void Notices_NoneForADoneDuty_NoEscalationWhenTheRuleHasNone()
    {
        Assert.Empty(Watchdog(T0, T0.AddDays(-1)).NoticesOwed(T0.AddDays(1), false, false));
        var appeal = new Duty(AppealWithinTenDaysDuty.Instance, "lic_1", T0);
        Assert.Equal([DutyNoticeKind.Overdue], appeal.NoticesOwed(T0, true, false));
        var daily = new Duty(DailyFinancialTransactionsDuty.Instance, "prv_1:2027-01-04", T0);
        Assert.Null(daily.RemindAt);
        Assert.Empty(daily.NoticesOwed(T0.AddTicks(-1), false, false));
    }

    [Fact]
    public void Deadlines_AreTheRulesPeriods()
    {
        Assert.Equal(T0.AddMonths(3), ResetOrAuditEveryThreeMonthsDuty.DueAt(T0)); // P050 2.5c, 3.4
        Assert.Equal(T0.AddDays(10), AppealWithinTenDaysDuty.DueAt(T0)); // P050 2.4
        Assert.Equal(T0.AddDays(15), RemoveDeviceAfterRevocationDuty.DueAt(T0)); // §502.20(h)
        Assert.Equal(T0.AddMonths(6), AmsUpdateEverySixMonthsDuty.DueAt(T0)); // P050 2.5g
        Assert.Equal(T0.AddMonths(12), LicenseInformationCheckDuty.DueAt(T0)); // P050 2.5e
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 0, 0, 0, TimeSpan.Zero), DailyFinancialTransactionsDuty.DueAt(new DateOnly(2027, 1, 4))); // §502.20(m)
        Assert.Equal(T0.AddDays(2), DailyRetentionDisposalDuty.DueAt(T0));
        Assert.Equal("prv_1:2027-01-04", DailyFinancialTransactionsDuty.SubjectOf("prv_1", new DateOnly(2027, 1, 4)));
    }

    public static TheoryData<IDutyRule> AllRules => new()
    {
        ResetOrAuditEveryThreeMonthsDuty.Instance, RemoveDeviceAfterRevocationDuty.Instance, AppealWithinTenDaysDuty.Instance,
        AmsUpdateEverySixMonthsDuty.Instance, LicenseInformationCheckDuty.Instance, DailyFinancialTransactionsDuty.Instance, DailyRetentionDisposalDuty.Instance,
    };

    [Theory]
    [MemberData(nameof(AllRules))]
    public void EveryDuty_HasALowerSnakeCode_CitesASection_AndSaysWhatToDo(IDutyRule rule)
    {
        Assert.Matches("^[a-z0-9]+(_[a-z0-9]+)*$", rule.Code);
        Assert.Matches("(P050|§502|820\\.100)", rule.Section);
        Assert.False(string.IsNullOrWhiteSpace(rule.Title));
        Assert.True(rule.ReminderLead >= TimeSpan.Zero);
        Assert.NotEqual(rule.Owner, rule.EscalatesTo);
    }

    [Fact]
    public void OnlyDeclarableDuties_AreDeclared_AndOnlyOnce()
    {
        Assert.True(AmsUpdateEverySixMonthsDuty.Instance.CompletedByDeclaration);
        Assert.True(LicenseInformationCheckDuty.Instance.CompletedByDeclaration);
        Assert.False(((IDutyRule)ResetOrAuditEveryThreeMonthsDuty.Instance).CompletedByDeclaration);
        Assert.True(new DutyMustBeDeclarableRule("x", false).IsBroken());
        Assert.False(new DutyMustBeDeclarableRule("x", true).IsBroken());
        Assert.True(new DutyMustBeOpenRule(DutyStatus.Done).IsBroken());
        Assert.False(new DutyMustBeOpenRule(DutyStatus.Overdue).IsBroken());
        Assert.Equal(RuleKind.Conflict, new DutyMustBeOpenRule(DutyStatus.Done).Kind);
        Assert.Equal(RuleKind.NotFound, new DutyMustBelongToCallerRule(false).Kind);
        Assert.True(new DutyMustBelongToCallerRule(false).IsBroken());
    }

    [Theory]
    [InlineData(false, 1, true)]
    [InlineData(false, 0, false)]
    [InlineData(true, 1, false)]
    [InlineData(false, -1, true)]
    public void ClockOffset_OnlyInASandbox(bool sandbox, int days, bool broken) =>
        Assert.Equal(broken, new ClockOffsetOnlyInSandboxRule(TimeSpan.FromDays(days), sandbox).IsBroken());

    [Fact]
    public void Codes_AreStable()
    {
        Assert.Equal(["licensee", "provider", "postal"], new[] { DutyParty.Licensee, DutyParty.Provider, DutyParty.PostalService }.Select(DutyCodes.Of));
        Assert.Equal(["due", "overdue", "done"], new[] { DutyStatus.Due, DutyStatus.Overdue, DutyStatus.Done }.Select(s => s.ToText()));
        Assert.Equal(["reminder", "overdue", "escalation"], new[] { DutyNoticeKind.Reminder, DutyNoticeKind.Overdue, DutyNoticeKind.Escalation }.Select(DutyCodes.Of));
        Assert.Equal("lapsed", DutyCodes.Of(DutyOutcome.Lapsed));
        Assert.True(EnumText<DutyStatus>.TryParse("overdue", out var overdue));
        Assert.Equal(DutyStatus.Overdue, overdue);
        Assert.False(EnumText<DutyStatus>.TryParse("late", out _));
    }
}
