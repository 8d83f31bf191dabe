using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;

namespace Ibis.Server.Psd;

public sealed record LocationStepView(int Step, string Action, string Outcome, string Actor, DateTimeOffset At);

public sealed record ShipmentView(string Carrier, string Service, string TrackingNumber, string? WrittenPermission);

/// <summary>An incident of a device's life as the API shows it: its report, checklist, deadlines and outcome.</summary>
public sealed record IncidentView(
    string Id, string Object, string DeviceId, string DeviceStatus, string Kind, string Origin, string Status,
    string ReportedBy, DateTimeOffset ReportedAt, string? OccurredOn, string? Place, string? Details,
    string? PoliceReportReference, DateTimeOffset? PoliceReportRecordedAt, string? InspectionServiceContact, DateTimeOffset? InspectionServiceNotifiedAt,
    IReadOnlyList<LocationStepView> LocationSteps, bool LocationChecklistComplete,
    string? IncidentReportDueOn, DateTimeOffset? IncidentReportFiledAt,
    string? RecoveredOn, string? RecoveryPlace, string? RecoveryReportDueOn, DateTimeOffset? RecoveryReportFiledAt,
    string? RetrievalDueOn, DateTimeOffset? RetrievedAt, ShipmentView? Shipment,
    DateTimeOffset? ExaminedAt, string? ExaminationFindings, MoneyView PostageLost, bool FraudSuspected,
    string? ReplacementDeviceId, DateTimeOffset? ReplacedAt, DateTimeOffset? ClosedAt)
{
    public static IncidentView From(DeviceIncident i, DeviceStatus deviceStatus) => new(
        i.Id, "incident", i.DeviceId, deviceStatus.ToText(), i.Kind, i.Origin, i.ClosedAt is null ? "open" : "closed",
        i.ReportedBy, i.ReportedAt, Day(i.OccurredOn), i.Place, i.Details,
        i.PoliceReportReference, i.PoliceReportRecordedAt, i.InspectionServiceContact, i.InspectionServiceNotifiedAt,
        i.LocationSteps.OrderBy(s => s.Number).Select(s => new LocationStepView(s.Number, LocationStep.Actions[s.Number - 1], s.Outcome, s.Actor, s.At)).ToList(),
        i.LocationChecklistComplete,
        Day(i.IncidentReportDueOn), i.IncidentReportFiledAt,
        Day(i.RecoveredOn), i.RecoveryPlace, Day(i.RecoveryReportDueOn), i.RecoveryReportFiledAt,
        Day(i.RetrievalDueOn), i.RetrievedAt, i.Shipment is { } s ? new ShipmentView(s.Carrier, s.Service, s.TrackingNumber, s.WrittenPermission) : null,
        i.ExaminedAt, i.ExaminationFindings, MoneyView.OfMills(i.PostageLostMills), i.FraudSuspected,
        i.ReplacementDeviceId, i.ReplacedAt, i.ClosedAt);

    public static IncidentView From(IncidentRow r, IReadOnlyList<IncidentStepRow> steps, DeviceStatus deviceStatus) => From(DeviceLife.ToDomain(r, steps), deviceStatus);

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
