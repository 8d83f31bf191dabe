namespace Ibis.Domain.Licensing;

/// <summary>P050 2.2: the only grounds on which the Postal Service may refuse to issue a license.</summary>
public static class RefusalReasons
{
    public const string FalseInformation = "false_information";
    public const string RevokedWithinFiveYears = "revoked_within_5_years";
    public const string ReasonToBelieveMisuse = "reason_to_believe_misuse";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [FalseInformation] = "the applicant submitted false or fictitious information on the license application (P050 2.2)",
        [RevokedWithinFiveYears] = "a license of the applicant was revoked within the 5 years preceding the application for violating a standard for the care or use of an IBI product/device (P050 2.2)",
        [ReasonToBelieveMisuse] = "there is sufficient reason to believe that the product/device is to be used in violation of the applicable standards (P050 2.2)",
    };
}

/// <summary>P050 2.3 a–f: the reasons for which a license may be revoked.</summary>
public static class RevocationReasons
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["a"] = "the IBI product/device is used for an illegal scheme or enterprise, or there is probable cause to believe it is to be used in violation of the applicable standards (P050 2.3a)",
        ["b"] = "the IBI product/device was not reset or audited within a 3-month period (P050 2.3b)",
        ["c"] = "sufficient control of the IBI product/device is not exercised or the standards for its care or use are not followed (P050 2.3c)",
        ["d"] = "the IBI product/device is kept or used outside the boundaries of the United States and its territories and possessions without USPS approval (P050 2.3d)",
        ["e"] = "IBI mail is deposited at other than the licensing post office (P050 2.3e)",
        ["f"] = "mailpieces were not forwarded to the Provider for quality assurance as required by P050 2.5h (P050 2.3f)",
    };
}

/// <summary>
/// P050 2.4: a refused applicant or revoked licensee may appeal in writing within 10 calendar days of
/// receipt of the decision. Calendar days are counted on the UTC calendar: a decision received on
/// 1 March may be appealed up to and including 11 March.
/// </summary>
public static class AppealWindow
{
    public const int CalendarDays = 10;

    public static DateOnly LastDay(DateTimeOffset receivedAt) => DateOnly.FromDateTime(receivedAt.UtcDateTime).AddDays(CalendarDays);

    public static bool IsOpen(DateTimeOffset receivedAt, DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime) <= LastDay(receivedAt);
}

/// <summary>P050 2.4: an appeal filed after the window closed is refused.</summary>
public sealed record AppealMustBeTimelyRule(DateTimeOffset ReceivedAt, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "appeal_window_closed";

    public string Message => $"an appeal must be filed within {AppealWindow.CalendarDays} calendar days of receipt of the decision; the last day was {AppealWindow.LastDay(ReceivedAt):yyyy-MM-dd} (P050 2.4)";

    public string? Field => "decision_id";

    public bool IsBroken() => !AppealWindow.IsOpen(ReceivedAt, Now);
}

/// <summary>§502.20(h): after a revocation the provider cancels the lease and removes the PSD within 15 calendar days.</summary>
public static class RevocationDeadlines
{
    public const int RemovePsdCalendarDays = 15;

    public static DateTimeOffset RemovePsdBy(DateTimeOffset revokedAt) => revokedAt.AddDays(RemovePsdCalendarDays);
}

/// <summary>
/// §502.20(c)(h), P050 2.5i: resetting is done under a signed lease with its financial agreement; once
/// the provider has cancelled the lease (as after a revocation) the device is not reset. Licenses whose
/// leases were signed before leases were recorded (none on record) are not affected.
/// </summary>
public sealed record LeaseMustBeActiveRule(string LicenseId, bool AnyLeaseOnRecord, bool AnyActiveLease) : IBusinessRule
{
    public string Code => "lease_cancelled";

    public string Message => $"the lease under license {LicenseId} was cancelled; a device is reset only under a signed lease with its financial agreement for resetting (§502.20(c), P050 2.5i)";

    public bool IsBroken() => AnyLeaseOnRecord && !AnyActiveLease;
}

/// <summary>
/// P050 1.3, 2.5i, §502.20(c): a device prints and is reset only under an active lease that names it.
/// A device with no lease on record (still in inventory) or whose lease was cancelled is refused.
/// </summary>
public sealed record DeviceMustBeUnderActiveLeaseRule(string DeviceId, string? LeaseId, LeaseStatus? LeaseStatus) : IBusinessRule
{
    public string Code => LeaseId is null ? "lease_required" : "lease_cancelled";

    public string Message => LeaseId is null
        ? $"device {DeviceId} is not named by any lease; a device prints and is reset only under a signed lease (P050 1.3, 2.5i)"
        : $"the lease {LeaseId} naming device {DeviceId} was cancelled; a device prints and is reset only under an active lease with its financial agreement for resetting (§502.20(c), P050 2.5i)";


    // A lease id whose row is not found (null status) is not read as active.
    public bool IsBroken() => LeaseId is null || LeaseStatus is not Licensing.LeaseStatus.Active;
}
