using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// P050 4.10, §502.20(d): the Postal Service approves or rejects submitted advertising matter — judging too what software
/// cannot, that the art is not obscene, defamatory or deceptive and does not advocate unlawful action. A rejection says
/// why. Only approved matter prints (<c>ad_not_approved</c>).
/// </summary>
internal sealed class DecideAdvertisement(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<AdvertisementView> Handle(Caller caller, string id, ApprovalStatus decision, string? reason, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        Rules.Check(new OnlyThePostalServiceApprovesAdvertisingRule(caller.Role == Caller.PostalRole));
        reason = Approvals.Reason(decision, reason);
        var row = await db.Advertisements.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw ApiException.NotFound("advertisement", id);
        Rules.Check(new ApprovalMustBeUndecidedRule(ApprovalSubject.Advertisement, id, row.Status));
        if (decision == ApprovalStatus.Approved) Rules.Check(new AdMustIdentifyMailerRule(row.Text ?? "", row.LicenseeId is null ? null : row.Caption));
        (row.Status, row.DecidedBy, row.DecidedAt, row.DecisionReason) = (decision, caller.UserOrKeyId, clock.GetUtcNow(), reason);
        return AdvertisementView.From(row);
    }, ct);
}
