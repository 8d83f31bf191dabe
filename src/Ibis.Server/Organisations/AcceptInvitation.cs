using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record AcceptInvitationCommand(string? Code, string? Password);

public sealed record UserView(string Id, string Object, string Email, string Role, bool Administrator, string Mode, DateTimeOffset CreatedAt, DateTimeOffset? RemovedAt)
{
    public static UserView From(UserRow u) => new(u.Id, "user", u.Email, u.Role, u.IsAdministrator, u.Sandbox ? "test" : "live", u.CreatedAt, u.RemovedAt);
}

/// <summary>
/// The invited person sets a password of at least 12 characters with the one-time code; the code is
/// then spent. A code used twice, or after 72 hours, opens nothing.
/// </summary>
public sealed class AcceptInvitation(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<UserView> Handle(AcceptInvitationCommand command, CancellationToken ct) => pipeline.Run(null, null, async ct =>
    {
        var now = clock.GetUtcNow();
        var invitation = Invitations.HasShape(command.Code)
            ? await db.Invitations.FirstOrDefaultAsync(i => i.CodeHash == ApiKeys.Hash(command.Code!), ct)
            : null;
        if (invitation is null)
            throw new BusinessRuleViolationException(new BrokenRule("invitation_invalid", "this invitation code is not valid; check it or ask your administrator for a new one", "code", RuleKind.NotFound));
        Rules.Check(new InvitationMustBeOpenRule(invitation.ExpiresAt, invitation.AcceptedAt, invitation.RevokedAt, now));
        Rules.Check(new PasswordMustBeLongEnoughRule(command.Password));
        await InviteUser.UserMustNotExist(db, invitation.Email, ct);
        var user = new UserRow
        {
            Id = Ids.New("usr"), Email = invitation.Email, Role = invitation.Role, PasswordHash = "", IsAdministrator = invitation.IsAdministrator,
            LicenseeId = invitation.LicenseeId, ProviderId = invitation.ProviderId, Sandbox = invitation.Sandbox,
            SessionStamp = Ids.New("ss"), CreatedAt = now,
        };
        user.PasswordHash = Passwords.Hash(user, command.Password!);
        db.Users.Add(user);
        invitation.AcceptedAt = now;
        invitation.UserId = user.Id;
        return UserView.From(user);
    }, ct);
}
