using System.Security.Cryptography.X509Certificates;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Organisations;
using Ibis.Security.Certificates;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Certificates;

/// <summary>The external Postal Service CA's certificate (PEM).</summary>
public sealed record ImportExternalAuthorityCommand(string? Certificate);

/// <summary>
/// An installation initialized with <c>--external-ca</c> holds no CA key: the Postal Service's own CA
/// certifies device keys, and its certificate, imported here once by the Postal Service,
/// is the trust anchor every device certificate brought back is checked against and that offline
/// verifiers pin.
/// </summary>
internal sealed class ImportExternalAuthority(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    // Any Postal Service user (API keys included, so `ibis certificates import --authority` works); it can
    // happen only once, so a later key cannot swap the trust anchor.
    public static readonly Access Access = Access.For(OrganisationRoles.Postal);

    public Task<CertificateAuthorityRow> Handle(Caller caller, ImportExternalAuthorityCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var installation = await db.Installation.FirstOrDefaultAsync(ct);
        Rules.Check(new InstallationMustBeInitializedRule(installation is not null));
        var current = installation!.CertificateAuthorityId is null ? null
            : await db.CertificateAuthorities.AsNoTracking().FirstAsync(a => a.Id == installation.CertificateAuthorityId, ct);
        Rules.Check(new ExternalAuthorityMayBeImportedRule(current is null || current.External, AlreadyImported: current is not null));

        var der = ExternalCertification.ReadCertificate(command.Certificate ?? "")
            ?? throw new BusinessRuleViolationException(new BrokenRule("certificate_unreadable", "certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----)", "certificate", RuleKind.BadInput));
        if (!ExternalCertification.IsAuthority(der, out var reason))
            throw new BusinessRuleViolationException(new BrokenRule("certificate_not_authority", reason, "certificate", RuleKind.BadInput));

        using var parsed = X509CertificateLoader.LoadCertificate(der);
        var ca = new CertificateAuthorityRow
        {
            Id = Ids.New("ca"),
            Name = parsed.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } name ? name : "Postal Service CA",
            Sandbox = false,
            CertificateDer = der,
            KeyHandle = [],
            External = true,
            CreatedAt = clock.GetUtcNow(),
        };
        db.CertificateAuthorities.Add(ca);
        installation.CertificateAuthorityId = ca.Id;
        return ca;
    }, ct);
}
