using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Infrastructure;
using Xunit;

namespace Ibis.Server.Tests.Certificates;

/// <summary>Small helpers over the certificate directory, revocation and verification endpoints.</summary>
internal static class CertificateClient
{
    public static Task<HttpResponseMessage> Revoke(this HttpClient c, string serial, string? reason) =>
        c.PostJson($"/v1/certificates/{serial}/revocation", new Dictionary<string, string?> { ["reason"] = reason });

    public static Task<HttpResponseMessage> RollOver(this HttpClient c, string deviceId) =>
        c.PostRaw($"/v1/devices/{deviceId}/key-rollover", "");

    public static async Task<JsonNode> Verify(this HttpClient c, string barcodeData)
    {
        var response = await c.PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = barcodeData });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Body();
    }

    public static IReadOnlyList<string> Reasons(this JsonNode verification) =>
        verification["reasons"]!.AsArray().Select(r => (string)r!["code"]!).ToList();

    /// <summary>The directory entry of one certificate, from the public listing.</summary>
    public static async Task<JsonNode> Listed(this HttpClient c, string serial)
    {
        var list = await (await c.GetAsync("/v1/certificates?limit=100")).Body();
        return list["data"]!.AsArray().Single(x => (string)x!["serial"]! == serial)!;
    }

    /// <summary>The sandbox CA certificate as the directory publishes it.</summary>
    public static async Task<X509Certificate2> SandboxCa(this HttpClient c)
    {
        var list = await (await c.GetAsync("/v1/certificates/authorities")).Body();
        var pem = (string)list["data"]!.AsArray().Single(a => (string)a!["mode"]! == "test")!["pem"]!;
        return X509Certificate2.CreateFromPem(pem);
    }

    /// <summary>
    /// Verifies an indicium the way an offline verifier does, from published material only: the
    /// device certificate from the directory, chained to the CA on the date of mailing, and the signature.
    /// </summary>
    public static async Task<bool> VerifiesOffline(this HttpClient c, string barcodeData)
    {
        var bytes = Convert.FromBase64String(barcodeData);
        var data = Domain.Indicia.IndiciumCodec.Parse(bytes).Value;
        var pem = await c.GetStringAsync($"/v1/certificates/{data.CertificateSerial}");
        var device = X509Certificate2.CreateFromPem(pem); // the first block: the device certificate
        using var ca = await c.SandboxCa();
        var at = new Domain.Psd.CertificateValidity(device.NotBefore.ToUniversalTime(), device.NotAfter.ToUniversalTime()).InstantOn(data.MailingDate);
        return at is not null
               && Security.Signatures.IndiciumSignatureVerifier.CheckIssuedBy(device.RawData, ca.RawData, at.Value).IsValid
               && Security.Signatures.IndiciumSignatureVerifier.Verify(device.RawData, Domain.Indicia.IndiciumCodec.SignedMessageOf(bytes), data.Signature.Span);
    }

    /// <summary>Checks the CRL's ECDSA signature with the CA's public key, independently of Ibis's CRL reader.</summary>
    public static bool SignedBy(byte[] crl, X509Certificate2 ca)
    {
        var outer = new System.Formats.Asn1.AsnReader(crl, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue();
        outer.ReadEncodedValue();
        var signature = outer.ReadBitString(out _);
        using var key = ca.GetECDsaPublicKey()!;
        return key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
