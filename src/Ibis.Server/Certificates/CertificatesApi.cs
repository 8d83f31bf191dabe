using System.Globalization;
using System.Text;
using Ibis.Data;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Certificates;

/// <summary>
/// The public certificate directory: anyone may fetch a device certificate by the serial printed in
/// an indicium, with its issuing authority, and verify the indicium offline.
/// </summary>
public static class CertificatesApi
{
    public static void MapCertificates(this RouteGroupBuilder v1)
    {
        v1.MapGet("/certificates/{serial}", Get)
            .WithName("GetCertificate")
            .WithSummary("A device certificate (PEM) followed by its issuing authority's certificate.")
            .Produces<string>(200, "application/x-pem-file")
            .ProducesProblem(404)
            .AllowAnonymous();
    }

    private static async Task<IResult> Get(string serial, IbisDb db, CancellationToken ct)
    {
        if (!long.TryParse(serial, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw ApiException.NotFound("certificate", serial);
        var cert = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == number, ct)
                   ?? throw ApiException.NotFound("certificate", serial);
        var authority = await db.CertificateAuthorities.AsNoTracking().FirstAsync(a => a.Id == cert.AuthorityId, ct);
        var pem = new StringBuilder()
            .Append(System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", cert.Der)).Append('\n')
            .Append(System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", authority.CertificateDer)).Append('\n')
            .ToString();
        return Results.Text(pem, "application/x-pem-file", Encoding.ASCII);
    }
}
