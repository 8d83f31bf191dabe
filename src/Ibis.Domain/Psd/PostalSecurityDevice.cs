using Ibis.Domain.Money;
using Ibis.Domain.Calendar;

namespace Ibis.Domain.Psd;

/// <summary>One entry of a device's history (§502.19): what happened, from which state to which, who, when, why, on what evidence.</summary>
public sealed record DeviceTransition(string Kind, DeviceStatus From, DeviceStatus To, string Actor, DateTimeOffset At, string? Reason, string? Evidence = null);

/// <summary>A loss or theft as the licensee or provider reports it (P050 2.8).</summary>
public sealed record MissingDeviceReport(DateOnly? OccurredOn, string? Place, string? Details, string? PoliceReportReference, string? InspectionServiceContact);

/// <summary>
/// The postal security device's life (P050 2.5–2.9, §502.19–.24, §502.27(b)) — the aggregate whose named
/// transitions check their rule and write a history entry:
/// in inventory → in service → locked | defective | lost | stolen | withdrawn as suspect → recovered → checked out.
/// Its registers (<c>PostalSecurityDevice.Registers.cs</c>) move only through its own methods. A life-cycle use
/// case loads the aggregate from its row, calls one method, and writes back <see cref="Status"/>,
/// <see cref="Incident"/> and <see cref="Changes"/>.
/// </summary>
public sealed partial class PostalSecurityDevice
{
    /// <summary>§502.20(g), §502.24, §502.24(d): incident and recovery reports are due 30 days after the event.</summary>
    public const int ReportDays = 30;

    /// <summary>§502.20(f), P050 2.7: a defective device is retrieved within 3 business days.</summary>
    public const int RetrievalBusinessDays = 3;

    private readonly List<DeviceTransition> _changes = [];

    private PostalSecurityDevice(string id, DeviceStatus status, DeviceIncident? incident)
    {
        if (!Enum.IsDefined(status)) throw new ArgumentException($"unknown device status '{status}'", nameof(status));
        Id = id;
        Status = status;
        Incident = incident;
    }

    /// <summary>The device as its row holds it, with its open incident (loss, theft, defect, suspect), if any.</summary>
    public static PostalSecurityDevice Load(string id, DeviceStatus status, DeviceIncident? incident) => new(id, status, incident);

    public string Id { get; }

    public DeviceStatus Status { get; private set; }

    /// <summary>The open incident, as changed by the transitions called so far.</summary>
    public DeviceIncident? Incident { get; private set; }

    /// <summary>The history entries the transitions called since <see cref="Load(string, DeviceStatus, DeviceIncident?)"/> made, in order.</summary>
    public IReadOnlyList<DeviceTransition> Changes => _changes;

    /// <summary>
    /// P050 2.8, §502.24: the device is reported lost or stolen. The report opens an incident whose
    /// Lost and Stolen PSD Incident Report is due 30 days after this determination (§502.20(g)).
    /// </summary>
    public void ReportMissing(string kind, string origin, MissingDeviceReport report, string actor, DateTimeOffset at, string incidentId)
    {
        if (!IncidentKind.IsMissing(kind)) throw new ArgumentException("a missing device is lost or stolen", nameof(kind));
        Rules.Check(new DeviceMustNotAlreadyBeReportedMissingRule(Id, Status));
        Rules.Check(new DeviceMayBeReportedMissingRule(Id, Status));
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        Rules.Check(new ReportFieldRequiredRule("occurred_on", report.OccurredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "P050 2.8"));
        Rules.Check(new OccurrenceMustNotBeInFutureRule("occurred_on", report.OccurredOn, today));
        Rules.Check(new ReportFieldRequiredRule("place", report.Place, "P050 2.8"));
        Rules.Check(new ReportFieldRequiredRule("details", report.Details, "P050 2.8"));
        Incident = new DeviceIncident
        {
            Id = incidentId, DeviceId = Id, Kind = kind, Origin = origin, ReportedBy = actor, ReportedAt = at,
            OccurredOn = report.OccurredOn, Place = report.Place!.Trim(), Details = report.Details!.Trim(),
            PoliceReportReference = Blank(report.PoliceReportReference), PoliceReportRecordedAt = Blank(report.PoliceReportReference) is null ? null : at,
            InspectionServiceContact = Blank(report.InspectionServiceContact), InspectionServiceNotifiedAt = Blank(report.InspectionServiceContact) is null ? null : at,
            IncidentReportDueOn = today.AddDays(ReportDays),
        };
        Move(kind == IncidentKind.Lost ? DeviceStatus.Lost : DeviceStatus.Stolen, kind == IncidentKind.Lost ? "reported_lost" : "reported_stolen", actor, at,
            $"{report.Details!.Trim()} (on {report.OccurredOn:yyyy-MM-dd} at {report.Place!.Trim()})", Incident.PoliceReportReference);
    }

