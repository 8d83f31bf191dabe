using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Devices;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

/// <summary>
/// §502.20(g), §502.24: the provider files the standardized Lost and Stolen PSD Incident Report with the
/// Postal Service (a transmission, DESIGN §1) — after the location actions of 502.24(a) for a device it
/// could not locate, after the police report for one the licensee reported (502.24(b)(1)).
/// </summary>
internal sealed class FileIncidentReport(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock)
{
    public const string TransmissionKind = "lost_stolen_incident_report";

    public Task<IncidentView> Handle(Caller caller, string deviceId, CancellationToken ct) => pipeline.Run(caller, CompleteLocationStep.Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var now = clock.GetUtcNow();
        loaded.Device.FileIncidentReport(caller.UserOrKeyId, now);
        DeviceLife.Save(db, loaded);
        transmissions.Add(db, TransmissionKind, loaded.Device.Incident!.Id, loaded.Row.ProviderId, now, Document(loaded.Device.Incident, loaded.Row, "initial", now));
        return IncidentView.From(loaded.Device.Incident, loaded.Device.Status);
    }, ct);

    /// <summary>The report's document (docs/formats/lost-stolen-file.md): the incident with its device, registers and steps.</summary>
    internal static Dictionary<string, object?> Document(DeviceIncident i, DeviceRow d, string report, DateTimeOffset now) => new()
    {
        ["type"] = "ibis.lost_stolen_incident_report.v1",
        ["report"] = report, // initial | recovery (§502.24(d): the recovery report references the initial one)
        ["references_incident"] = i.Id,
        ["provider_id"] = d.ProviderId,
        ["device_id"] = d.Id,
        ["device_number"] = new DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString(),
        ["certificate_serial"] = d.CertificateSerial.ToString(CultureInfo.InvariantCulture),
        ["licensee_id"] = d.LicenseeId,
        ["license_id"] = d.LicenseId,
        ["kind"] = i.Kind,
        ["origin"] = i.Origin,
        ["occurred_on"] = Day(i.OccurredOn),
        ["place"] = i.Place,
        ["details"] = i.Details,
        ["police_report_reference"] = i.PoliceReportReference,
        ["inspection_service_contact"] = i.InspectionServiceContact,
        ["location_steps"] = i.LocationSteps.OrderBy(s => s.Number).Select(s => new Dictionary<string, object?> { ["step"] = s.Number, ["outcome"] = s.Outcome, ["at"] = At(s.At) }).ToList(),
        ["descending_register"] = Mills.FromMills(d.DescendingMills).ToString(),
        ["ascending_register"] = Mills.FromMills(d.AscendingMills).ToString(),
        ["piece_count"] = d.PieceCount,
        ["recovered_on"] = Day(i.RecoveredOn),
        ["recovery_place"] = i.RecoveryPlace,
        ["recovery_details"] = i.RecoveryDetails,
        ["filed_at"] = At(now),
    };

    internal static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string At(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
