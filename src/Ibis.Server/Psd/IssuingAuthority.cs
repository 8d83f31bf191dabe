using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>The CA that certifies a device's key, and whether it signs here or elsewhere.</summary>
/// <param name="Authority">The CA's row; null for an external CA whose certificate is not imported yet.</param>
/// <param name="External">True when device certificates come from an external Postal Service CA through PKCS#10 requests.</param>
internal sealed record DeviceCertifier(CertificateAuthorityRow? Authority, bool External);

/// <summary>
/// The CA that certifies a device's key, by the device's mode: the sandbox CA, or the installation's
/// Postal Service CA — its own, made by `ibis admin init`, or an external one whose certificate was
/// imported. Commissioning and key rollover both ask here, so a device's first and later certificates
/// come from the same authority.
/// </summary>
internal static class IssuingAuthority
{
    /// <summary>The CA that signs here; refuses when device certificates come from an external CA.</summary>
    public static async Task<CertificateAuthorityRow> For(IbisDb db, bool sandbox, CancellationToken ct)
    {
        var certifier = await Of(db, sandbox, ct);
        if (certifier.External)
            throw Refusal("certificate_authority_external",
                "this installation's device certificates come from an external Postal Service CA: the key must be certified through a PKCS#10 certificate request");
        return certifier.Authority!;
    }

    public static async Task<DeviceCertifier> Of(IbisDb db, bool sandbox, CancellationToken ct)
    {
        if (sandbox)
        {
            var sandboxCa = await db.CertificateAuthorities.AsNoTracking().Where(a => a.Sandbox).OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct)
                ?? throw Refusal("certificate_authority_missing", "the sandbox has no certificate authority");
            return new(sandboxCa, External: false);
        }
        var installation = await db.Installation.AsNoTracking().FirstOrDefaultAsync(ct);
        Rules.Check(new Domain.Organisations.InstallationMustBeInitializedRule(installation is not null));
        // An installation initialized with --external-ca holds no CA key: its CA row, once imported, is the trust anchor.
        var ca = installation!.CertificateAuthorityId is null ? null
            : await db.CertificateAuthorities.AsNoTracking().FirstAsync(a => a.Id == installation.CertificateAuthorityId, ct);
        return new(ca, ca is null || ca.External || ca.KeyHandle.Length == 0);
    }

    private static BusinessRuleViolationException Refusal(string code, string message) => new(new BrokenRule(code, message, null, RuleKind.Conflict));
}
