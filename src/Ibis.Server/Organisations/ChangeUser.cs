using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record ChangeUserCommand(string? Role, bool? Administrator);

/// <summary>
/// An administrator changes a user's role or administrator rights; the user's portal sessions end at once (a new
/// session stamp), so nothing the user held under the old role outlives the change.
/// </summary>
public sealed class ChangeUser(IbisDb db, CommandPipeline pipeline)
{
    public Task<UserView> Handle(Caller caller, string userId, ChangeUserCommand command, CancellationToken ct) => pipeline.Run(caller, InviteUser.Access, async ct =>
    {
        var user = await FindUser(db, caller, userId, ct);
        if (command.Role is { } role)
        {
            Rules.Check(new RoleMustBeGrantableRule(caller.Organisation, role));
            user.Role = role;
        }
        if (command.Administrator is { } admin)
        {
            // An organisation keeps at least one administrator (the one acting cannot demote itself).
            if (!admin && user.Id == caller.UserOrKeyId)
                throw new BusinessRuleViolationException(new BrokenRule("last_administrator", "you cannot remove your own administrator rights; ask another administrator", "administrator", RuleKind.Conflict));
            user.IsAdministrator = admin;
        }
        user.SessionStamp = Ids.New("ss");
        return UserView.From(user);
    }, ct);

    /// <summary>An active user of the caller's organisation, tracked; not found otherwise.</summary>
    internal static async Task<Data.Entities.UserRow> FindUser(IbisDb db, Caller caller, string userId, CancellationToken ct) =>
        await OrganisationScope.Users(db.Users, caller).FirstOrDefaultAsync(u => u.Id == userId && u.RemovedAt == null, ct)
        ?? throw new BusinessRuleViolationException(new BrokenRule("user_not_found", $"no user '{userId}' exists in your organisation", null, RuleKind.NotFound));
}
