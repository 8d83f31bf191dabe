using Ibis.Data;
using Ibis.Domain.Money;
using Ibis.Rendering.Statements;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// Form 3601-C of a checked-out device (§502.20(e), §502.27(b)): as JSON, or as a PDF with its sections
/// A–G (<c>GET /v1/activity-reports/{id}.pdf</c>). The licensee, its provider and the Postal Service read it.
/// </summary>
public static class ActivityReports
{
    public static void MapActivityReports(this RouteGroupBuilder v1)
    {
        v1.MapGet("/activity-reports/{id}", Get).WithName("GetActivityReport")
            .WithSummary("Form 3601-C of a checked-out device; append .pdf for the form with its sections A–G (§502.27(b)).")
            .Produces<ActivityReportView>().ProducesFile("Form 3601-C as JSON, or (id ending in .pdf) as a PDF.", "application/json", "application/pdf").ProducesProblem(404);
    }

    private static async Task<IResult> Get(string id, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var pdf = id.EndsWith(".pdf", StringComparison.Ordinal);
        var reportId = pdf ? id[..^4] : id;
        var report = await db.ActivityReports.AsNoTracking().FirstOrDefaultAsync(a => a.Id == reportId, ct)
            ?? throw ApiException.NotFound("activity_report", reportId);
        // Whoever may see the device may see its report; anyone else is told it does not exist.
        Data.Entities.DeviceRow device;
        try
        {
            device = await DeviceLife.Visible(db, Caller.From(http.User), report.DeviceId, ct);
        }
        catch (Exception e) when (e is ApiException or Domain.BusinessRuleViolationException)
        {
            throw ApiException.NotFound("activity_report", reportId);
        }
        if (!pdf) return Results.Ok(ActivityReportView.From(report));
        var licensee = device.LicenseeId is null ? null : await db.Licensees.AsNoTracking().FirstOrDefaultAsync(l => l.Id == device.LicenseeId, ct);
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == device.ProviderId, ct);
        var form = new ActivityReportForm(
            report.Id, licensee?.Name ?? "—", device.LicenseId, provider.Name,
            new Domain.Devices.DeviceNumber((ushort)device.Vendor, (ushort)device.Model, (uint)device.Serial).ToString(), device.Id,
            device.CertificateSerial.ToString(System.Globalization.CultureInfo.InvariantCulture), report.Reason, report.CreatedAt,
            Mills.FromMills(report.AscendingMills), Mills.FromMills(report.DescendingMills), report.PieceCount,
            report.NoticeDescendingMills is { } n ? Mills.FromMills(n) : null, Mills.FromMills(report.ValidatedRefundMills),
            report.AccountId, report.SignedBy ?? "—", report.RegistersNotValidatedReason,
            report.ExaminationValidatedAt is { } examined ? new ExaminationValidation(examined, report.ExaminedBy ?? "—", report.ExaminationFindings ?? "") : null);
        return Results.File(ActivityReportRenderer.RenderPdf(form), "application/pdf", $"{report.Id}.pdf");
    }
}
