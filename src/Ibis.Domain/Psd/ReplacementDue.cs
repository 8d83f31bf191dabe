namespace Ibis.Domain.Psd;

/// <summary>
/// §502.22(a): the provider keeps its systems in operating condition "by replacing them when necessary or
/// desirable to prevent … clock/timer/battery life expiration". A logical device's life ends twice over:
/// with its certificate (a key rollover renews that), and with its clock/timer life, counted from its
/// commissioning (<see cref="ClockLifeMonths"/>; no rollover renews that). Whichever ends first is when
/// the device is due; it is due for replacement once that date is within <see cref="HorizonDays"/>.
/// </summary>
public sealed record ReplacementDue(DateTimeOffset CertificateNotAfter, DateTimeOffset ClockLifeEndsAt)
{
    /// <summary>How far ahead a device counts as due: replaced in time, not on the day it stops.</summary>
    public const int HorizonDays = 90;

    /// <summary>The clock/timer life of a device, from its commissioning: five years.</summary>
    public const int ClockLifeMonths = 60;

    public const string Certificate = "certificate";

    public const string Clock = "clock";

    /// <summary>The device's clock/timer life, from its commissioning.</summary>
    public static DateTimeOffset ClockLifeEnd(DateTimeOffset commissionedAt) => commissionedAt.AddMonths(ClockLifeMonths);

    /// <summary>The sooner of the two ends.</summary>
    public DateTimeOffset DueAt => ClockLifeEndsAt < CertificateNotAfter ? ClockLifeEndsAt : CertificateNotAfter;

    /// <summary>Which end comes first: <see cref="Certificate"/> or <see cref="Clock"/>.</summary>
    public string Reason => ClockLifeEndsAt < CertificateNotAfter ? Clock : Certificate;

    /// <summary>Due when the sooner end falls on or before <paramref name="horizon"/>.</summary>
    public bool IsDueBy(DateTimeOffset horizon) => DueAt <= horizon;

    /// <summary>The horizon a replacement is measured against, from now.</summary>
    public static DateTimeOffset HorizonFrom(DateTimeOffset now) => now.AddDays(HorizonDays);

    public string Describe() => Reason == Clock
        ? $"its clock/timer life ends {ClockLifeEndsAt:yyyy-MM-dd}"
        : $"its certificate ends {CertificateNotAfter:yyyy-MM-dd}";
}

/// <summary>
/// §502.22(a): a device in service with no incident (not lost, stolen, defective or suspect) is replaced
/// only when it is due — its certificate or its clock/timer life ends within <see cref="ReplacementDue.HorizonDays"/> days.
/// </summary>
public sealed record DeviceMustBeDueForReplacementRule(string DeviceId, ReplacementDue Due, DateTimeOffset Horizon) : IBusinessRule
{
    public string Code => "device_not_due_for_replacement";

    public string Message => $"device {DeviceId} has no incident and is not due for replacement: its certificate ends {Due.CertificateNotAfter:yyyy-MM-dd} and its clock/timer life {Due.ClockLifeEndsAt:yyyy-MM-dd}, neither within {ReplacementDue.HorizonDays} days; a device in service is replaced before expiry only when one of them is due (39 CFR 502.22(a))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Due.IsDueBy(Horizon);
}