    /// <summary>§502.24(b)(1): the licensee's police report, and the copies given to the Inspection Service's CPIP specialist.</summary>
    public void RecordNotifications(string? policeReportReference, string? inspectionServiceContact, string actor, DateTimeOffset at)
    {
        var incident = OpenMissing();
        if (Blank(policeReportReference) is null && Blank(inspectionServiceContact) is null)
            Rules.Check(new ReportFieldRequiredRule("police_report_reference", null, "39 CFR 502.24(b)(1)"));
        Incident = incident with
        {
            PoliceReportReference = Blank(policeReportReference) ?? incident.PoliceReportReference,
            PoliceReportRecordedAt = Blank(policeReportReference) is null ? incident.PoliceReportRecordedAt : at,
            InspectionServiceContact = Blank(inspectionServiceContact) ?? incident.InspectionServiceContact,
            InspectionServiceNotifiedAt = Blank(inspectionServiceContact) is null ? incident.InspectionServiceNotifiedAt : at,
        };
        if (Blank(policeReportReference) is { } police) Note("police_report_recorded", actor, at, "police report recorded (502.24(b)(1))", police);
        if (Blank(inspectionServiceContact) is { } cpip) Note("inspection_service_notified", actor, at, "Inspection Service CPIP specialist notified (502.24(b)(1))", cpip);
    }

    /// <summary>§502.24(a): one of the seven location actions, done, with its outcome.</summary>
    public void CompleteLocationStep(int step, string? outcome, string actor, DateTimeOffset at)
    {
        var incident = OpenMissing();
        Rules.Check(new LocationStepMustExistRule(step));
        Rules.Check(new LocationStepMustNotBeRepeatedRule(step, incident.LocationSteps.Any(s => s.Number == step)));
        Rules.Check(new ReportFieldRequiredRule("outcome", outcome, "39 CFR 502.24(a)"));
        Incident = incident with { LocationSteps = [.. incident.LocationSteps, new LocationStep(step, outcome!.Trim(), actor, at)] };
        Note("location_step_completed", actor, at, $"502.24(a)({step}) {LocationStep.Actions[step - 1]}: {outcome.Trim()}");
    }

    /// <summary>§502.20(g), §502.24: the Lost and Stolen PSD Incident Report, after the location actions or the police report.</summary>
    public void FileIncidentReport(string actor, DateTimeOffset at)
    {
        var incident = OpenMissing();
        Rules.Check(new ReportMustNotBeFiledTwiceRule("Lost and Stolen PSD Incident Report", incident.IncidentReportFiledAt));
        Rules.Check(new IncidentReportRequiresLocationStepsRule(incident.Origin, incident.LocationSteps.Select(s => s.Number).Distinct().Count()));
        Rules.Check(new IncidentReportRequiresPoliceReportRule(incident.Origin, incident.PoliceReportReference));
        Incident = incident with { IncidentReportFiledAt = at };
        Note("incident_report_filed", actor, at, $"Lost and Stolen PSD Incident Report filed (due {incident.IncidentReportDueOn:yyyy-MM-dd})");
    }

    /// <summary>
    /// §502.24(c), (d), P050 2.8: the missing device is found. Its recovery report (a new incident report
    /// referencing the first) is due 30 days after the recovery; it leaves later lost-and-stolen files.
    /// </summary>
    public void Recover(DateOnly? on, string? place, string? details, string actor, DateTimeOffset at)
    {
        Rules.Check(new DeviceMustBeReportedMissingRule(Id, Status));
        var incident = Incident ?? throw new InvalidOperationException($"device {Id} is {Status.ToText()} without an open incident");
        Rules.Check(new ReportFieldRequiredRule("recovered_on", on?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "P050 2.8"));
        Rules.Check(new OccurrenceMustNotBeInFutureRule("recovered_on", on, DateOnly.FromDateTime(at.UtcDateTime)));
        Rules.Check(new ReportFieldRequiredRule("place", place, "P050 2.8"));
        Rules.Check(new ReportFieldRequiredRule("details", details, "P050 2.8"));
        Incident = incident with { RecoveredOn = on, RecoveryPlace = place!.Trim(), RecoveryDetails = details!.Trim(), RecoveryReportDueOn = on!.Value.AddDays(ReportDays) };
        Move(DeviceStatus.Recovered, "recovered", actor, at, $"{details.Trim()} (on {on:yyyy-MM-dd} at {place.Trim()})");
    }

