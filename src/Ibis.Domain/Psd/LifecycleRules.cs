namespace Ibis.Domain.Psd;

// The rules of a device's life after commissioning (P050 2.5–2.9, §502.20, §502.22, §502.24, §502.27).
// Each refusal names its section; its Kind picks the HTTP status at the edge.

/// <summary>P050 2.8: a report of a loss, theft, defect or recovery gives the date, the place and the details.</summary>
public sealed record ReportFieldRequiredRule(string ReportField, string? Value, string Section) : IBusinessRule
{
    public string Code => "report_incomplete";

    public string Message => $"{ReportField.Replace('_', ' ')} is required in this report ({Section})";

    public string? Field => ReportField;

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Value);
}

/// <summary>A loss, theft or recovery is reported after it happened, never for a future date.</summary>
public sealed record OccurrenceMustNotBeInFutureRule(string DateField, DateOnly? On, DateOnly Today) : IBusinessRule
{
    public string Code => "date_in_future";

    public string Message => $"{DateField.Replace('_', ' ')} {On:yyyy-MM-dd} is after today ({Today:yyyy-MM-dd})";

    public string? Field => DateField;

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => On is { } on && on > Today;
}

/// <summary>§502.24: a device already reported lost or stolen is not reported again; its open report is updated instead.</summary>
public sealed record DeviceMustNotAlreadyBeReportedMissingRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => "device_already_reported_missing";

    public string Message => $"device {DeviceId} is already reported {Status.ToText()}; add to its open report (police report, location steps) instead (39 CFR 502.24)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is DeviceStatus.Lost or DeviceStatus.Stolen;
}

/// <summary>
/// P050 2.8, §502.20(g): a device is reported lost or stolen from the provider's inventory or from the
/// licensee's custody; a device checked out of service (or already recovered) is not missing.
/// </summary>
public sealed record DeviceMayBeReportedMissingRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => "device_not_reportable";

    public string Message => $"device {DeviceId} is {Status.ToWords()}; only a device in inventory or in the licensee's custody can be reported lost or stolen (P050 2.8)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is not (DeviceStatus.Inventory or DeviceStatus.InService or DeviceStatus.Locked or DeviceStatus.Defective);
}

/// <summary>§502.24(c), (d): recovery, the police report and the location steps belong to a device reported lost or stolen.</summary>
public sealed record DeviceMustBeReportedMissingRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => "device_not_reported_missing";

    public string Message => $"device {DeviceId} is {Status.ToWords()}, not reported lost or stolen (39 CFR 502.24)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is not (DeviceStatus.Lost or DeviceStatus.Stolen);
}

/// <summary>§502.24(a): the seven location actions are numbered 1 to 7.</summary>
public sealed record LocationStepMustExistRule(int Step) : IBusinessRule
{
    public string Code => "location_step_invalid";

    public string Message => $"step {Step} is not one of the seven location actions of 39 CFR 502.24(a) (1–7)";

    public string? Field => "step";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Step < 1 || Step > LocationStep.Actions.Count;
}

/// <summary>A location step is recorded once; the checklist keeps who did it and when.</summary>
public sealed record LocationStepMustNotBeRepeatedRule(int Step, bool AlreadyDone) : IBusinessRule
{
    public string Code => "location_step_already_completed";

    public string Message => $"location step {Step} of 39 CFR 502.24(a) is already recorded";

    public string? Field => "step";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => AlreadyDone;
}

/// <summary>
/// §502.20(g): "The Provider must complete all preliminary location activities specified in Sec. 502.24
/// before submitting this report" — for a device the provider could not locate (§502.24(a)).
/// </summary>
public sealed record IncidentReportRequiresLocationStepsRule(string Origin, int StepsDone) : IBusinessRule
{
    public string Code => "location_steps_incomplete";

    public string Message => $"only {StepsDone} of the 7 location actions of 39 CFR 502.24(a) are recorded; all are completed before the Lost and Stolen PSD Incident Report is filed (502.20(g))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Origin == IncidentOrigin.NotLocated && StepsDone < LocationStep.Actions.Count;
}

/// <summary>§502.24(b)(1): for a device the licensee reports lost or stolen, the provider first ensures a police report was filed.</summary>
public sealed record IncidentReportRequiresPoliceReportRule(string Origin, string? PoliceReportReference) : IBusinessRule
{
    public string Code => "police_report_required";

    public string Message => "record the licensee's police report before filing the Lost and Stolen PSD Incident Report (39 CFR 502.24(b)(1))";

