using Ibis.Data;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>The provider stops offering advertising matter (P050 4.10): it no longer prints. Another provider's matter is not found.</summary>
internal sealed class WithdrawAdvertisement(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<AdvertisementView> Handle(Caller caller, string id, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        var row = await db.Advertisements.FirstOrDefaultAsync(a => a.Id == id && caller.Role == Caller.ProviderRole && a.ProviderId == caller.ProviderId, ct)
                  ?? throw ApiException.NotFound("advertisement", id);
        (row.Status, row.DecidedBy, row.DecidedAt) = (ApprovalStatus.Withdrawn, caller.UserOrKeyId, clock.GetUtcNow());
        return AdvertisementView.From(row);
    }, ct);
}
