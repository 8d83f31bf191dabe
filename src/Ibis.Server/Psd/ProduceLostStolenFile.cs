using System.Globalization;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>One provider's monthly lost-and-stolen file (§502.20(k)): the month it covers, and when it was transmitted.</summary>
public sealed record LostStolenMonth(string ProviderId, bool Sandbox, DateOnly Month, DateTimeOffset? TransmittedAt);

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
        if (first > today)
            throw new BusinessRuleViolationException(new BrokenRule("month_invalid", "the file covers a month that has begun", "month", RuleKind.BadInput));
        return Funds.TransmissionView.From(await Produce(caller.ProviderId!, caller.TestMode, first, now, ct));
    }, ct);

    /// <summary>
    /// The monthly job : every provider's file for the
    /// month before today that has none yet — on the 1st normally, every missed month after downtime. Runs
    /// inside its own transaction; a month already transmitted is never sent again by the job.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunDue(CancellationToken ct) => await pipeline.Run(null, null, async ct =>
    {
        var now = clock.GetUtcNow();
        var ids = new List<string>();
        foreach (var due in await MonthsOwed(db, now, ct))
        {
            if (due.TransmittedAt is not null) continue;
            ids.Add((await Produce(due.ProviderId, due.Sandbox, due.Month, now, ct)).Id);
        }
        return (IReadOnlyList<string>)ids;
    }, ct);

    private async Task<Data.Entities.TransmissionRow> Produce(string providerId, bool sandbox, DateOnly first, DateTimeOffset now, CancellationToken ct)
    {
        var next = first.AddMonths(1);
        var end = new DateTimeOffset(next.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => i.ProviderId == providerId && i.Sandbox == sandbox && (i.Kind == IncidentKind.Lost || i.Kind == IncidentKind.Stolen)
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
            ["provider_id"] = providerId,
            ["month"] = month,
            ["due_on"] = next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["produced_at"] = now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["count"] = records.Count,
            ["records"] = records,
        };
        return transmissions.Add(db, TransmissionKind, month, providerId, now, body);
    }

    /// <summary>How many ended months are looked at; older ones were settled by earlier runs.</summary>
    public const int LookBackMonths = 3;

    /// <summary>Every provider's ended months within the look-back, each with the first complete file transmitted for it.</summary>
    public static async Task<IReadOnlyList<LostStolenMonth>> MonthsOwed(IbisDb db, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var earliest = thisMonth.AddMonths(-LookBackMonths);
        var providers = await db.Providers.AsNoTracking().Select(p => new { p.Id, p.Sandbox, p.CreatedAt, p.AuthorizedOn }).ToListAsync(ct);
        var since = new DateTimeOffset(earliest.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var files = (await db.Transmissions.AsNoTracking()
                .Where(t => t.Kind == ProduceLostStolenFile.TransmissionKind && t.CreatedAt >= since)
                .Select(t => new { t.ProviderId, t.Subject, t.CreatedAt }).ToListAsync(ct))
            .Where(t => IsComplete(t.Subject, t.CreatedAt))
            .GroupBy(t => (t.ProviderId, t.Subject)).ToDictionary(g => g.Key, g => g.Min(t => t.CreatedAt));
        var owed = new List<LostStolenMonth>();
        foreach (var p in providers.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var start = p.AuthorizedOn ?? DateOnly.FromDateTime(p.CreatedAt.UtcDateTime);
            var first = new DateOnly(start.Year, start.Month, 1);
            for (var month = first > earliest ? first : earliest; month < thisMonth; month = month.AddMonths(1))
            {
                var key = (p.Id, month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
                owed.Add(new LostStolenMonth(p.Id, p.Sandbox, month, files.TryGetValue(key, out var at) ? at : null));
            }
        }
        return owed;
    }

    /// <summary>Whether a file for the month <paramref name="subject"/> (YYYY-MM) was made after that month ended (UTC).</summary>
    public static bool IsComplete(string subject, DateTimeOffset createdAt) =>
        DateOnly.TryParseExact(subject + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var first)
        && createdAt >= new DateTimeOffset(first.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
