using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Ibis.Cli.Indicia;
using Ibis.Domain.Indicia;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Ibis.Security.Certificates;
using Ibis.Security.Signatures;

namespace Ibis.Cli.Verification;

/// <summary>
/// Verifies an indicium without the server (DESIGN §4: "the public certificate directory lets anyone
/// verify an indicium offline"), trusting only pinned Postal Service CAs: the device certificate must
/// chain to one of them, be valid on the date of mailing and not be revoked before it on that CA's
/// revocation list (§502.28). Fails closed: no trusted issuer, no valid indicium. Reason codes are the
/// server's.
/// </summary>
internal static class OfflineVerifier
{
    public static VerificationReport Verify(byte[] bytes, string source, TrustStore trust, CertificateBundle? given, DateTimeOffset now, bool allowTest)
    {
        var data = IndiciumBytes.ParseOrThrow(bytes, source);
        var reasons = new List<VerificationReason>();
        var notes = new List<string>();
        string? mode = null;

        var deviceDer = given?.DeviceCertificate(data.CertificateSerial) ?? trust.DeviceCertificate(data.CertificateSerial);
        if (deviceDer is null)
        {
            reasons.Add(new("certificate_unknown",
                $"{trust.Name} holds no device certificate with serial {data.CertificateSerial}; run 'ibis certificates pull' or give --certificate"));
        }
        else
        {
            mode = CheckCertificate(data, bytes, deviceDer, given?.Name ?? trust.Name, trust, now, reasons, notes);
        }

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
        // DESIGN §4: a sandbox indicium is never postage on live mail; a verifier accepts one only when told to.
        if (mode == "test" && !allowTest)
        {
            reasons.Add(new("test_indicium", "a sandbox (test-mode) indicium is not postage on live mail; --allow-test accepts it for testing"));
        }
        notes.Add("Duplicate pieces can only be detected by the server; verify online for those.");

        return new VerificationReport(reasons.Count == 0, mode, reasons, DecodedIndicium.Of(data))
        {
            VerifiedBy = $"offline (trusting {trust.Name})",
            Source = source,
            Notes = notes,
        };
    }

    /// <returns>The mode of the trusted issuer ("test" or "live"), or null when no anchor issued the certificate.</returns>
    private static string? CheckCertificate(IndiciumData data, byte[] bytes, byte[] deviceDer, string from, TrustStore trust, DateTimeOffset now, List<VerificationReason> reasons, List<string> notes)
    {
        using var device = X509CertificateLoader.LoadCertificate(deviceDer);
        if (!CertificateSerial.TryRead(deviceDer, out var serial) || serial != data.CertificateSerial)
        {
            reasons.Add(new("certificate_serial_mismatch",
                $"the indicium names certificate {data.CertificateSerial}, but {from} holds certificate {device.SerialNumber} (hex)"));
        }
        if (device.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != data.Device.ToString())
        {
            reasons.Add(new("certificate_device_mismatch", $"certificate {data.CertificateSerial} was not issued to device {data.Device}"));
        }
        if (!IndiciumSignatureVerifier.Verify(deviceDer, IndiciumCodec.SignedMessageOf(bytes), data.Signature.Span))
        {
            reasons.Add(new("signature_invalid", "the digital signature does not match the indicium data: it was altered or not made by this device"));
        }

        // §502.28: judged on the date of mailing, not today.
        var validity = new CertificateValidity(device.NotBefore.ToUniversalTime(), device.NotAfter.ToUniversalTime());
        var at = validity.InstantOn(data.MailingDate);
        var date = data.MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (at is null)
        {
            reasons.Add(validity.ExpiredBefore(data.MailingDate)
                ? new("certificate_expired", $"certificate {data.CertificateSerial} expired at {validity.NotAfter:yyyy-MM-dd HH:mm} UTC, before the date of mailing {date}")
                : new("certificate_not_yet_valid", $"certificate {data.CertificateSerial} is valid only from {validity.NotBefore:yyyy-MM-dd HH:mm} UTC, after the date of mailing {date}"));
        }

        var (issuer, check) = IssuingAnchor(deviceDer, trust, at ?? validity.NotBefore);
        if (issuer is null)
        {
            // Anyone can make a certificate that matches a forged signature; only a pinned CA makes it trustworthy.
            reasons.Add(new("issuer_not_trusted",
                $"certificate {data.CertificateSerial} was not issued by a trusted Postal Service CA (issuer '{device.Issuer}'; trusting {trust.Name})"));
            return null;
        }
        if (at is not null && !check!.IsValid) reasons.Add(new("certificate_invalid", check.Reason));

        var lists = trust.RevocationListsOf(issuer, notes);
        if (lists.Count == 0)
        {
            notes.Add($"revocation was not checked: no revocation list of '{TrustStore.SubjectOf(issuer)}' (run 'ibis certificates pull')");
        }
        else
        {
            var newest = lists.MaxBy(l => l.ThisUpdate)!;
            if (newest.NextUpdate is { } next && next < now)
                notes.Add($"the newest revocation list is out of date (next update was due {next:yyyy-MM-dd HH:mm} UTC); pull again");
            var revoked = lists.Where(l => l.Revoked.ContainsKey(data.CertificateSerial)).Select(l => l.Revoked[data.CertificateSerial]).ToList();
            if (revoked.Count > 0)
            {
                var on = revoked.Min();
                if (on < CertificateValidity.StartOf(data.MailingDate))
                    reasons.Add(new("certificate_revoked", $"certificate {data.CertificateSerial} was revoked on {on:yyyy-MM-dd}, before the date of mailing {date}"));
                else
                    notes.Add($"certificate {data.CertificateSerial} was revoked on {on:yyyy-MM-dd}, after the date of mailing: pieces dated earlier stay valid");
            }
        }
        // The sandbox CA's name always carries the marker (CertificateAuthority.CreateAuthority).
        return TrustStore.SubjectOf(issuer).Contains(CertificateAuthority.SandboxMarker, StringComparison.OrdinalIgnoreCase) ? "test" : "live";
    }

    /// <summary>The anchor whose key signed the certificate, and the check of the chain at <paramref name="at"/>.</summary>
    private static (byte[]? Anchor, CertificateCheck? Check) IssuingAnchor(byte[] deviceDer, TrustStore trust, DateTimeOffset at)
    {
        foreach (var anchor in trust.Anchors)
        {
            var check = IndiciumSignatureVerifier.CheckIssuedBy(deviceDer, anchor, at);
            if (check.Status is CertificateCheckStatus.IssuerMismatch or CertificateCheckStatus.BadSignature or CertificateCheckStatus.AuthorityNotACa
                or CertificateCheckStatus.MalformedAuthority or CertificateCheckStatus.UnsupportedAlgorithm) continue;
            return (anchor, check);
        }
        return (null, null);
    }
}
