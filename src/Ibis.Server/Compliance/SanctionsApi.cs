using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// Sanction procedures against a provider (39 CFR 502.5, 502.13, 502.15, 502.21): the Postal Service issues
/// and advances them, the provider defends and appeals; both read them. The steps after the notice are
/// one route each, mapped from <see cref="SanctionProcedureStep.All"/>.
/// </summary>
internal static class SanctionsApi
{
    public static void MapSanctions(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/providers/{providerId}/sanctions").WithTags("Providers");
        g.MapGet("", async (string providerId, HttpContext http, SanctionReads s, CancellationToken ct) =>
                Results.Ok(Lists.Page(await s.List(Caller.From(http.User), providerId, ct), PageQuery.Read(http.Request), x => x.Id, x => x.CreatedAt)))
            .WithName("ListSanctions").WithSummary("A provider's sanction procedures, newest first (the Postal Service; the provider its own).").Paged<SanctionView>();
        g.MapPost("", async (string providerId, HttpContext http, IssueSanction s, CancellationToken ct) =>
            {
                var view = await s.Handle(Caller.From(http.User), providerId, await JsonBody.Read<IssueSanctionCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/providers/{providerId}/sanctions/{view.Id}", view);
            })
            .WithName("IssueSanction").Idempotent()
            .WithSummary("Postal Service: the written notice — of proposed suspension with a time to correct (§502.5(c)(1), §502.13(b)(1)), or of suspension, revocation or administrative sanction (§502.15, §502.21) taking effect unless a written defense comes within 30 days.")
            .Accepts<IssueSanctionCommand>("application/json").Produces<SanctionView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        g.MapGet("/{sanctionId}", async (string providerId, string sanctionId, HttpContext http, SanctionReads s, CancellationToken ct) =>
                Results.Ok(await s.Get(Caller.From(http.User), providerId, sanctionId, ct)))
            .WithName("GetSanction").Produces<SanctionView>().ProducesProblem(404);
        foreach (var step in SanctionProcedureStep.All) Step(g, step);
    }

    private static void Step(RouteGroupBuilder g, SanctionProcedureStep step) =>
        g.MapPost("/{sanctionId}/" + step.Route, async (string providerId, string sanctionId, HttpContext http, SanctionReads s, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                await s.Get(caller, providerId, sanctionId, ct); // the sanction must be this provider's and visible to the caller
                return Results.Ok(await step.Run(http.RequestServices, caller, sanctionId, await JsonBody.Read<SanctionStepCommand>(http.Request, ct), ct));
            })
            .WithName(step.OperationName).WithSummary(step.Summary).Accepts<SanctionStepCommand>("application/json")
            .Produces<SanctionView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
}
