using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>
/// An administrator removes a user: the user's portal sessions end at once and the API keys the user created are
/// revoked, so nothing the user held outlives the removal.
/// </summary>
public sealed class RemoveUser(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<UserView> Handle(Caller caller, string userId, CancellationToken ct) => pipeline.Run(caller, InviteUser.Access, async ct =>
    {
        var user = await ChangeUser.FindUser(db, caller, userId, ct);
        if (user.Id == caller.UserOrKeyId)
            throw new BusinessRuleViolationException(new BrokenRule("cannot_remove_self", "you cannot remove yourself; ask another administrator", null, RuleKind.Conflict));
        var now = clock.GetUtcNow();
        user.RemovedAt = now;
        user.SessionStamp = Ids.New("ss");
        await db.ApiKeys.Where(k => k.CreatedBy == user.Id && k.RevokedAt == null).ForEachAsync(k => k.RevokedAt = now, ct);
        return UserView.From(user);
    }, ct);
}
