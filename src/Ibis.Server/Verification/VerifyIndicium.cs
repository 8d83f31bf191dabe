using Ibis.Data;
using Ibis.Domain.Indicia;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Ibis.Security.Signatures;
using Ibis.Server.Api;
using Ibis.Server.Certificates;
using Ibis.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Verification;

public sealed record VerificationReason(string Code, string Message);

public sealed record VerificationResult(bool Valid, string? Mode, IReadOnlyList<VerificationReason> Reasons, DecodedIndicium? Indicium);

/// <summary>The decoded data elements, for the postal clerk or the mailer to read.</summary>
public sealed record DecodedIndicium(
    int FormatVersion,
    int AlgorithmId,
    string CertificateSerial,
    string DeviceId,
    MoneyView AscendingRegister,
    MoneyView Postage,
    string MailingDate,
    string LicensingZip,
    string SoftwareId,
    MoneyView DescendingRegister,
    string RateCategory,
    long PieceCount,
    string? DestinationZip);

/// <summary>
/// Verifies indicium bytes as a postal verifier would (§502.8): the format, the certificate (known
/// serial, issued by our authority, valid and not revoked on the date of mailing, names this device), the signature and the date.
/// Every failed check is listed, not only the first.
/// </summary>
public sealed class VerifyIndicium(IbisDb db, TimeProvider clock, CertificateValidityCache validities)
{
    public async Task<VerificationResult> Handle(byte[] bytes, CancellationToken ct)
    {
        var parsed = IndiciumCodec.Parse(bytes);
        if (!parsed.Success)
            throw new ApiException(400, parsed.ErrorCode!, "barcode_data is not a valid indicium: " + parsed.ErrorMessage, "barcode_data");
        var data = parsed.Value;
        var reasons = new List<VerificationReason>();
        string? mode = null;

        var serial = data.CertificateSerial <= long.MaxValue ? (long)data.CertificateSerial : -1;
        var cert = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == serial, ct);
        if (cert is null)
        {
            reasons.Add(new("certificate_unknown", $"no device certificate has serial {data.CertificateSerial}"));
        }
        else
        {
            mode = cert.Sandbox ? "test" : "live";
            var authority = await db.CertificateAuthorities.AsNoTracking().FirstAsync(a => a.Id == cert.AuthorityId, ct);
            // §502.28: the certificate is judged on the date of mailing, not today. A piece signed while
            // its certificate was valid stays good after the certificate ends, is superseded by a key
            // rollover, or is revoked; a revocation dated before the date of mailing makes it suspect.
            if (cert.Revoked && (cert.RevokedAt is not { } revokedAt || revokedAt < CertificateValidity.StartOf(data.MailingDate)))
                reasons.Add(new("certificate_revoked", $"certificate {data.CertificateSerial} was revoked{(cert.RevokedAt is { } on ? $" on {on:yyyy-MM-dd}" : "")} ({cert.RevocationReason ?? "no reason given"}), before the date of mailing {data.MailingDate:yyyy-MM-dd}"));
            var validity = validities.Of(cert.Serial, cert.Der);
            if (validity.InstantOn(data.MailingDate) is { } at)
            {
                var chain = IndiciumSignatureVerifier.CheckIssuedBy(cert.Der, authority.CertificateDer, at);
                if (!chain.IsValid) reasons.Add(new("certificate_invalid", chain.Reason));
            }
            else if (validity.ExpiredBefore(data.MailingDate))
            {
                reasons.Add(new("certificate_expired", $"certificate {data.CertificateSerial} expired at {validity.NotAfter:yyyy-MM-dd HH:mm} UTC, before the date of mailing {data.MailingDate:yyyy-MM-dd}"));
            }
            else
            {
                reasons.Add(new("certificate_not_yet_valid", $"certificate {data.CertificateSerial} is valid only from {validity.NotBefore:yyyy-MM-dd HH:mm} UTC, after the date of mailing {data.MailingDate:yyyy-MM-dd}"));
            }
            if (!CertificateNames(cert.Der, data.Device.ToString()))
                reasons.Add(new("certificate_device_mismatch", $"certificate {data.CertificateSerial} was not issued to device {data.Device}"));
            var device = await db.Devices.AsNoTracking().Where(d => d.Id == cert.DeviceId).Select(d => new { d.WithdrawnAt }).FirstOrDefaultAsync(ct);
            if (device?.WithdrawnAt is { } withdrawn && data.MailingDate > DateOnly.FromDateTime(withdrawn.UtcDateTime))
                reasons.Add(new("device_withdrawn", $"the device was checked out of service on {withdrawn:yyyy-MM-dd}, before this date of mailing"));
            // P050 2.8, §502.24: a piece dated after the device was lost or stolen (and before any recovery) is suspect.
            var missing = await db.Incidents.AsNoTracking()
                .Where(i => i.DeviceId == cert.DeviceId && (i.Kind == "lost" || i.Kind == "stolen") && i.OccurredOn < data.MailingDate
                            && (i.RecoveredOn == null || i.RecoveredOn >= data.MailingDate))
                .Select(i => new { i.Kind, i.OccurredOn }).FirstOrDefaultAsync(ct);
            if (missing is not null)
                reasons.Add(new($"device_reported_{missing.Kind}", $"the device was reported {missing.Kind} on {missing.OccurredOn:yyyy-MM-dd}, before this date of mailing"));
            if (!IndiciumSignatureVerifier.Verify(cert.Der, bytes.AsSpan(0, IndiciumCodec.SignedLength), data.Signature.Span))
                reasons.Add(new("signature_invalid", "the digital signature does not match the indicium data: it was altered or not made by this device"));
            if (await RefundOf(cert.DeviceId, data.PieceCount, ct) is { } refundId)
                reasons.Add(new("refunded", $"this piece was given back for a refund ({refundId}); a refunded piece is never postage again (39 CFR 502.27(a))"));
        }

