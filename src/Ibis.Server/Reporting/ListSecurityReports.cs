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

public sealed record SecurityReportView(
    string Id, string Object, string CaseId, string Kind, string Circumstances, string? InvestigativeProcedure, string? AnticipatedCompletionOn,
    string? Findings, DateTimeOffset FiledAt, string TransmissionId)
{
    public static SecurityReportView From(SecurityReportRow r) => new(
        r.Id, "security_report", r.CaseId, r.Kind, r.Circumstances, r.InvestigativeProcedure,
        r.AnticipatedCompletionOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Findings, r.FiledAt, r.TransmissionId);
}

/// <summary>§502.14: the reports filed on a case, in order — the provider its own; the Postal Service and its inspectors every provider's.</summary>
internal sealed class ListSecurityReports(IbisDb db, CommandPipeline pipeline)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole, Caller.PostalRole, Caller.InspectorRole);

    public Task<IReadOnlyList<SecurityReportView>> Handle(Caller caller, string caseId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var found = await CaseRecords.Reported(db, caller, caseId, ownOnly: caller.Role == Caller.ProviderRole, ct);
        var rows = await db.SecurityReports.AsNoTracking().Where(r => r.CaseId == found.Id).ToListAsync(ct);
        return (IReadOnlyList<SecurityReportView>)rows.OrderBy(r => r.FiledAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(SecurityReportView.From).ToList();
    }, ct);
}
