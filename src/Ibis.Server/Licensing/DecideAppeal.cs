using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>P050 2.4: the Manager, MTM grants or denies an appeal with reasons; a granted appeal approves the application or reinstates the licence; both parties are notified.</summary>
public sealed class DecideAppeal(IbisDb db, CommandPipeline pipeline, LicensingQueries queries, DecideApplication decideApplication, TimeProvider clock, ILogger<DecideAppeal> log)
{
    /// <summary>P050 2.4: appeals are decided by the Manager, Metering Technology Management.</summary>
    public static readonly Access Access = Access.For(Caller.AppealsManagerRole);

    /// <summary>P050 2.4: the Manager, MTM decides; the outcome is recorded and notified to licensee and provider.</summary>
    public Task<AppealView> Handle(Caller caller, string appealId, AppealDecisionRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        // One vocabulary: decision approve | reject, or the rule's outcome granted | denied (P050 2.4).
        var outcome = Decisions.Input(body.Decision ?? body.Outcome) switch { Decisions.Approve => AppealStatus.Granted, Decisions.Reject => AppealStatus.Denied, _ => (AppealStatus?)null };
        if (outcome is not { } decided) throw ApiException.Invalid("decision_invalid", "decision is \"approve\" (granted) or \"reject\" (denied)", body.Decision is null ? "outcome" : "decision");
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) throw ApiException.Invalid("reason_required", "the decision on an appeal states its reasons", "reason");
        var row = await queries.VisibleAppeals(caller).FirstOrDefaultAsync(a => a.Id == appealId, ct) ?? throw ApiException.NotFound("appeal", appealId);
        var appeal = row.Aggregate();
        if (decided == AppealStatus.Granted) appeal.Grant();
        else appeal.Deny();
        var now = clock.GetUtcNow();
        row.Status = appeal.Status;
        row.Outcome = reason;
        row.DecidedBy = caller.UserOrKeyId;
        row.DecidedAt = now;
        LicensingLog.AppealDecided(log, row.Id, row.LicenseeId, decided.ToText());
        if (decided == AppealStatus.Granted)
        {
            if (row.Against == "refusal")
            {
                var app = await db.LicenseApplications.FirstAsync(a => a.Id == row.DecisionId, ct);
                var reopened = app.Aggregate();
                reopened.ReopenOnAppeal();
                app.Status = reopened.Status; // then approved as the appeal decided
                await db.SaveChangesAsync(ct);
                // The approval joins this transaction: the appeal and the license it brings are one change.
                await decideApplication.Handle(new Caller(caller.UserOrKeyId, Caller.LicensingOfficialRole, null, null, caller.TestMode), app.Id, new DecisionRequest("approve", null, null), ct);
            }
            else
            {
                var license = await db.Licenses.FirstAsync(l => l.Id == row.DecisionId, ct);
                var reinstated = license.Aggregate();
                reinstated.Reinstate();
                license.Status = reinstated.Status;
                license.RevocationReason = null;
                license.RevokedAt = null;
                await db.ProviderTasks.Where(t => t.LicenseId == license.Id && t.Status == ProviderTaskStatus.Open)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ProviderTaskStatus.Cancelled).SetProperty(t => t.CompletedAt, now), ct);
            }
        }
        LicensingRecords.Notify(db, row.LicenseeId, row.ProviderId, decided == AppealStatus.Granted ? "appeal_granted" : "appeal_denied", row.DecisionId, now,
            $"Your appeal {row.Id} against the {row.Against} {row.DecisionId} is {decided.ToWords()}: {reason} (P050 2.4).",
            $"The appeal {row.Id} of licensee {row.LicenseeId} against the {row.Against} {row.DecisionId} is {decided.ToWords()}.");
        await db.SaveChangesAsync(ct);
        return AppealView.From(row);
    }, ct);
}
