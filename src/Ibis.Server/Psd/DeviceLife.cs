using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>A device's row, locked, with its aggregate and the row of its open incident.</summary>
public sealed record LoadedDevice(DeviceRow Row, PostalSecurityDevice Device, IncidentRow? IncidentRow, int StoredSteps = 0);

/// <summary>
/// Loads the <see cref="PostalSecurityDevice"/> aggregate from its rows and writes it back: the
/// device's status, its open incident with the location checklist, and one history entry per
/// transition (§502.19). Use cases call one transition between <see cref="Load"/> and <see cref="Save"/>.
/// </summary>
internal static class DeviceLife
{
    /// <summary>
    /// The device the caller may act on, its row locked for the rest of the transaction. Licensees
    /// and providers reach their own devices; the Postal Service and its inspectors every device of
    /// their mode (P050 2.6, §502.19). Anything else is reported as unknown (404).
    /// </summary>
    public static async Task<LoadedDevice> Load(IbisDb db, Caller caller, string deviceId, CancellationToken ct)
    {
        await Visible(db, caller, deviceId, ct);
        var row = await RegisterLock.Row(db, deviceId, ct);
        // With its registers (read from the locked row, no round trip): a step that seals them (the replacement's
        // check-out) seals this instance, the one its transition was called on.
        return await WithOpenIncident(db, row, PsdRow.Registers(row), ct);
    }

    /// <summary>
    /// The aggregate of a row its caller has locked and verified, with its registers and its open incident: the one
    /// instance a PSD transaction's life-cycle step (the check-out) moves (<see cref="PsdContext.SaveLife"/>).
    /// </summary>
    internal static async Task<LoadedDevice> WithOpenIncident(IbisDb db, DeviceRow row, SealedRegisters registers, CancellationToken ct)
    {
        var (incident, steps) = await OpenIncident(db, row.Id, ct);
        return new LoadedDevice(row, PostalSecurityDevice.Load(row.Id, row.Status, incident is null ? null : ToDomain(incident, steps), registers), incident, steps.Count);
    }

    /// <summary>The device's open incident (the newest, tracked: <see cref="Save"/> writes it back) and its checklist so far.</summary>
    private static async Task<(IncidentRow? Incident, List<IncidentStepRow> Steps)> OpenIncident(IbisDb db, string deviceId, CancellationToken ct)
    {
        var incident = await db.Incidents.Where(i => i.DeviceId == deviceId && i.ClosedAt == null)
            .OrderByDescending(i => i.ReportedAt).FirstOrDefaultAsync(ct);
        var steps = incident is null ? [] : await db.IncidentSteps.AsNoTracking().Where(s => s.IncidentId == incident.Id).OrderBy(s => s.Number).ToListAsync(ct);
        return (incident, steps);
    }

