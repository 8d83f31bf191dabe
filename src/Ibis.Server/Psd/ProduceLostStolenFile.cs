using System.Globalization;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <param name="Month">YYYY-MM; the month before today when left out.</param>
public sealed record ProduceLostStolenFileCommand(string? Month);

/// <summary>
/// §502.20(k): "Provide MTM monthly with a compatible computer file of lost or stolen PSDs. The file is due
/// on the first of each month (for the preceding month's activity)." Every device of the provider reported
/// lost or stolen by the end of the month and not recovered when the file is made; recovered devices are
/// purged (§502.24(d)). Format: docs/formats/lost-stolen-file.md. Transmitted as a versioned document.
/// </summary>
public sealed class ProduceLostStolenFile(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock)
{
    public const string TransmissionKind = "lost_stolen_file";

    public Task<Funds.TransmissionView> Handle(Caller caller, ProduceLostStolenFileCommand command, CancellationToken ct) => pipeline.Run(caller, CompleteLocationStep.Access, async ct =>
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        DateOnly first;
        if (command.Month is null) first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        else if (!DateOnly.TryParseExact(command.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
            throw new BusinessRuleViolationException(new BrokenRule("month_invalid", "month is YYYY-MM", "month", RuleKind.BadInput));
        var next = first.AddMonths(1);
        if (first > today)
            throw new BusinessRuleViolationException(new BrokenRule("month_invalid", "the file covers a month that has begun", "month", RuleKind.BadInput));
        var end = new DateTimeOffset(next.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => i.ProviderId == caller.ProviderId && i.Sandbox == caller.TestMode && (i.Kind == IncidentKind.Lost || i.Kind == IncidentKind.Stolen)
                        && i.ReportedAt < end && i.RecoveredOn == null)
            .ToListAsync(ct);
        var ids = incidents.Select(i => i.DeviceId).ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var records = incidents.OrderBy(i => i.ReportedAt).ThenBy(i => i.Id).Select(i =>
        {
            var d = devices[i.DeviceId];
            return new Dictionary<string, object?>
            {
                ["incident_id"] = i.Id,
                ["device_id"] = d.Id,
                ["device_number"] = new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString(),
                ["certificate_serial"] = d.CertificateSerial.ToString(CultureInfo.InvariantCulture),
                ["licensee_id"] = d.LicenseeId,
                ["license_id"] = d.LicenseId,
                ["kind"] = i.Kind,
                ["occurred_on"] = FileIncidentReport.Day(i.OccurredOn),
                ["reported_on"] = i.ReportedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["place"] = i.Place,
                ["police_report_reference"] = i.PoliceReportReference,
                ["inspection_service_notified"] = i.InspectionServiceNotifiedAt is not null,
                ["incident_report_filed_on"] = i.IncidentReportFiledAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["descending_register"] = Domain.Money.Mills.FromMills(d.DescendingMills).ToString(),
                ["new_this_month"] = i.ReportedAt >= new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            };
        }).ToList();
        var month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object?>
        {
            ["type"] = "ibis.lost_stolen_file.v1",
            ["provider_id"] = caller.ProviderId,
            ["month"] = month,
            ["due_on"] = next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["produced_at"] = now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["count"] = records.Count,
            ["records"] = records,
        };
        var row = transmissions.Add(db, TransmissionKind, month, caller.ProviderId!, now, body);
        return Funds.TransmissionView.From(row);
    }, ct);
}