    public string? Field => "police_report_reference";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Origin == IncidentOrigin.LicenseeReport && string.IsNullOrWhiteSpace(PoliceReportReference);
}

/// <summary>A report is filed once; a correction is a new report that references it (§502.24(d)).</summary>
public sealed record ReportMustNotBeFiledTwiceRule(string Report, DateTimeOffset? FiledAt) : IBusinessRule
{
    public string Code => "report_already_filed";

    public string Message => $"the {Report} was already filed on {FiledAt:yyyy-MM-dd}";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => FiledAt is not null;
}

/// <summary>
/// §502.24(b)(2): "Withhold issuance of a replacement PSD until the missing PSD has been properly
/// reported to the police and to the appropriate Inspection Service CPIP specialist."
/// </summary>
public sealed record ReplacementRequiresPoliceAndInspectionNoticeRule(string? PoliceReportReference, DateTimeOffset? InspectionServiceNotifiedAt) : IBusinessRule
{
    public string Code => "replacement_withheld";

    public string Message => (PoliceReportReference is null, InspectionServiceNotifiedAt is null) switch
    {
        (true, true) => "no replacement until the police report and the Inspection Service (CPIP) notification are recorded (39 CFR 502.24(b)(2))",
        (true, false) => "no replacement until the police report is recorded (39 CFR 502.24(b)(2))",
        _ => "no replacement until the Inspection Service (CPIP) notification is recorded (39 CFR 502.24(b)(2))",
    };

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => string.IsNullOrWhiteSpace(PoliceReportReference) || InspectionServiceNotifiedAt is null;
}

/// <summary>P050 2.5f, 2.7: the licensee reports a device it uses — one in service, or locked — as defective.</summary>
public sealed record DeviceMayBeReportedDefectiveRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => Status == DeviceStatus.Defective ? "device_already_reported_defective" : "device_not_reportable";

    public string Message => Status == DeviceStatus.Defective
        ? $"device {DeviceId} is already reported defective (P050 2.7)"
        : $"device {DeviceId} is {Status.ToWords()}; only a device in service or locked is reported defective (P050 2.7)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is not (DeviceStatus.InService or DeviceStatus.Locked);
}

/// <summary>§502.20(f): retrieval and examination are of a device reported defective or withdrawn as suspect.</summary>
public sealed record DeviceMustAwaitRetrievalRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => "device_not_reported_defective";

    public string Message => $"device {DeviceId} is {Status.ToWords()}; only a device reported defective or withdrawn as suspect is retrieved and examined (39 CFR 502.20(f), (j))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is not (DeviceStatus.Defective or DeviceStatus.Suspended);
}

/// <summary>§502.20(f): "After examining the PSD withdrawn…" — a device is examined once it is back with the provider.</summary>
public sealed record ExaminationRequiresRetrievalRule(DateTimeOffset? RetrievedAt) : IBusinessRule
{
    public string Code => "device_not_retrieved";

    public string Message => "record the device's retrieval before its examination (39 CFR 502.20(f))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => RetrievedAt is null;
}

/// <summary>A retrieval or an examination is recorded once.</summary>
public sealed record StepMustNotBeRepeatedRule(string Step, DateTimeOffset? DoneAt) : IBusinessRule
{
    public string Code => "already_recorded";

    public string Message => $"the {Step} was already recorded on {DoneAt:yyyy-MM-dd}";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => DoneAt is not null;
}

/// <summary>
/// P050 2.9, §502.20(l): devices travel by Registered Mail or Priority Mail with Return Receipt for
/// Merchandise; another carrier or service only with the Postal Service's written permission on record.
/// </summary>
public sealed record ShipmentServiceMustBeAuthorizedRule(Shipment Shipment) : IBusinessRule
{
    public string Code => "shipment_service_not_authorized";

    public string Message => $"a device travels by Registered Mail or Priority Mail with Return Receipt for Merchandise; '{Shipment.Carrier}' '{Shipment.Service}' needs the Postal Service's written permission (written_permission) (P050 2.9, 39 CFR 502.20(l))";

    public string? Field => "service";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() =>
        !(string.Equals(Shipment.Carrier, "usps", StringComparison.OrdinalIgnoreCase)
          && Shipment.Service is Shipment.RegisteredMail or Shipment.PriorityMailReturnReceipt)
        && string.IsNullOrWhiteSpace(Shipment.WrittenPermission);
}

