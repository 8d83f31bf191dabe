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

/// <param name="DeviceId">The device (and so the model) the weakness concerns.</param>
/// <param name="Kind">One of <see cref="SecurityReports.WeaknessKinds"/>.</param>
public sealed record OpenSecurityWeaknessCommand(string? DeviceId, string? Kind, string? Detail);

public sealed record SecurityReportView(
    string Id, string Object, string CaseId, string Kind, string Circumstances, string? InvestigativeProcedure, string? AnticipatedCompletionOn,
    string? Findings, DateTimeOffset FiledAt, string TransmissionId)
{
    public static SecurityReportView From(SecurityReportRow r) => new(
        r.Id, "security_report", r.CaseId, r.Kind, r.Circumstances, r.InvestigativeProcedure,
        r.AnticipatedCompletionOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Findings, r.FiledAt, r.TransmissionId);
}

/// <summary>
/// §502.14: a provider reports every potential security weakness to the Postal Service — a preliminary
/// notice within 21 days of discovery, a written report within 45 days of that notice, periodic status
/// reports, and a summary of the findings. A weakness is a case: Ibis opens one when a device's registers
/// fail their integrity check or an audit fails (the device is locked, Psd/DeviceLockout), and the
/// provider opens one for anything else it learns (§502.14(b)(1)–(2)). Each report is transmitted to the
/// Postal Service as a versioned document; the deadlines are duties (Compliance/Duties/SecurityWeaknessReports).
/// </summary>
public sealed class SecurityReports(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock)
{
    public const string TransmissionKind = "security_weakness_report";

    public static readonly Access ProviderAccess = Access.For(Caller.ProviderRole);

    /// <summary>Who reads the reports: the provider its own; the Postal Service and its inspectors every provider's.</summary>
    public static readonly Access ReadAccess = Access.For(Caller.ProviderRole, Caller.PostalRole, Caller.InspectorRole);

    /// <summary>§502.14(b)(1)–(2): what a provider may learn of and must report, besides what Ibis finds itself.</summary>
    public static readonly IReadOnlyList<string> WeaknessKinds =
        ["test_finding", "equipment_defect", "suspected_abuse", "resetting_system_breach", "key_compromise", "performance_deviation"];

    public Task<CaseView> Open(Caller caller, OpenSecurityWeaknessCommand command, CancellationToken ct) => pipeline.Run(caller, ProviderAccess, async ct =>
    {
        if (string.IsNullOrWhiteSpace(command.DeviceId)) throw Invalid("device_id_required", "device_id is required: the device (and so the model) the weakness concerns", "device_id");
        if (command.Kind is null || !WeaknessKinds.Contains(command.Kind)) throw Invalid("weakness_kind_invalid", $"kind is one of {string.Join(", ", WeaknessKinds)} (§502.14(b))", "kind");
        if (string.IsNullOrWhiteSpace(command.Detail)) throw Invalid("detail_required", "detail is required: what was found and how", "detail");
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == command.DeviceId && d.ProviderId == caller.ProviderId && d.Sandbox == caller.TestMode, ct)
                     ?? throw new BusinessRuleViolationException(new BrokenRule("not_found", $"no device '{command.DeviceId}' is yours", "device_id", RuleKind.NotFound));
        var row = new CaseRow { Id = Ids.New("case"), DeviceId = device.Id, ProviderId = device.ProviderId, Kind = command.Kind, Detail = command.Detail.Trim(), CreatedAt = clock.GetUtcNow() };
        db.Cases.Add(row);
        return CaseView.From(row);
    }, ct);

    public Task<SecurityReportView> File(Caller caller, string caseId, FileSecurityReportCommand command, CancellationToken ct) => pipeline.Run(caller, ProviderAccess, async ct =>
    {
        var found = await OwnCase(caller, caseId, ct);
        var kind = command.Kind ?? "";
        var filed = await db.SecurityReports.AsNoTracking().Where(r => r.CaseId == found.Id).Select(r => r.Kind).ToListAsync(ct);
        new SecurityReporting(filed).CheckMayFile(kind);
        DateOnly? completion = null;
        if (!string.IsNullOrWhiteSpace(command.AnticipatedCompletionOn))
        {
            if (!DateOnly.TryParseExact(command.AnticipatedCompletionOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw Invalid("date_invalid", "anticipated_completion_on is a date, YYYY-MM-DD", "anticipated_completion_on");
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

    public Task<IReadOnlyList<SecurityReportView>> List(Caller caller, string caseId, CancellationToken ct) => pipeline.Run(caller, ReadAccess, async ct =>
    {
        var found = caller.Role == Caller.ProviderRole ? await OwnCase(caller, caseId, ct) : await AnyCase(caller, caseId, ct);
        var rows = await db.SecurityReports.AsNoTracking().Where(r => r.CaseId == found.Id).ToListAsync(ct);
        return (IReadOnlyList<SecurityReportView>)rows.OrderBy(r => r.FiledAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(SecurityReportView.From).ToList();
    }, ct);

    private async Task<CaseRow> OwnCase(Caller caller, string caseId, CancellationToken ct) =>
        await (from c in db.Cases.AsNoTracking()
               join d in db.Devices on c.DeviceId equals d.Id
               where c.Id == caseId && c.ProviderId == caller.ProviderId && d.Sandbox == caller.TestMode
               select c).FirstOrDefaultAsync(ct)
        ?? throw NotFound(caseId);

    /// <summary>The Postal Service sees every provider's cases of its own mode (sandbox identities reach sandbox data only).</summary>
    private async Task<CaseRow> AnyCase(Caller caller, string caseId, CancellationToken ct) =>
        await (from c in db.Cases.AsNoTracking()
               join d in db.Devices on c.DeviceId equals d.Id
               where c.Id == caseId && d.Sandbox == caller.TestMode
               select c).FirstOrDefaultAsync(ct)
        ?? throw NotFound(caseId);

    private static BusinessRuleViolationException NotFound(string caseId) => new(new BrokenRule("not_found", $"no case '{caseId}'", Kind: RuleKind.NotFound));

    private static BusinessRuleViolationException Invalid(string code, string message, string field) => new(new BrokenRule(code, message, field, RuleKind.BadInput));
}