    /// <summary>A date from a request (YYYY-MM-DD); null when absent, bad input when malformed.</summary>
    public static DateOnly? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)) return day;
        throw new BusinessRuleViolationException(new BrokenRule("date_invalid", $"{field} must be a date YYYY-MM-DD", field, RuleKind.BadInput));
    }

    /// <summary>The device row if the caller may see it (the Postal Service and inspectors included); 404 otherwise.</summary>
    public static Task<DeviceRow> Visible(IbisDb db, Caller caller, string deviceId, CancellationToken ct) =>
        DeviceAccess.LoadForOversight(db, caller, deviceId, ct);

    /// <summary>Writes the aggregate back: status, incident (new or changed), new checklist steps, history.</summary>
    public static void Save(IbisDb db, LoadedDevice loaded)
    {
        var (row, device, incidentRow, storedSteps) = loaded;
        row.Status = device.Status;
        if (device.Incident is { } incident)
        {
            if (incidentRow is null || incidentRow.Id != incident.Id)
            {
                incidentRow = new IncidentRow
                {
                    Id = incident.Id, DeviceId = row.Id, ProviderId = row.ProviderId, LicenseeId = row.LicenseeId, Sandbox = row.Sandbox,
                    Kind = incident.Kind, Origin = incident.Origin, ReportedBy = incident.ReportedBy, ReportedAt = incident.ReportedAt,
                };
                db.Incidents.Add(incidentRow);
            }
            Copy(incident, incidentRow);
            // The checklist only grows: the steps after those loaded are new.
            foreach (var step in incident.LocationSteps.Skip(loaded.IncidentRow?.Id == incident.Id ? storedSteps : 0))
                db.IncidentSteps.Add(new IncidentStepRow { IncidentId = incident.Id, Number = step.Number, Outcome = step.Outcome, Actor = step.Actor, At = step.At });
        }
        foreach (var change in device.Changes) DeviceHistory.Record(db, row.Id, change);
    }

    public static DeviceIncident ToDomain(IncidentRow r, IReadOnlyList<IncidentStepRow> steps) => new()
    {
        Id = r.Id, DeviceId = r.DeviceId, Kind = r.Kind, Origin = r.Origin, ReportedBy = r.ReportedBy, ReportedAt = r.ReportedAt,
        OccurredOn = r.OccurredOn, Place = r.Place, Details = r.Details,
        PoliceReportReference = r.PoliceReportReference, PoliceReportRecordedAt = r.PoliceReportRecordedAt,
        InspectionServiceContact = r.InspectionServiceContact, InspectionServiceNotifiedAt = r.InspectionServiceNotifiedAt,
        LocationSteps = steps.Select(s => new LocationStep(s.Number, s.Outcome, s.Actor, s.At)).ToList(),
        IncidentReportDueOn = r.IncidentReportDueOn, IncidentReportFiledAt = r.IncidentReportFiledAt,
        RecoveredOn = r.RecoveredOn, RecoveryPlace = r.RecoveryPlace, RecoveryDetails = r.RecoveryDetails,
        RecoveryReportDueOn = r.RecoveryReportDueOn, RecoveryReportFiledAt = r.RecoveryReportFiledAt,
        RetrievalDueOn = r.RetrievalDueOn, RetrievedAt = r.RetrievedAt,
        Shipment = r.ShipmentCarrier is null ? null : new Shipment(r.ShipmentCarrier, r.ShipmentService ?? "", r.ShipmentTracking ?? "", r.ShipmentPermission),
        ExaminedAt = r.ExaminedAt, ExaminationFindings = r.ExaminationFindings, PostageLostMills = r.PostageLostMills,
        FraudSuspected = r.FraudSuspected, ReplacementDeviceId = r.ReplacementDeviceId, ReplacedAt = r.ReplacedAt, ClosedAt = r.ClosedAt,
    };

    private static void Copy(DeviceIncident i, IncidentRow r)
    {
        r.OccurredOn = i.OccurredOn; r.Place = i.Place; r.Details = i.Details;
        r.PoliceReportReference = i.PoliceReportReference; r.PoliceReportRecordedAt = i.PoliceReportRecordedAt;
        r.InspectionServiceContact = i.InspectionServiceContact; r.InspectionServiceNotifiedAt = i.InspectionServiceNotifiedAt;
        r.IncidentReportDueOn = i.IncidentReportDueOn; r.IncidentReportFiledAt = i.IncidentReportFiledAt;
        r.RecoveredOn = i.RecoveredOn; r.RecoveryPlace = i.RecoveryPlace; r.RecoveryDetails = i.RecoveryDetails;
        r.RecoveryReportDueOn = i.RecoveryReportDueOn; r.RecoveryReportFiledAt = i.RecoveryReportFiledAt;
        r.RetrievalDueOn = i.RetrievalDueOn; r.RetrievedAt = i.RetrievedAt;
        r.ShipmentCarrier = i.Shipment?.Carrier; r.ShipmentService = i.Shipment?.Service; r.ShipmentTracking = i.Shipment?.TrackingNumber; r.ShipmentPermission = i.Shipment?.WrittenPermission;
        r.ExaminedAt = i.ExaminedAt; r.ExaminationFindings = i.ExaminationFindings; r.PostageLostMills = i.PostageLostMills;
        r.FraudSuspected = i.FraudSuspected; r.ReplacementDeviceId = i.ReplacementDeviceId; r.ReplacedAt = i.ReplacedAt; r.ClosedAt = i.ClosedAt;
    }
}
