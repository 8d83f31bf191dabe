namespace Ibis.Domain.Psd;

/// <summary>What happened to a device that took it out of normal service.</summary>
public static class IncidentKind
{
    /// <summary>P050 2.8, §502.24: lost, or not located by the provider.</summary>
    public const string Lost = "lost";

    /// <summary>P050 2.8, §502.24(b): stolen.</summary>
    public const string Stolen = "stolen";

    /// <summary>P050 2.5f, 2.7, §502.20(f): misregistering or otherwise defective.</summary>
    public const string Defective = "defective";

    /// <summary>P050 2.6: withdrawn by the Inspection Service as suspect.</summary>
    public const string Suspect = "suspect";

    public static bool IsMissing(string kind) => kind is Lost or Stolen;
}

/// <summary>Who found out: the licensee's report (§502.24(b)) or the provider not locating the device (§502.24(a)).</summary>
public static class IncidentOrigin
{
    public const string LicenseeReport = "licensee_report";
    public const string NotLocated = "not_located";
    public const string Inspection = "inspection";
}

/// <summary>One of the seven actions of §502.24(a), done: when, by whom, with what outcome.</summary>
public sealed record LocationStep(int Number, string Outcome, string Actor, DateTimeOffset At)
{
    /// <summary>§502.24(a)(1)–(7), in the rule's words.</summary>
    public static IReadOnlyList<string> Actions { get; } =
    [
        "Call directory assistance for the licensee's new telephone number",
        "Contact the licensee's local post office for current change of address information",
        "Contact the CMLS site and the local MATS coordinator to verify the location of the PSD or licensee",
        "Contact the rental agency responsible for the property where the licensee was located, if applicable",
        "Visit the licensee's last known address to ask the building superintendent or a neighbor",
        "Mail a certified letter with return receipt to the last known address, endorsed \"Forwarding and Address Correction Requested\"",
        "If new address information was obtained, complete any scheduled PSD inspection promptly",
    ];
}

/// <summary>Which way a device travels (P050 2.5a, 2.9).</summary>
public static class ShipmentDirection
{
    /// <summary>Outbound: from the provider to the licensee.</summary>
    public const string ToLicensee = "to_licensee";

    /// <summary>Return: from the licensee back to the provider (a defective, suspect, recovered or checked-out device).</summary>
    public const string ToProvider = "to_provider";
}

/// <summary>How a device travels between the licensee and the provider (P050 2.9, §502.20(l)).</summary>
public sealed record Shipment(string Carrier, string Service, string TrackingNumber, string? WrittenPermission)
{
    /// <summary>§502.20(l): Postal Service Registered Mail.</summary>
    public const string RegisteredMail = "registered_mail";

    /// <summary>P050 2.9: Priority Mail with Return Receipt for Merchandise.</summary>
    public const string PriorityMailReturnReceipt = "priority_mail_return_receipt";
}

/// <summary>
/// The record of one incident in a device's life: a loss or theft with its police report,
/// Inspection Service notification, location checklist and reports (§502.24); a defect with its
/// retrieval and examination (§502.20(f), (j)); a withdrawal as suspect (P050 2.6). Immutable: the
/// device aggregate replaces it with the next version on every step.
/// </summary>
public sealed record DeviceIncident
{
    public required string Id { get; init; }
    public required string DeviceId { get; init; }
    public required string Kind { get; init; }
    public required string Origin { get; init; }
    public required string ReportedBy { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>P050 2.8: the date, place and details of the loss, theft or defect.</summary>
    public DateOnly? OccurredOn { get; init; }
    public string? Place { get; init; }
    public string? Details { get; init; }

    /// <summary>§502.24(b)(1): the police report, and the Inspection Service (CPIP specialist) notification.</summary>
    public string? PoliceReportReference { get; init; }
    public DateTimeOffset? PoliceReportRecordedAt { get; init; }
    public string? InspectionServiceContact { get; init; }
    public DateTimeOffset? InspectionServiceNotifiedAt { get; init; }

    public IReadOnlyList<LocationStep> LocationSteps { get; init; } = [];

    /// <summary>§502.20(g), §502.24: the Lost and Stolen PSD Incident Report, due 30 days after the determination.</summary>
    public DateOnly? IncidentReportDueOn { get; init; }
    public DateTimeOffset? IncidentReportFiledAt { get; init; }

    /// <summary>§502.24(c), (d): recovery, and the new incident report due 30 days after it.</summary>
    public DateOnly? RecoveredOn { get; init; }
    public string? RecoveryPlace { get; init; }
    public string? RecoveryDetails { get; init; }
    public DateOnly? RecoveryReportDueOn { get; init; }
    public DateTimeOffset? RecoveryReportFiledAt { get; init; }

    /// <summary>§502.20(f): retrieval due within 3 business days of the licensee's report.</summary>
    public DateOnly? RetrievalDueOn { get; init; }
    public DateTimeOffset? RetrievedAt { get; init; }
    public Shipment? Shipment { get; init; }

    /// <summary>§502.20(f), (j): the examination report explaining the malfunction; postage lost is the provider's loss (P050 3.3).</summary>
    public DateTimeOffset? ExaminedAt { get; init; }
    public string? ExaminationFindings { get; init; }
    public long PostageLostMills { get; init; }

    /// <summary>P050 2.6: the inspector's recorded decision that the device may be fraudulently set; its postage then stays.</summary>
    public bool FraudSuspected { get; init; }

    public string? ReplacementDeviceId { get; init; }
    public DateTimeOffset? ReplacedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public bool IsMissing => IncidentKind.IsMissing(Kind) && RecoveredOn is null;

    public bool LocationChecklistComplete => Enumerable.Range(1, LocationStep.Actions.Count).All(n => LocationSteps.Any(s => s.Number == n));
}
