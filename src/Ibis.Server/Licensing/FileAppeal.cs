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

/// <summary>P050 2.4: a licensee appeals a refused application or a revoked licence, in writing, within 10 calendar days of receiving the decision.</summary>
public sealed class FileAppeal(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>P050 2.4: the refused applicant or revoked licensee files the appeal.</summary>
    public static readonly Access Access = Access.For(Caller.LicenseeRole);

    /// <summary>P050 2.4: a written appeal within 10 calendar days of receipt of the decision.</summary>
    public Task<AppealView> Handle(Caller caller, AppealRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var decisionId = body.DecisionId ?? throw ApiException.Invalid("decision_id_required", "decision_id is the refused application or the revoked license", "decision_id");
        var statement = body.Statement?.Trim();
        var appeal = Appeal.File(Ids.New("apl"), statement);
        string against;
        string providerId;
        if (await db.LicenseApplications.FirstOrDefaultAsync(a => a.Id == decisionId && a.LicenseeId == caller.LicenseeId, ct) is { } app)
        {
            Rules.Check(DecisionMustBeAppealableRule.For(app.Id, app.Status));
            against = "refusal";
            providerId = app.ProviderId;
        }
        else if (await db.Licenses.FirstOrDefaultAsync(l => l.Id == decisionId && l.LicenseeId == caller.LicenseeId, ct) is { } lic)
        {
            Rules.Check(DecisionMustBeAppealableRule.For(lic.Id, lic.Status));
            against = "revocation";
            providerId = await db.Licensees.Where(l => l.Id == lic.LicenseeId).Select(l => l.ProviderId).FirstAsync(ct);
        }
        else throw ApiException.NotFound("decision", decisionId);
        // Receipt of the decision: the written notice delivered to the licensee's notices.
        var received = await db.Notices.Where(n => n.SubjectId == decisionId && n.Recipient == "licensee" && (n.Kind == "license_refused" || n.Kind == "license_revoked"))
            .OrderByDescending(n => n.CreatedAt).Select(n => n.CreatedAt).FirstAsync(ct);
        Rules.Check(new AppealMustBeTimelyRule(received, clock.GetUtcNow()));
        Rules.Check(new AppealMustNotBePendingRule(decisionId, await db.Appeals.AnyAsync(a => a.DecisionId == decisionId && a.Status == AppealStatus.Pending, ct)));
        var row = new AppealRow
        {
            Id = appeal.Id, LicenseeId = caller.LicenseeId!, ProviderId = providerId, Against = against, DecisionId = decisionId,
            Statement = statement!, Status = appeal.Status, FiledAt = clock.GetUtcNow(),
        };
        db.Appeals.Add(row);
        await db.SaveChangesAsync(ct);
        return AppealView.From(row);
    }, ct);
}