        // P050 4.7: no piece on the mail can bear a date after the next collection day of its post office.
        var schedule = await Indicia.CollectionSchedulesApi.For(db, data.LicensingZip.ToString(), ct);
        if (data.MailingDate > MailingDateRule.LatestOnMail(clock.GetUtcNow(), schedule))
            reasons.Add(new("mailing_date_in_future", $"mailing date {data.MailingDate:yyyy-MM-dd} is too far in the future"));
        if (RateCategory.FromCode(data.RateCategory) is null)
            reasons.Add(new("rate_category_unknown", $"rate category code {data.RateCategory} is not known"));

        return new VerificationResult(reasons.Count == 0, mode, reasons, Decode(data));
    }

    /// <summary>Refunded means refunded: the refund that claimed this device's piece, if any.</summary>
    private Task<string?> RefundOf(string deviceId, long pieceNumber, CancellationToken ct) =>
        db.RefundedPieces.AsNoTracking().Where(p => p.DeviceId == deviceId && p.PieceNumber == pieceNumber).Select(p => p.RefundId).FirstOrDefaultAsync(ct);

    private static bool CertificateNames(byte[] der, string deviceNumber)
    {
        using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
        return cert.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false) == deviceNumber;
    }

    private static DecodedIndicium Decode(IndiciumData d) => new(
        d.FormatVersion,
        d.AlgorithmId,
        d.CertificateSerial.ToString(System.Globalization.CultureInfo.InvariantCulture),
        d.Device.ToString(),
        MoneyView.Of(d.AscendingRegister),
        MoneyView.Of(d.Postage),
        d.MailingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        d.LicensingZip.ToString(),
        $"0x{d.SoftwareId:X8}",
        MoneyView.Of(d.DescendingRegister),
        RateCategory.FromCode(d.RateCategory) is { } c ? $"{c.MailClass}/{c.Name}" : $"0x{d.RateCategory:X4}",
        d.PieceCount,
        d.DestinationZip?.ToString());
}
