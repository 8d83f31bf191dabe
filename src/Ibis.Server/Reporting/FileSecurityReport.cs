using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Reporting;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Reporting;

/// <param name="Kind">preliminary | written | status | final.</param>
/// <param name="AnticipatedCompletionOn">YYYY-MM-DD; the written report's.</param>
public sealed record FileSecurityReportCommand(string? Kind, string? Circumstances, string? InvestigativeProcedure, string? AnticipatedCompletionOn, string? Findings);

/// <summary>
/// §502.14: a provider reports every potential security weakness to the Postal Service — a preliminary notice
/// within 21 days of discovery, a written report within 45 days of that notice, periodic status reports, and a
/// summary of the findings. Each report is transmitted to the Postal Service as a versioned document; the
/// deadlines are duties (Compliance/Duties/SecurityWeaknessReports).
/// </summary>
internal sealed class FileSecurityReport(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock)
{
    public const string TransmissionKind = "security_weakness_report";

    public static readonly Access Access = CaseRecords.Provider;

    public Task<SecurityReportView> Handle(Caller caller, string caseId, FileSecurityReportCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var found = await CaseRecords.Reported(db, caller, caseId, ownOnly: true, ct);
        var kind = command.Kind ?? "";
        var filed = await db.SecurityReports.AsNoTracking().Where(r => r.CaseId == found.Id).Select(r => r.Kind).ToListAsync(ct);
        new SecurityReporting(filed).CheckMayFile(kind);
        DateOnly? completion = null;
        if (!string.IsNullOrWhiteSpace(command.AnticipatedCompletionOn))
        {
            if (!DateOnly.TryParseExact(command.AnticipatedCompletionOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw CaseRecords.Invalid("date_invalid", "anticipated_completion_on is a date, YYYY-MM-DD", "anticipated_completion_on");
            completion = day;
        }
        foreach (var rule in SecurityReportContentRule.For(kind, command.Circumstances, command.InvestigativeProcedure, completion, command.Findings)) Rules.Check(rule);

        var now = clock.GetUtcNow();
        var id = Ids.New("srp");
        var transmission = transmissions.Add(db, TransmissionKind, found.Id, found.ProviderId, now, new Dictionary<string, object?>
        {
            ["type"] = "ibis.security_weakness_report.v1",
            ["report_id"] = id,
            ["case_id"] = found.Id,
            ["provider_id"] = found.ProviderId,
            ["device_id"] = found.DeviceId,
            ["weakness_kind"] = found.Kind,
            ["discovered_at"] = found.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["report_kind"] = kind,
            ["circumstances"] = command.Circumstances!.Trim(),
            ["investigative_procedure"] = command.InvestigativeProcedure?.Trim(),
            ["anticipated_completion_on"] = completion?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["findings"] = command.Findings?.Trim(),
            ["filed_at"] = now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        });
        var row = new SecurityReportRow
        {
            Id = id, CaseId = found.Id, ProviderId = found.ProviderId, Kind = kind, Circumstances = command.Circumstances!.Trim(),
            InvestigativeProcedure = command.InvestigativeProcedure?.Trim(), AnticipatedCompletionOn = completion, Findings = command.Findings?.Trim(),
            FiledBy = caller.UserOrKeyId, FiledAt = now, TransmissionId = transmission.Id,
        };
        db.SecurityReports.Add(row);
        return SecurityReportView.From(row);
    }, ct);
}
