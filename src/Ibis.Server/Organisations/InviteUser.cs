using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record InviteUserCommand(string? Email, string? Role, bool? Administrator);

/// <summary>
/// An organisation's administrator invites a user with a role the organisation may grant; the
/// one-time code is shown once and expires in 72 hours.
/// </summary>
public sealed class InviteUser(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.AdministratorOf(OrganisationRoles.Grantable(OrganisationKind.PostalService)
        .Append(OrganisationRoles.Provider).Append(OrganisationRoles.Licensee).ToArray());

    public Task<IssuedInvitation> Handle(Caller caller, InviteUserCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var email = Invitations.NormalizeEmail(command.Email);
        var role = command.Role ?? OrganisationRoles.Grantable(caller.Organisation)[0];
        Rules.Check(new RoleMustBeGrantableRule(caller.Organisation, role));
        await UserMustNotExist(db, email, ct);
        return Invitations.Issue(db, email, role, command.Administrator ?? false, caller.LicenseeId, caller.ProviderId, caller.IsSandbox, caller.UserOrKeyId, clock.GetUtcNow());
    }, ct);

    public static async Task UserMustNotExist(IbisDb db, string email, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
            throw new BusinessRuleViolationException(new BrokenRule("user_exists", $"a user with the e-mail address {email} already exists", "email", RuleKind.Conflict));
    }
}
