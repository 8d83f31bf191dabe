using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// Sanction procedures against a provider (39 CFR 502.5, 502.13, 502.15, 502.21): the Postal Service issues
/// and advances them, the provider defends and appeals; both read them.
/// </summary>
public static class SanctionsApi
{
    public static void MapSanctions(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/providers/{providerId}/sanctions").WithTags("Providers");
        g.MapGet("", async (string providerId, HttpContext http, Sanctions s, CancellationToken ct) =>
                Results.Ok(Lists.Page(await s.List(Caller.From(http.User), providerId, ct), PageQuery.Read(http.Request), x => x.Id, x => x.CreatedAt)))
            .WithName("ListSanctions").WithSummary("A provider's sanction procedures, newest first (the Postal Service; the provider its own).").Paged<SanctionView>();
        g.MapPost("", async (string providerId, HttpContext http, Sanctions s, CancellationToken ct) =>
            {
                var view = await s.Issue(Caller.From(http.User), providerId, await JsonBody.Read<IssueSanctionCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/providers/{providerId}/sanctions/{view.Id}", view);
            })
            .WithName("IssueSanction").Idempotent()
            .WithSummary("Postal Service: the written notice — of proposed suspension with a time to correct (§502.5(c)(1), §502.13(b)(1)), or of suspension, revocation or administrative sanction (§502.15, §502.21) taking effect unless a written defense comes within 30 days.")
            .Accepts<IssueSanctionCommand>("application/json").Produces<SanctionView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        g.MapGet("/{sanctionId}", async (string providerId, string sanctionId, HttpContext http, Sanctions s, CancellationToken ct) =>
                Results.Ok(await s.Get(Caller.From(http.User), providerId, sanctionId, ct)))
            .WithName("GetSanction").Produces<SanctionView>().ProducesProblem(404);
        Step(g, "cure", "RecordSanctionCure", "Postal Service: the cited deficiencies were corrected in time; the proposed suspension is withdrawn (§502.5(c)(1)).",
            (s, c, id, body, ct) => s.Cure(c, id, ct));
        Step(g, "notice", "IssueSuspensionNotice", "Postal Service: the deficiencies were not corrected in time; the written notice of suspension with its effective date (§502.5(c)(2), §502.13(b)(2)).",
            (s, c, id, body, ct) => s.Notice(c, id, body, ct));
        Step(g, "defense", "PresentSanctionDefense", "Provider: the written defense with all supporting evidence, within the defense period (§502.5(d), §502.15(c), §502.21(d)).",
            (s, c, id, body, ct) => s.Defend(c, id, body, ct));
        Step(g, "decision", "DecideSanction", "Postal Service: the decision after the defense, outcome impose | withdraw, with its reasons and optional effective_at (§502.5(e), §502.15(d), §502.21(e)).",
            (s, c, id, body, ct) => s.Decide(c, id, body, ct));
        Step(g, "appeal", "AppealSanction", "Provider: the written appeal within 30 days of the decision; it stays the sanction until decided (§502.15(e), §502.21(f)).",
            (s, c, id, body, ct) => s.Appeal(c, id, body, ct));
        Step(g, "appeal-decision", "DecideSanctionAppeal", "Postal Service: decide the appeal, outcome deny (the sanction takes effect again) | grant (set aside).",
            (s, c, id, body, ct) => s.DecideAppeal(c, id, body, ct));
        Step(g, "extension", "ExtendSuspension", "Postal Service: extend a suspension in effect by up to 90 days (§502.5(c)(4)(i)).",
            (s, c, id, body, ct) => s.Extend(c, id, body, ct));
        Step(g, "withdrawal", "WithdrawSanction", "Postal Service: withdraw the sanction, before or after it took effect (§502.5(c)(4)(iii)).",
            (s, c, id, body, ct) => s.Withdraw(c, id, body, ct));
    }

    private static void Step(RouteGroupBuilder g, string path, string name, string summary, Func<Sanctions, Caller, string, SanctionStepCommand, CancellationToken, Task<SanctionView>> run) =>
        g.MapPost("/{sanctionId}/" + path, async (string providerId, string sanctionId, HttpContext http, Sanctions s, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                await s.Get(caller, providerId, sanctionId, ct); // the sanction must be this provider's and visible to the caller
                return Results.Ok(await run(s, caller, sanctionId, await JsonBody.Read<SanctionStepCommand>(http.Request, ct), ct));
            })
            .WithName(name).WithSummary(summary).Accepts<SanctionStepCommand>("application/json")
            .Produces<SanctionView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
}
