using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Server.Organisations;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Installation;

public sealed record InitializeInstallationCommand(string AdministratorEmail, bool ExternalCertificateAuthority);

public sealed record InitializedInstallation(DateTimeOffset InitializedAt, string? CertificateAuthorityId, byte[]? CertificateAuthorityDer, IssuedInvitation AdministratorInvitation);

/// <summary>
/// `ibis admin init`: bootstraps a live installation once. The Postal Service certificate authority's
/// key is generated inside the configured key store (software or PKCS#11) and never leaves it; the
/// first Postal Service administrator gets a one-time code (shown once) to set a password. An
/// installation may instead hold no CA and obtain device certificates from an external Postal Service
/// CA through PKCS#10 requests. A second run is refused and changes nothing (the installation row's
/// fixed key makes even two concurrent runs collide).
/// </summary>
public sealed class InitializeInstallation(IbisDb db, CommandPipeline pipeline, IKeyStore keys, TimeProvider clock)
{
    public const string RowId = "installation";

    public Task<InitializedInstallation> Handle(InitializeInstallationCommand command, CancellationToken ct) => pipeline.Run(null, null, async ct =>
    {
        var existing = await db.Installation.AsNoTracking().FirstOrDefaultAsync(ct);
        Rules.Check(new InstallationMustNotBeInitializedRule(existing?.InitializedAt));
        var email = Invitations.NormalizeEmail(command.AdministratorEmail, "administrator_email");
        await InviteUser.UserMustNotExist(db, email, ct);
        var now = clock.GetUtcNow();
        CertificateAuthorityRow? ca = null;
        if (!command.ExternalCertificateAuthority)
        {
            var issued = CertificateAuthority.CreateAuthority(keys, "Ibis Postal Service Certificate Authority", sandbox: false, now);
            ca = new CertificateAuthorityRow { Id = Ids.New("ca"), Name = "USPS IBI CA", Sandbox = false, CertificateDer = issued.CertificateDer, KeyHandle = issued.KeyHandle, CreatedAt = now };
            db.CertificateAuthorities.Add(ca);
        }
        var invitation = Invitations.Issue(db, email, OrganisationRoles.Postal, administrator: true, null, null, sandbox: false, invitedBy: "ibis admin init", now);
        db.Installation.Add(new InstallationRow { Id = RowId, AdministratorId = invitation.Id, CertificateAuthorityId = ca?.Id, InitializedAt = now });
        return new InitializedInstallation(now, ca?.Id, ca?.CertificateDer, invitation);
    }, ct);
}
