using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// The CA that certifies a device's key, by the device's mode: the sandbox CA, or the installation's
/// own Postal Service CA made by `ibis admin init`. Commissioning and key rollover both ask here, so a
/// device's first and later certificates come from the same authority.
/// </summary>
internal static class IssuingAuthority
{
    public static async Task<CertificateAuthorityRow> For(IbisDb db, bool sandbox, CancellationToken ct)
    {
        CertificateAuthorityRow? ca;
        if (sandbox)
        {
            ca = await db.CertificateAuthorities.AsNoTracking().Where(a => a.Sandbox).OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct)
                ?? throw Refusal("certificate_authority_missing", "the sandbox has no certificate authority");
        }
        else
        {
            var installation = await db.Installation.AsNoTracking().FirstOrDefaultAsync(ct)
                ?? throw Refusal("installation_not_initialized", "this installation has not been initialized; run `ibis admin init` first");
            ca = installation.CertificateAuthorityId is null ? null
                : await db.CertificateAuthorities.AsNoTracking().FirstAsync(a => a.Id == installation.CertificateAuthorityId, ct);
        }
        if (ca is null || ca.External || ca.KeyHandle.Length == 0)
            throw Refusal("certificate_authority_external",
                "this installation's device certificates come from an external Postal Service CA: the key must be certified through a PKCS#10 certificate request");
        return ca;
    }

    private static BusinessRuleViolationException Refusal(string code, string message) => new(new BrokenRule(code, message, null, RuleKind.Conflict));
}