/// <summary>P050 3.3: postage lost through a malfunction is an amount of money, never negative.</summary>
public sealed record PostageLostMustNotBeNegativeRule(long PostageLostMills) : IBusinessRule
{
    public string Code => "postage_lost_invalid";

    public string Message => "postage lost through the malfunction cannot be negative (P050 3.3)";

    public string? Field => "postage_lost";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => PostageLostMills < 0;
}

/// <summary>
/// §502.20(f), (j), §502.27(b)(1): a defective device's remaining postage moves only after the
/// examination verified it, so the replacement of a defective device waits for the examination report.
/// </summary>
public sealed record ReplacementRequiresExaminationRule(DateTimeOffset? ExaminedAt) : IBusinessRule
{
    public string Code => "defect_not_examined";

    public string Message => "record the examination of the defective device (its remaining postage verified) before replacing it (39 CFR 502.20(f), (j))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => ExaminedAt is null;
}

/// <summary>A replacement is supplied for a device out of service through an incident: lost, stolen, defective or withdrawn as suspect.</summary>
public sealed record DeviceMustBeReplaceableRule(string DeviceId, DeviceStatus Status, string? ReplacementDeviceId) : IBusinessRule
{
    public string Code => ReplacementDeviceId is null ? "device_not_replaceable" : "device_already_replaced";

    public string Message => ReplacementDeviceId is null
        ? $"device {DeviceId} is {Status.ToWords()}; a replacement is supplied for a device lost, stolen, defective or withdrawn as suspect (P050 2.6, 2.7, 39 CFR 502.24), or for a device in service due for replacement (39 CFR 502.22(a))"
        : $"device {DeviceId} was already replaced by {ReplacementDeviceId}";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => ReplacementDeviceId is not null
        || Status is not (DeviceStatus.Lost or DeviceStatus.Stolen or DeviceStatus.Defective or DeviceStatus.Suspended);
}

/// <summary>A device returns to service from a lock, or after its recovery when no replacement was supplied (§502.24(c)).</summary>
public sealed record DeviceMayReturnToServiceRule(string DeviceId, DeviceStatus Status, string? ReplacementDeviceId) : IBusinessRule
{
    public string Code => "device_cannot_return_to_service";

    public string Message => ReplacementDeviceId is not null
        ? $"device {DeviceId} was replaced by {ReplacementDeviceId}; a recovered device that has a replacement is checked out of service (39 CFR 502.24(c))"
        : $"device {DeviceId} is {Status.ToWords()}; only a locked or recovered device returns to service";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is not (DeviceStatus.Locked or DeviceStatus.Recovered) || (Status == DeviceStatus.Recovered && ReplacementDeviceId is not null);
}

/// <summary>
/// §502.23, §502.24(c): a locked or recovered device prints again only after an audit that passed,
/// taken after it was locked or recovered.
/// </summary>
public sealed record ReturnToServiceRequiresCleanAuditRule(DateTimeOffset? LastCleanAuditAt, DateTimeOffset Since) : IBusinessRule
{
    public string Code => "clean_audit_required";

    public string Message => LastCleanAuditAt is null
        ? $"no audit has passed since {Since:yyyy-MM-dd HH:mm} UTC; audit the device (POST …/audits) before returning it to service (39 CFR 502.23)"
        : $"the last audit that passed ({LastCleanAuditAt:yyyy-MM-dd HH:mm} UTC) is older than the lock or recovery ({Since:yyyy-MM-dd HH:mm} UTC); audit the device again (39 CFR 502.23)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => LastCleanAuditAt is not { } at || at < Since;
}

/// <summary>
/// §502.20(e), §502.27(b): a device is checked out once it is back in the provider's hands — whatever
/// its state, locked included — but not while it is missing, and only once.
/// </summary>
public sealed record DeviceMayBeCheckedOutRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => Status switch
    {
        DeviceStatus.Withdrawn => "device_withdrawn",
        DeviceStatus.Lost or DeviceStatus.Stolen => "device_missing",
        _ => "device_not_commissioned",
    };

    public string Message => Status switch
    {
        DeviceStatus.Withdrawn => "the device has already been checked out of service",
        DeviceStatus.Lost or DeviceStatus.Stolen => $"device {DeviceId} is reported {Status.ToText()}; record its recovery before checking it out (39 CFR 502.24(c))",
        _ => $"device {DeviceId} is still in the provider's inventory; there is nothing to check out",
    };

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is DeviceStatus.Withdrawn or DeviceStatus.Lost or DeviceStatus.Stolen or DeviceStatus.Inventory;
}

