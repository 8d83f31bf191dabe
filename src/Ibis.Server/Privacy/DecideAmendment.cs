using System.Text.Json;
using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;

namespace Ibis.Server.Privacy;

/// <param name="Decision">"approve" (the rule's "accept") or "reject" ("refuse").</param>
/// <param name="Reasons">Why a refused amendment is refused (39 CFR 266).</param>
public sealed record AmendmentDecisionRequest(string? Decision, string? Reasons);

/// <summary>
/// Notice 820.100 "Contesting Record Procedures": the privacy officer decides a request to amend a record —
/// accepted, the record is corrected with its earlier version kept (<see cref="AmendCustomerRecord.Apply"/>); refused,
/// the reasons are recorded. The correction and the decision commit together or not at all.
/// </summary>
public sealed class DecideAmendment(IbisDb db, CommandPipeline pipeline, AmendCustomerRecord amend, RecordKeys keys, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.PrivacyOfficerRole);

    public Task<PrivacyRequestView> Handle(Caller caller, string id, AmendmentDecisionRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await PrivacyRecords.Find(db, id, ct);
        var request = PrivacyRecords.Aggregate(row);
        request.MustAwaitDecision();
        var now = clock.GetUtcNow();
        switch (Decisions.Input(body.Decision))
        {
            case Decisions.Approve: // the amendment is accepted
                request.Accept();
                var key = await keys.Get(db, row.RecordId!, ct);
                var changes = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string?>>>(RecordKeys.Open(key, row.RecordId!, "amendment/" + row.Id, row.Changes!))!;
                await amend.Apply(caller, row.RecordId!, changes, $"Privacy Act amendment request {row.Id}", "privacy_act_request", ct);
                break;
            case Decisions.Reject: // refused, with the reasons (39 CFR 266)
                request.Refuse(body.Reasons);
                row.RefusalReasons = body.Reasons!.Trim();
                break;
            default:
                throw ApiException.Invalid("decision_invalid", "decision is \"approve\" or \"reject\" (the rule's \"accept\" or \"refuse\")", "decision");
        }
        row.Status = request.Status;
        row.DecidedBy = caller.UserOrKeyId;
        row.DecidedAt = now;
        return PrivacyRequestView.From(row);
    }, ct);
}
