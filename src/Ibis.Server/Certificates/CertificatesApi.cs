using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Certificates;

/// <summary>A device certificate as the public directory lists it.</summary>
public sealed record CertificateView(
    string Object,
    string Serial,
    string Mode,
    string AuthorityId,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    bool Revoked,
    DateTimeOffset? RevokedAt,
    string? RevocationReason,
    string Pem)
{
    public static CertificateView From(CertificateRow c, CertificateValidity validity) => new(
        "certificate", c.Serial.ToString(CultureInfo.InvariantCulture), c.Sandbox ? "test" : "live", c.AuthorityId,
        validity.NotBefore, validity.NotAfter, c.Revoked, c.RevokedAt, c.RevocationReason, PemEncoding.WriteString("CERTIFICATE", c.Der) + "\n");
}

/// <summary>A Postal Service certificate authority: the trust anchor an offline verifier pins.</summary>
public sealed record CertificateAuthorityView(string Object, string Id, string Name, string Mode, bool External, string Pem);

/// <summary>
/// The public certificate directory (DESIGN §4): anyone may fetch a device certificate by the serial
/// printed in an indicium, the Postal Service CAs, and each CA's revocation list, and verify indicia
/// offline. The Postal Service revokes certificates here (§502.28).
/// </summary>
public static class CertificatesApi
{
    public const int MaxPage = PageQuery.MaxLimit;