    /// <summary>§502.24(d): the recovery report is filed (once).</summary>
    public void FileRecoveryReport(string actor, DateTimeOffset at)
    {
        var incident = Incident is { RecoveredOn: not null } i ? i : throw new BusinessRuleViolationException(new DeviceMustBeReportedMissingRule(Id, Status));
        Rules.Check(new ReportMustNotBeFiledTwiceRule("recovery report", incident.RecoveryReportFiledAt));
        Incident = incident with { RecoveryReportFiledAt = at };
        Note("recovery_report_filed", actor, at, $"recovery report filed, referencing the incident of {incident.ReportedAt:yyyy-MM-dd} (502.24(d))");
    }

    /// <summary>
    /// P050 2.5f, 2.7, §502.20(f): the device is reported defective and blocked at once; the provider
    /// retrieves it within 3 business days of the report.
    /// </summary>
    public void ReportDefective(string? details, string actor, DateTimeOffset at, string incidentId, BusinessCalendar calendar)
    {
        Rules.Check(new DeviceMayBeReportedDefectiveRule(Id, Status));
        Rules.Check(new ReportFieldRequiredRule("details", details, "P050 2.7"));
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        Incident = new DeviceIncident
        {
            Id = incidentId, DeviceId = Id, Kind = IncidentKind.Defective, Origin = IncidentOrigin.LicenseeReport, ReportedBy = actor, ReportedAt = at,
            OccurredOn = today, Details = details!.Trim(), RetrievalDueOn = calendar.AddBusinessDays(today, RetrievalBusinessDays),
        };
        Move(DeviceStatus.Defective, "reported_defective", actor, at, details.Trim());
    }

    /// <summary>P050 2.6: the inspector withdraws the device as suspect at once; fraud suspected keeps its postage from moving.</summary>
    public void WithdrawAsSuspect(string? reason, bool fraudSuspected, string actor, DateTimeOffset at, string incidentId)
    {
        Rules.Check(new DeviceMayBeWithdrawnAsSuspectRule(Id, Status));
        Rules.Check(new ReportFieldRequiredRule("reason", reason, "P050 2.6"));
        Incident = new DeviceIncident
        {
            Id = incidentId, DeviceId = Id, Kind = IncidentKind.Suspect, Origin = IncidentOrigin.Inspection, ReportedBy = actor, ReportedAt = at,
            OccurredOn = DateOnly.FromDateTime(at.UtcDateTime), Details = reason!.Trim(), FraudSuspected = fraudSuspected,
            // The inspector takes the device away: it is in the Postal Service's hands from now.
            RetrievedAt = at,
        };
        Move(DeviceStatus.Suspended, "withdrawn_as_suspect", actor, at, reason.Trim(), fraudSuspected ? "fraud suspected: postage stays with the device" : null);
    }

    /// <summary>
    /// P050 2.6: "The Postal Service may conduct unannounced, on-site examinations" of a device reasonably
    /// suspected of manipulation. Recorded in the history with its findings; the device's state does not
    /// change (withdrawing it is <see cref="WithdrawAsSuspect"/>).
    /// </summary>
    public void RecordUnannouncedExamination(string? findings, string actor, DateTimeOffset at)
    {
        Rules.Check(new DeviceMayBeExaminedOnSiteRule(Id, Status));
        Rules.Check(new ReportFieldRequiredRule("findings", findings, "P050 2.6"));
        Note("examined_on_site", actor, at, findings!.Trim());
    }

    /// <summary>P050 2.9, §502.20(f), (l): the device came back to the provider, shipped as the rule requires.</summary>
    public void RecordRetrieval(Shipment shipment, string actor, DateTimeOffset at)
    {
        Rules.Check(new DeviceMustAwaitRetrievalRule(Id, Status));
        var incident = Incident ?? throw new InvalidOperationException($"device {Id} is {Status.ToText()} without an open incident");
        Rules.Check(new StepMustNotBeRepeatedRule("retrieval", incident.RetrievedAt));
        CheckShipment(shipment);
        Incident = incident with { RetrievedAt = at, Shipment = shipment };
        var late = incident.RetrievalDueOn is { } due && DateOnly.FromDateTime(at.UtcDateTime) > due ? $", after its due date {due:yyyy-MM-dd}" : "";
        Note("retrieved", actor, at, $"retrieved by {shipment.Carrier} {shipment.Service.Replace('_', ' ')}{late}", shipment.TrackingNumber);
    }

