using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Domain.Reporting;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Reporting;

/// <summary>
/// What the case use cases share (§502.14): who works on cases, finding a case the caller may see, writing the
/// <see cref="SecurityCase"/> aggregate back on its row, and the note each step leaves in the device's history (§502.19).
/// </summary>
internal static class CaseRecords
{
    /// <summary>Who works on cases: the provider, the Postal Service and its inspectors (the aggregate decides who resolves).</summary>
    public static readonly Access Workers = Access.For(Caller.ProviderRole, Caller.PostalRole, Caller.InspectorRole);

    /// <summary>Who files security reports: the provider.</summary>
    public static readonly Access Provider = Access.For(Caller.ProviderRole);

    /// <summary>Writes a resolution the aggregate made back on its row.</summary>
    public static void Apply(CaseRow row, SecurityCase found)
    {
        row.InvestigationStartedAt = found.InvestigationStartedAt;
        row.InvestigatedBy = found.InvestigatedBy;
        row.ResolvedAt = found.ResolvedAt;
        row.ResolvedBy = found.ResolvedBy;
        row.Finding = found.Finding;
        row.ResolutionNote = found.Note;
    }

    /// <summary>
    /// The case, tracked, if the caller may work on it: a provider its own, the Postal Service and inspectors
    /// every provider's of their mode (sandbox identities reach sandbox data only); anyone else: not found.
    /// </summary>
    public static async Task<CaseRow> Find(IbisDb db, Caller caller, string caseId, CancellationToken ct)
    {
        var oversight = caller.Role is Caller.PostalRole or Caller.InspectorRole;
        return await (from c in db.Cases
                      join d in db.Devices on c.DeviceId equals d.Id
                      where c.Id == caseId && d.Sandbox == caller.TestMode && (oversight || c.ProviderId == caller.ProviderId)
                      select c).FirstOrDefaultAsync(ct)
               ?? throw new BusinessRuleViolationException(new BrokenRule("case_not_found", $"no case '{caseId}'", Kind: RuleKind.NotFound));
    }

    /// <summary>
    /// The case a security report is filed on or read from, untracked: with <paramref name="ownOnly"/> only the
    /// provider's own; otherwise any of the caller's mode (the Postal Service and inspectors; sandbox identities reach
    /// sandbox data only).
    /// </summary>
    public static async Task<CaseRow> Reported(IbisDb db, Caller caller, string caseId, bool ownOnly, CancellationToken ct) =>
        await (from c in db.Cases.AsNoTracking()
               join d in db.Devices on c.DeviceId equals d.Id
               where c.Id == caseId && d.Sandbox == caller.TestMode && (!ownOnly || c.ProviderId == caller.ProviderId)
               select c).FirstOrDefaultAsync(ct)
        ?? throw ReportCaseNotFound(caseId);

    /// <summary>A step of the case, in the device's history.</summary>
    public static async Task Note(IbisDb db, CaseRow row, string kind, string actor, DateTimeOffset at, string reason, CancellationToken ct, string? evidence = null)
    {
        var status = await db.Devices.AsNoTracking().Where(d => d.Id == row.DeviceId).Select(d => d.Status).FirstAsync(ct);
        DeviceHistory.Record(db, row.DeviceId, new DeviceTransition(kind, status, status, actor, at, reason, evidence));
    }

    public static BusinessRuleViolationException Invalid(string code, string message, string field) => new(new BrokenRule(code, message, field, RuleKind.BadInput));

    // The reports' endpoints have always answered a missing case with not_found (the case endpoints with case_not_found).
    private static BusinessRuleViolationException ReportCaseNotFound(string caseId) => new(new BrokenRule("not_found", $"no case '{caseId}'", Kind: RuleKind.NotFound));
}
