using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Psd;

namespace Ibis.Server.Reporting;

/// <summary>§502.14: potential security weaknesses (cases) and the provider's reports on them to the Postal Service.</summary>
public static class ReportingApi
{
    public static void MapReporting(this RouteGroupBuilder v1)
    {
        v1.MapPost("/cases", async (HttpContext http, OpenSecurityWeakness open, CancellationToken ct) =>
            {
                var opened = await open.Handle(Caller.From(http.User), await JsonBody.Read<OpenSecurityWeaknessCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/cases/{opened.Id}", opened);
            })
            .WithName("OpenSecurityWeakness").WithTags("Reporting")
            .WithSummary("Provider: open a case for a potential security weakness learnt outside Ibis (§502.14(b)); its 21-day preliminary report clock starts now.")
            .Accepts<OpenSecurityWeaknessCommand>("application/json").Produces<CaseView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        v1.MapGet("/cases/{caseId}", async (string caseId, HttpContext http, ShowCase show, CancellationToken ct) =>
                Results.Ok(await show.Handle(Caller.From(http.User), caseId, ct)))
            .WithName("GetCase").WithTags("Reporting")
            .WithSummary("Provider (its own), Postal Service and inspectors: one case with its status, finding and note.")
            .Produces<CaseView>().ProducesProblem(403).ProducesProblem(404);
        v1.MapPost("/cases/{caseId}/investigation", async (string caseId, HttpContext http, InvestigateCase investigate, CancellationToken ct) =>
                Results.Ok(await investigate.Handle(Caller.From(http.User), caseId, ct)))
            .WithName("InvestigateCase").WithTags("Reporting")
            .WithSummary("Provider, Postal Service or inspector: take the case up; its status becomes investigating (§502.14(c)).")
            .Produces<CaseView>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapPost("/cases/{caseId}/resolution", async (string caseId, HttpContext http, ResolveCase resolve, CancellationToken ct) =>
                Results.Ok(await resolve.Handle(Caller.From(http.User), caseId, await JsonBody.Read<ResolveCaseCommand>(http.Request, ct), ct)))
            .WithName("ResolveCase").WithTags("Reporting")
            .WithSummary("Provider or Postal Service: resolve the case with a finding (cleared, device_fault, abuse_confirmed, system_weakness) and a note; a locked device still needs a clean audit to return to service.")
            .Accepts<ResolveCaseCommand>("application/json").Produces<CaseView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapPost("/cases/{caseId}/security-reports", async (string caseId, HttpContext http, FileSecurityReport file, CancellationToken ct) =>
            {
                var filed = await file.Handle(Caller.From(http.User), caseId, await JsonBody.Read<FileSecurityReportCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/cases/{caseId}/security-reports", filed);
            })
            .WithName("FileSecurityReport").WithTags("Reporting")
            .WithSummary("Provider: file the preliminary notice (within 21 days of discovery), the written report (within 45 days of the notice), a status report or the final summary of findings (§502.14(b)–(c)); transmitted to the Postal Service.")
            .Accepts<FileSecurityReportCommand>("application/json").Produces<SecurityReportView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapGet("/cases/{caseId}/security-reports", async (string caseId, HttpContext http, ListSecurityReports list, CancellationToken ct) =>
                Results.Ok(Lists.Page(await list.Handle(Caller.From(http.User), caseId, ct), PageQuery.Read(http.Request), r => r.Id, r => r.FiledAt)))
            .WithName("ListSecurityReports").WithTags("Reporting")
            .WithSummary("Provider (its own), Postal Service and inspectors: the reports filed on a case, in order.")
            .Paged<SecurityReportView>().ProducesProblem(403).ProducesProblem(404);
    }
}