    public static void MapCertificates(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Certificates"); // one tag per module in the API reference
        v1.MapGet("/certificates", List)
            .WithName("ListCertificates")
            .WithSummary("The device certificate directory in order of serial (?mode=test|live; the cursor is a serial), with each certificate's PEM.")
            .Paged<CertificateView>()
            .AllowAnonymous();
        v1.MapGet("/certificates/authorities", Authorities)
            .WithName("ListCertificateAuthorities")
            .WithSummary("The Postal Service certificate authorities (PEM): the trust anchors for offline verification.")
            .Paged<CertificateAuthorityView>()
            .AllowAnonymous();
        v1.MapPost("/certificates/authorities", async (HttpContext http, ImportExternalAuthority import, CancellationToken ct) =>
            {
                var ca = await import.Handle(Caller.From(http.User), await JsonBody.Read<ImportExternalAuthorityCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/certificates/authorities", new CertificateAuthorityView(
                    "certificate_authority", ca.Id, ca.Name, "live", ca.External, PemEncoding.WriteString("CERTIFICATE", ca.CertificateDer) + "\n"));
            })
            .WithName("ImportExternalCertificateAuthority")
            .WithSummary("Postal Service, external-CA installations: import the Postal Service CA's certificate, the trust anchor for device certificates (once).")
            .Accepts<ImportExternalAuthorityCommand>("application/json")
            .Produces<CertificateAuthorityView>(201)
            .ProducesProblem(400)
            .ProducesProblem(403)
            .ProducesProblem(409);
        v1.MapGet("/certificates/revocations", Revocations)
            .WithName("GetCertificateRevocationList")
            .WithSummary("The CA's X.509 CRL: DER, or PEM with Accept: application/x-pem-file or ?format=pem; ?mode=test|live (default live when a live CA exists).")
            .Produces<byte[]>(200, "application/pkix-crl", "application/x-pem-file")
            .ProducesProblem(400)
            .ProducesProblem(404)
            .AllowAnonymous();
        v1.MapGet("/certificates/{serial}", Get)
            .WithName("GetCertificate")
            .WithSummary("A device certificate (PEM) followed by its issuing authority's certificate.")
            .Produces<string>(200, "application/x-pem-file")
            .ProducesProblem(404)
            .AllowAnonymous();
        v1.MapPost("/certificates/{serial}/revocation", Revoke)
            .WithName("RevokeCertificate")
            .WithSummary("Postal Service: revoke a device certificate; reason is checked_out, lost, stolen, compromised or provider_revoked (§502.28).")
            .Accepts<RevocationRequest>("application/json")
            .Produces<CertificateView>()
            .ProducesProblem(400)
            .ProducesProblem(403)
            .ProducesProblem(404)
            .ProducesProblem(409);
    }

    /// <summary>A serial as printed in an indicium: decimal digits; anything else names no certificate.</summary>
    public static long ParseSerial(string serial) =>
        long.TryParse(serial, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw ApiException.NotFound("certificate", serial);

    private static async Task<IResult> Get(string serial, IbisDb db, CancellationToken ct)
    {
        var number = ParseSerial(serial);
        var cert = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == number, ct)
                   ?? throw ApiException.NotFound("certificate", serial);
        var authority = await db.CertificateAuthorities.AsNoTracking().FirstAsync(a => a.Id == cert.AuthorityId, ct);
        var pem = new StringBuilder()
            .Append(PemEncoding.WriteString("CERTIFICATE", cert.Der)).Append('\n')
            .Append(PemEncoding.WriteString("CERTIFICATE", authority.CertificateDer)).Append('\n')
            .ToString();
        return Results.Text(pem, "application/x-pem-file", Encoding.ASCII);
    }

    private static async Task<IResult> List(HttpContext http, string? mode, IbisDb db, CertificateValidityCache validities, CancellationToken ct)
    {
        var sandbox = ParseMode(mode);
        var page = PageQuery.Read(http.Request);
        var query = db.Certificates.AsNoTracking();
        if (sandbox is { } s) query = query.Where(c => c.Sandbox == s);
        // A directory in order of serial (the number printed in an indicium), which is also the order of issue.
        return Results.Ok(await Lists.Page(query, page,
            new ListOrder<CertificateRow, long>(c => c.Serial, c => c.Serial.ToString(), Descending: false, Created: c => c.IssuedAt),
            c => CertificateView.From(c, validities.Of(c.Serial, c.Der)), ct));
    }

    private static async Task<IResult> Authorities(HttpContext http, IbisDb db, CancellationToken ct) =>
        Results.Ok(await Lists.Page(db.CertificateAuthorities.AsNoTracking(), PageQuery.Read(http.Request),
            new ListOrder<CertificateAuthorityRow, DateTimeOffset>(a => a.CreatedAt, a => a.Id, Descending: false, Created: a => a.CreatedAt),
            a => new CertificateAuthorityView("certificate_authority", a.Id, a.Name, a.Sandbox ? "test" : "live", a.External, PemEncoding.WriteString("CERTIFICATE", a.CertificateDer) + "\n"), ct));

    private static async Task<IResult> Revocations(HttpContext http, string? mode, string? format, IbisDb db, RevocationLists lists, CancellationToken ct)
    {
        var sandbox = ParseMode(mode);
        var pem = format switch
        {
            null => http.Request.Headers.Accept.ToString().Contains("application/x-pem-file", StringComparison.OrdinalIgnoreCase),
            "pem" => true,
            "der" => false,
            _ => throw ApiException.Invalid("format_invalid", "format is der or pem", "format"),
        };
        // Live by default once the installation has a live CA; until then the sandbox's.
        sandbox ??= !await db.CertificateAuthorities.AnyAsync(a => !a.Sandbox, ct);
        var ca = await db.CertificateAuthorities.AsNoTracking().Where(a => a.Sandbox == sandbox.Value)
                     .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct)
                 ?? throw new ApiException(404, "certificate_authority_not_found", $"this installation has no {(sandbox.Value ? "sandbox" : "live")} certificate authority");
        if (ca.External || ca.KeyHandle.Length == 0)
            throw new ApiException(404, "revocation_list_not_published", "the Postal Service CA is external and publishes its own revocation list");
        var crl = await lists.Of(db, ca, ct);
        return pem
            ? Results.Text(PemEncoding.WriteString("X509 CRL", crl) + "\n", "application/x-pem-file", Encoding.ASCII)
            : Results.Bytes(crl, "application/pkix-crl");
    }

    private static async Task<IResult> Revoke(string serial, HttpContext http, RevokeCertificate handler, CancellationToken ct)
    {
        var body = await JsonBody.Read<RevocationRequest>(http.Request, ct);
        return Results.Ok(await handler.Handle(Caller.From(http.User), serial, body.Reason, ct));
    }

    private static bool? ParseMode(string? mode) => mode switch
    {
        null => null,
        "test" => true,
        "live" => false,
        _ => throw ApiException.Invalid("mode_invalid", "mode is test or live", "mode"),
    };
}