    /// <summary>
    /// P050 2.5a, 2.9, §502.20(l): the device is shipped out to its licensee or back to the provider, by
    /// Registered Mail or Priority Mail with Return Receipt — another carrier only with the Postal Service's
    /// written permission on record. The device's state does not change; its custody history grows.
    /// </summary>
    public void RecordShipment(string? direction, Shipment shipment, string actor, DateTimeOffset at)
    {
        Rules.Check(new ShipmentDirectionMustBeKnownRule(direction));
        Rules.Check(new DeviceMayBeShippedRule(Id, Status, direction!));
        CheckShipment(shipment);
        var kind = direction == ShipmentDirection.ToLicensee ? "shipped_to_licensee" : "shipped_to_provider";
        var permission = shipment.WrittenPermission is null ? "" : $" under written permission {shipment.WrittenPermission}";
        Note(kind, actor, at, $"shipped by {shipment.Carrier} {shipment.Service.Replace('_', ' ')}{permission}", shipment.TrackingNumber);
    }

    /// <summary>P050 2.9, §502.20(l): carrier, service and tracking number, and an authorized service (or a written permission).</summary>
    public static void CheckShipment(Shipment shipment)
    {
        Rules.Check(new ReportFieldRequiredRule("carrier", shipment.Carrier, "P050 2.9"));
        Rules.Check(new ReportFieldRequiredRule("service", shipment.Service, "P050 2.9"));
        Rules.Check(new ReportFieldRequiredRule("tracking_number", shipment.TrackingNumber, "P050 2.9"));
        Rules.Check(new ShipmentServiceMustBeAuthorizedRule(shipment));
    }

    /// <summary>§502.20(f), (j): the examination report explaining the fault; postage it lost is the provider's loss (P050 3.3).</summary>
    public void RecordExamination(string? findings, long postageLostMills, string actor, DateTimeOffset at)
    {
        Rules.Check(new DeviceMustAwaitRetrievalRule(Id, Status));
        var incident = Incident ?? throw new InvalidOperationException($"device {Id} is {Status.ToText()} without an open incident");
        Rules.Check(new ExaminationRequiresRetrievalRule(incident.RetrievedAt));
        Rules.Check(new StepMustNotBeRepeatedRule("examination", incident.ExaminedAt));
        Rules.Check(new ReportFieldRequiredRule("findings", findings, "39 CFR 502.20(f)"));
        Rules.Check(new PostageLostMustNotBeNegativeRule(postageLostMills));
        Incident = incident with { ExaminedAt = at, ExaminationFindings = findings!.Trim(), PostageLostMills = postageLostMills };
        Note("examined", actor, at, findings.Trim(), postageLostMills > 0 ? $"postage lost through the malfunction: {Money.Mills.FromMills(postageLostMills).ToDollarString()}" : null);
    }

    /// <summary>
    /// Checks that a replacement may be supplied now: §502.24(b)(2) for a missing device, the
    /// examination for a defective one; P050 2.6 for a suspect one.
    /// </summary>
    public void CheckReplacementAllowed()
    {
        Rules.Check(new DeviceMustBeReplaceableRule(Id, Status, Incident?.ReplacementDeviceId));
        var incident = Incident ?? throw new InvalidOperationException($"device {Id} is {Status.ToText()} without an open incident");
        if (incident.IsMissing) Rules.Check(new ReplacementRequiresPoliceAndInspectionNoticeRule(incident.PoliceReportReference, incident.InspectionServiceNotifiedAt));
        if (incident.Kind == IncidentKind.Defective) Rules.Check(new ReplacementRequiresExaminationRule(incident.ExaminedAt));
    }

    /// <summary>Whether the device's remaining postage may move to a replacement (P050 2.6: not when fraud is suspected; never from a missing device).</summary>
    public bool PostageMayMove => Incident is { } i && !i.IsMissing && !i.FraudSuspected;

    /// <summary>Records the replacement supplied to the licensee.</summary>
    public void RecordReplacement(string replacementDeviceId, string actor, DateTimeOffset at)
    {
        CheckReplacementAllowed();
        Incident = Incident! with { ReplacementDeviceId = replacementDeviceId, ReplacedAt = at };
        Note("replaced", actor, at, $"replacement {replacementDeviceId} supplied to the licensee", replacementDeviceId);
    }

