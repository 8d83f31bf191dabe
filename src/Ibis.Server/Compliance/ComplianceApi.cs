using Ibis.Server.Api;
using Ibis.Server.Auth;

namespace Ibis.Server.Compliance;

/// <summary>The compliance endpoints: dated duties of the rule, declaring one done, and the caller's inbox.</summary>
public static class ComplianceApi
{
    public static void MapCompliance(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Compliance"); // one tag per module in the API reference
        v1.MapSanctions();
        v1.MapGet("/compliance/duties", async (HttpContext http, ListDuties list, string? rule, string? section, string? subject_id, string? status, CancellationToken ct) =>
                Results.Ok(await list.Page(Caller.From(http.User), new DutyQuery(rule, section, subject_id, status), PageQuery.Read(http.Request), ct)))
            .WithName("ListDuties").WithSummary("Dated duties of the rule the caller may see (rule, section, subject_id, due_at, status due | overdue | done), the nearest deadline first.")
            .Paged<DutyView>();
        v1.MapPost("/compliance/duties/{dutyId}/completion", async (string dutyId, HttpContext http, DeclareDutyDone declare, CancellationToken ct) =>
                Results.Ok(await declare.Handle(Caller.From(http.User), dutyId, ct)))
            .WithName("DeclareDutyDone").WithSummary("Licensee: declare done a duty Ibis cannot observe (AMS update P050 2.5g, license information check 2.5e).")
            .Produces<DutyView>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapGet("/compliance/test-indicia-destructions", async (HttpContext http, TestIndiciaDestruction log, CancellationToken ct) =>
                Results.Ok(Lists.Page(await log.Log(Caller.From(http.User), ct), PageQuery.Read(http.Request), r => r.Id, r => r.DestroyedAt)))
            .WithName("ListTestIndiciaDestructions").WithSummary("§502.17: the daily destruction log of test indicia, one line per provider and day, newest first (provider: its own; Postal Service: all).")
            .Paged<TestIndiciaDestructionView>();
        v1.MapGet("/compliance/inbox", async (HttpContext http, ListInbox inbox, CancellationToken ct) =>
                Results.Ok(await inbox.Page(Caller.From(http.User), PageQuery.Read(http.Request), ct)))
            .WithName("ListInbox").WithSummary("The caller's notices (reminders, overdue notices, escalations, written notices) and their e-mail delivery, newest first.")
            .Paged<InboxMessageView>();
    }
}
