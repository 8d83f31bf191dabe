using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record ChangeUserCommand(string? Role, bool? Administrator);

/// <summary>
/// An administrator lists its organisation's users, changes a user's role or removes the user.
/// Either ends the user's portal sessions at once (a new session stamp) and a removal revokes the
/// API keys the user created, so nothing the user held outlives the change.
/// </summary>
public sealed class ManageUsers(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserView>> List(Caller caller, CancellationToken ct)
    {
        InviteUser.Access.Authorize(caller);
        var rows = await OrganisationScope.Users(db.Users.AsNoTracking(), caller).OrderBy(u => u.Email).ToListAsync(ct);
        return rows.Select(UserView.From).ToList();
    }

    public Task<UserView> Change(Caller caller, string userId, ChangeUserCommand command, CancellationToken ct) => pipeline.Run(caller, InviteUser.Access, async ct =>
    {
        var user = await Find(caller, userId, ct);
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

    public Task<UserView> Remove(Caller caller, string userId, CancellationToken ct) => pipeline.Run(caller, InviteUser.Access, async ct =>
    {
        var user = await Find(caller, userId, ct);
        if (user.Id == caller.UserOrKeyId)
            throw new BusinessRuleViolationException(new BrokenRule("cannot_remove_self", "you cannot remove yourself; ask another administrator", null, RuleKind.Conflict));
        var now = clock.GetUtcNow();
        user.RemovedAt = now;
        user.SessionStamp = Ids.New("ss");
        await db.ApiKeys.Where(k => k.CreatedBy == user.Id && k.RevokedAt == null).ForEachAsync(k => k.RevokedAt = now, ct);
        return UserView.From(user);
    }, ct);

    private async Task<Data.Entities.UserRow> Find(Caller caller, string userId, CancellationToken ct) =>
        await OrganisationScope.Users(db.Users, caller).FirstOrDefaultAsync(u => u.Id == userId && u.RemovedAt == null, ct)
        ?? throw new BusinessRuleViolationException(new BrokenRule("user_not_found", $"no user '{userId}' exists in your organisation", null, RuleKind.NotFound));
}