/// <summary>P050 2.6: an on-site examination is of a device at the licensee's — one in service, locked or reported defective.</summary>
public sealed record DeviceMayBeExaminedOnSiteRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => "device_not_reportable";

    public string Message => $"device {DeviceId} is {Status.ToWords()}; only a device in use at the licensee's is examined on site (P050 2.6)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is not (DeviceStatus.InService or DeviceStatus.Locked or DeviceStatus.Defective);
}

/// <summary>P050 2.6: the inspector withdraws a device that is in use (in service, locked or reported defective).</summary>
public sealed record DeviceMayBeWithdrawnAsSuspectRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => "device_not_reportable";

    public string Message => $"device {DeviceId} is {Status.ToWords()}; only a device in use is withdrawn as suspect (P050 2.6)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status is not (DeviceStatus.InService or DeviceStatus.Locked or DeviceStatus.Defective);
}

/// <summary>
/// §502.23: an audit message answers for the registers at the moment it was made. When the device
/// printed or was reset after that moment, the message is stale — not evidence of tampering — and is
/// refused as bad input without locking the device.
/// </summary>
public sealed record AuditMessageMustBeCurrentRule(long MessagePieceCount, long MessageResetCount, long DevicePieceCount, long DeviceResetCount) : IBusinessRule
{
    public string Code => "audit_message_stale";

    public string Message => $"the audit message reports {MessagePieceCount} pieces and {MessageResetCount} resets, but the device has since printed or been reset ({DevicePieceCount} pieces, {DeviceResetCount} resets); ask for a new challenge and message";

    public string? Field => "message";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => MessagePieceCount < DevicePieceCount || MessageResetCount < DeviceResetCount;
}

/// <summary>P050 2.9, §502.20(l): a device travels out to its licensee, or back to the provider.</summary>
public sealed record ShipmentDirectionMustBeKnownRule(string? Direction) : IBusinessRule
{
    public string Code => "shipment_direction_invalid";

    public string Message => $"direction is {ShipmentDirection.ToLicensee} (provider → licensee) or {ShipmentDirection.ToProvider} (licensee → provider) (P050 2.9)";

    public string? Field => "direction";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Direction is not (ShipmentDirection.ToLicensee or ShipmentDirection.ToProvider);
}

/// <summary>
/// P050 2.5a, 2.9, §502.20(l): the provider ships a device in service out to its licensee, and takes back a
/// device the licensee holds — in service, locked, defective, withdrawn as suspect, recovered, or checked out
/// of service. Nobody ships a device still in inventory (not yet commissioned for a licensee) or one that is
/// lost or stolen (nobody has it).
/// </summary>
public sealed record DeviceMayBeShippedRule(string DeviceId, DeviceStatus Status, string Direction) : IBusinessRule
{
    public string Code => "device_not_shippable";

    public string Message => Direction == ShipmentDirection.ToLicensee
        ? $"device {DeviceId} is {Status.ToWords()}; only a device in service (commissioned for its licensee) is shipped out (P050 2.5a, 2.9)"
        : $"device {DeviceId} is {Status.ToWords()}; a device in inventory, lost or stolen is not shipped back (P050 2.9, 39 CFR 502.20(l))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Direction == ShipmentDirection.ToLicensee
        ? Status != DeviceStatus.InService
        : Status is DeviceStatus.Inventory or DeviceStatus.Lost or DeviceStatus.Stolen;
}

/// <summary>
/// §502.20(e), §502.27(b): the refund at check-out is the DR as the provider validated it. When the final
/// registers fail their integrity check (a tampered row: the device was locked for it), the DR they show
/// cannot be validated, so Ibis's decision is: nothing is credited at check-out — Form 3601-C records that the
/// registers could not be validated and section F shows $0 — until an examination of the device validates an
/// amount, which is then credited on its own (<see cref="ValidatedRefund"/> is the only amount a check-out moves).
/// </summary>
public sealed record UnvalidatedRegistersMustNotBeCreditedRule(bool RegistersValidated, long CreditMills) : IBusinessRule
{
    public string Code => "registers_not_validated";

    public string Message => "the device's final registers failed their integrity check; nothing is credited until an examination validates an amount (39 CFR 502.20(e), 502.27(b))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !RegistersValidated && CreditMills > 0;

    /// <summary>What a check-out credits: the final DR when the registers were validated, nothing otherwise.</summary>
    public static long ValidatedRefund(bool registersValidated, long descendingMills) => registersValidated ? descendingMills : 0;
}