    /// <summary>
    /// §502.22(a): a device in service, with no incident, replaced because its certificate or clock/timer
    /// life is due. The replacement is recorded in the history (the check-out that follows moves its postage).
    /// </summary>
    public void ReplaceBeforeExpiry(string replacementDeviceId, ReplacementDue due, DateTimeOffset horizon, string actor, DateTimeOffset at)
    {
        CheckReplacementBeforeExpiry(due, horizon);
        Note("replaced", actor, at, $"replaced before expiry (39 CFR 502.22(a)): {due.Describe()}; replacement {replacementDeviceId} supplied to the licensee", replacementDeviceId);
    }

    /// <summary>§502.22(a): only a device in service without an incident, and only when it is due.</summary>
    public void CheckReplacementBeforeExpiry(ReplacementDue due, DateTimeOffset horizon)
    {
        if (Incident is not null || Status != DeviceStatus.InService)
        {
            CheckReplacementAllowed();
            return;
        }
        Rules.Check(new DeviceMustBeDueForReplacementRule(Id, due, horizon));
    }

    /// <summary>
    /// A locked device — or a recovered one with no replacement (§502.24(c)) — returns to service with
    /// the provider's or the Postal Service's finding, only after a clean audit since the lock or recovery.
    /// </summary>
    public void ReturnToService(string? finding, DateTimeOffset since, DateTimeOffset? lastCleanAuditAt, string actor, DateTimeOffset at)
    {
        Rules.Check(new DeviceMayReturnToServiceRule(Id, Status, Incident?.ReplacementDeviceId));
        Rules.Check(new ReportFieldRequiredRule("finding", finding, "39 CFR 502.23"));
        Rules.Check(new ReturnToServiceRequiresCleanAuditRule(lastCleanAuditAt, since));
        if (Incident is { } incident) Incident = incident with { ClosedAt = at };
        Move(DeviceStatus.InService, "returned_to_service", actor, at, finding!.Trim());
    }

    /// <summary>
    /// P050 3.1, §502.19: an inspected device in the provider's inventory goes into service for a licensee under a
    /// lease, its registers empty under the licensee's cap (P050 3.6) and its watchdog started (P050 3.4).
    /// </summary>
    public void Commission(string licenseeId, string leaseId, Mills cap, string actor, DateTimeOffset at, int watchdogMonths)
    {
        Rules.Check(new Devices.DeviceMustBeInInventoryRule(Id, Status));
        CommissionRegisters(cap, at, watchdogMonths);
        Move(DeviceStatus.InService, "commissioned", actor, at, $"commissioned for {licenseeId} under lease {leaseId}");
    }

    /// <summary>
    /// §502.23, DESIGN §4: Ibis itself locks a device whose audit failed or whose registers do not match their seal,
    /// and the provider investigates; nothing prints or resets until it returns to service. A device already checked
    /// out stays checked out (its registers, validated or not, are on its Form 3601-C). Returns whether it was locked.
    /// </summary>
    public bool Lock(string kind, string detail, DateTimeOffset at)
    {
        if (Status == DeviceStatus.Withdrawn) return false;
        Move(DeviceStatus.Locked, "locked", "ibis", at, $"{kind}: {detail}");
        return true;
    }

    /// <summary>§502.20(e), §502.27(b): checked out of service for good — from any state but inventory or missing.</summary>
    public void CheckOut(string? reason, string actor, DateTimeOffset at)
    {
        Rules.Check(new DeviceMayBeCheckedOutRule(Id, Status));
        if (Incident is { } incident) Incident = incident with { ClosedAt = at };
        Move(DeviceStatus.Withdrawn, "checked_out", actor, at, Blank(reason) ?? "checked out of service by the provider");
    }

    private DeviceIncident OpenMissing()
    {
        Rules.Check(new DeviceMustBeReportedMissingRule(Id, Status));
        return Incident ?? throw new InvalidOperationException($"device {Id} is {Status.ToText()} without an open incident");
    }

    private void Move(DeviceStatus to, string kind, string actor, DateTimeOffset at, string? reason, string? evidence = null)
    {
        _changes.Add(new DeviceTransition(kind, Status, to, actor, at, reason, evidence));
        Status = to;
    }

    private void Note(string kind, string actor, DateTimeOffset at, string? reason, string? evidence = null) =>
        _changes.Add(new DeviceTransition(kind, Status, Status, actor, at, reason, evidence));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
