using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Psd;

/// <summary>§502.22(a) replacement before expiry, and the §502.27(b) withheld refund's rules.</summary>
public sealed class ReplacementAndWithheldRefundTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    private static string Broken(Action act) => Assert.Throws<BusinessRuleViolationException>(act).Code;

    [Fact]
    public void ADevice_IsDue_WhenItsCertificateOrItsClockLifeEndsWithin90Days_WhicheverIsFirst()
    {
        var commissioned = Now.AddYears(-1);
        var due = new ReplacementDue(Now.AddDays(60), ReplacementDue.ClockLifeEnd(commissioned));
        Assert.Equal((ReplacementDue.Certificate, Now.AddDays(60)), (due.Reason, due.DueAt));
        Assert.True(due.IsDueBy(ReplacementDue.HorizonFrom(Now)));

        var clock = new ReplacementDue(Now.AddYears(2), ReplacementDue.ClockLifeEnd(Now.AddMonths(-59)));
        Assert.Equal(ReplacementDue.Clock, clock.Reason);
        Assert.Contains("clock/timer life ends", clock.Describe());
        Assert.True(clock.IsDueBy(ReplacementDue.HorizonFrom(Now)));

        var fresh = new ReplacementDue(Now.AddYears(3), ReplacementDue.ClockLifeEnd(Now));
        Assert.False(fresh.IsDueBy(ReplacementDue.HorizonFrom(Now)));
    }

    [Fact]
    public void ReplacementBeforeExpiry_OnlyOfADeviceInServiceThatIsDue_AndItIsInTheHistory()
    {
        var notDue = new ReplacementDue(Now.AddYears(3), ReplacementDue.ClockLifeEnd(Now));
        var device = PostalSecurityDevice.Load("psd_old", DeviceStatus.InService, null);
        Assert.Equal("device_not_due_for_replacement", Broken(() => device.ReplaceBeforeExpiry("psd_new", notDue, ReplacementDue.HorizonFrom(Now), "usr_p", Now)));
        Assert.Empty(device.Changes);
        Assert.Contains("502.22(a)", new DeviceMustBeDueForReplacementRule("psd_old", notDue, Now).Message);

        var locked = PostalSecurityDevice.Load("psd_old", DeviceStatus.Locked, null);
        var due = new ReplacementDue(Now.AddDays(10), ReplacementDue.ClockLifeEnd(Now));
        Assert.Equal("device_not_replaceable", Broken(() => locked.CheckReplacementBeforeExpiry(due, ReplacementDue.HorizonFrom(Now))));

        device.ReplaceBeforeExpiry("psd_new", due, ReplacementDue.HorizonFrom(Now), "usr_p", Now);
        device.CheckOut("replaced by psd_new", "usr_p", Now);
        Assert.Equal(DeviceStatus.Withdrawn, device.Status);
        Assert.Equal(["replaced", "checked_out"], device.Changes.Select(c => c.Kind).ToArray());
        Assert.Equal("psd_new", device.Changes[0].Evidence);
    }

    [Fact]
    public void AWithheldRefund_IsCreditedOnce_PositiveAndNoMoreThanTheVerifiedRegisters()
    {
        Assert.True(new RefundMustBeWithheldRule("psd_x", CheckedOut: false, RegistersValidated: false).IsBroken());
        Assert.True(new RefundMustBeWithheldRule("psd_x", CheckedOut: true, RegistersValidated: true).IsBroken());
        Assert.False(new RefundMustBeWithheldRule("psd_x", CheckedOut: true, RegistersValidated: false).IsBroken());
        Assert.True(new WithheldRefundMustBeCreditedOnceRule(Now, "rfd_1").IsBroken());
        Assert.False(new WithheldRefundMustBeCreditedOnceRule(null, null).IsBroken());
        Assert.True(new ValidatedAmountMustBePositiveRule(0).IsBroken());

        // The last reset's control total 100.000 less 0.740 printed: 99.260, however the tampered row reads.
        var verified = ValidatedAmountMustNotExceedVerifiedRegistersRule.Verified(100_000, 740);
        Assert.Equal(99_260, verified);
        Assert.False(new ValidatedAmountMustNotExceedVerifiedRegistersRule(99_260, verified).IsBroken());
        var over = new ValidatedAmountMustNotExceedVerifiedRegistersRule(99_261, verified);
        Assert.True(over.IsBroken());
        Assert.Equal(("validated_amount_exceeds_verified_registers", "validated_amount"), (over.Code, ((IBusinessRule)over).Field));
        Assert.Contains("502.27(b)(1)", over.Message);
        Assert.Equal(0, ValidatedAmountMustNotExceedVerifiedRegistersRule.Verified(500, 740));
    }
}
