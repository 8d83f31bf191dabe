using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record OnboardLicenseeCommand(string? Name, string? AdministratorEmail);

public sealed record LicenseeView(string Id, string Object, string Name, string ProviderId, string Mode, DateTimeOffset CreatedAt);

public sealed record OnboardedLicensee(LicenseeView Licensee, IssuedInvitation AdministratorInvitation, IReadOnlyList<string> NextSteps);

/// <summary>
/// The provider's "new customer": the licensee's organisation and an invitation for its first
/// administrator. What follows is the licensing path — Form 3601-A, the license (3601-B), the deposit
/// account with its Acknowledgement of Deposit Requirement (§502.25(c)), the lease and a commissioned
/// device (P050 2.1, 3.1) — each its own use case.
/// </summary>
public sealed class OnboardLicensee(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Provider);

    public Task<OnboardedLicensee> Handle(Caller caller, OnboardLicenseeCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == caller.ProviderId, ct);
        Rules.Check(new ProviderMustBeAuthorizedRule(provider.Id, provider.Status));
        var name = (command.Name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new BusinessRuleViolationException(new BrokenRule("name_required", "the customer's name (1 to 200 characters) is required", "name", RuleKind.BadInput));
        var email = Invitations.NormalizeEmail(command.AdministratorEmail, "administrator_email");
        await InviteUser.UserMustNotExist(db, email, ct);
        var now = clock.GetUtcNow();
        var licensee = new LicenseeRow { Id = Ids.New("cus"), Name = name, ProviderId = provider.Id, Sandbox = caller.IsSandbox, CreatedAt = now };
        db.Licensees.Add(licensee);
        var invitation = Invitations.Issue(db, email, OrganisationRoles.Licensee, administrator: true, licensee.Id, null, caller.IsSandbox, caller.UserOrKeyId, now);
        return new OnboardedLicensee(new LicenseeView(licensee.Id, "licensee", name, provider.Id, caller.IsSandbox ? "test" : "live", now), invitation,
        [
            "apply for a license: POST /v1/applications (Form 3601-A, P050 2.1)",
            "transmit the application: POST /v1/applications/{id}/transmission (§502.20(b))",
            "after the license is issued, open the deposit account: POST /v1/accounts (§502.25(c))",
            "sign the lease: POST /v1/leases (P050 2.5i)",
            "commission a device from inventory: POST /v1/devices/{id}/commissioning (P050 3.1)",
        ]);
    }, ct);
}
