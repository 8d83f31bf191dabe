using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Ibis.Cli.Indicia;
using Ibis.Domain.Indicia;
using Ibis.Domain.Rates;
using Ibis.Security.Certificates;
using Ibis.Security.Signatures;

namespace Ibis.Cli.Verification;

/// <summary>
/// Verifies an indicium without the server, from the public certificate directory's PEM (DESIGN §4:
/// "the public certificate directory lets anyone verify an indicium offline"). Runs the checks the
/// server runs that need no database, with the same reason codes; revocation needs the server.
/// </summary>
internal static class OfflineVerifier
{
    public static VerificationReport Verify(byte[] bytes, string source, CertificateBundle bundle, DateTimeOffset now)
    {
        var data = IndiciumBytes.ParseOrThrow(bytes, source);
        var reasons = new List<VerificationReason>();
        var notes = new List<string>();

        var deviceDer = bundle.DeviceCertificate(data.CertificateSerial);
        using var device = X509CertificateLoader.LoadCertificate(deviceDer);

        if (!CertificateSerial.TryRead(deviceDer, out var serial) || serial != data.CertificateSerial)
        {
            reasons.Add(new("certificate_serial_mismatch",
                $"the indicium names certificate {data.CertificateSerial}, but {bundle.Name} holds certificate {device.SerialNumber} (hex)"));
        }
        if (device.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != data.Device.ToString())
        {
            reasons.Add(new("certificate_device_mismatch",
                $"certificate {data.CertificateSerial} was not issued to device {data.Device}"));
        }
        if (!IndiciumSignatureVerifier.Verify(deviceDer, bytes.AsSpan(0, IndiciumCodec.SignedLength), data.Signature.Span))
        {
            reasons.Add(new("signature_invalid",
                "the digital signature does not match the indicium data: it was altered or not made by this device"));
        }

        if (bundle.IssuerOf(deviceDer) is { } caDer)
        {
            var chain = IndiciumSignatureVerifier.CheckIssuedBy(deviceDer, caDer, now);
            if (!chain.IsValid) reasons.Add(new("certificate_invalid", chain.Reason));
        }
        else
        {
            // Anyone can make a certificate that matches a forged signature; only the CA makes it trustworthy.
            notes.Add($"{bundle.Name} holds no certificate of the issuer '{device.Issuer}': the certificate chain was not checked. " +
                      $"GET /v1/certificates/{data.CertificateSerial} returns the device certificate and its CA.");
        }
        notes.Add("Revocation and duplicate pieces can only be checked by the server; verify online for those.");

        // P050 4.7: offline there is no collection schedule, so the tolerance of a verifier without one.
        if (data.MailingDate > MailingDateRule.LatestOnMail(now, schedule: null))
        {
            reasons.Add(new("mailing_date_in_future",
                $"mailing date {data.MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is too far in the future"));
        }
        if (RateCategory.FromCode(data.RateCategory) is null)
        {
            reasons.Add(new("rate_category_unknown", $"rate category code {data.RateCategory} is not known"));
        }

        // The sandbox CA's name always carries the marker (CertificateAuthority.CreateAuthority), so a
        // sandbox signature can never pass for live postage.
        var mode = device.Issuer.Contains(CertificateAuthority.SandboxMarker, StringComparison.OrdinalIgnoreCase) ? "test" : "live";
        return new VerificationReport(reasons.Count == 0, mode, reasons, DecodedIndicium.Of(data))
        {
            VerifiedBy = $"offline ({bundle.Name})",
            Source = source,
            Notes = notes,
        };
    }
}
