using Ibis.Domain.Indicia;
using Ibis.Domain.Rates;
using Ibis.Server.Api;

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
/// serial, issued by our authority, valid and not revoked on the date of mailing, names this device), the
/// device (not withdrawn, lost or stolen), the signature, the date and the rate. Every failed check is
/// listed, not only the first; bytes that no longer parse are <c>valid: false</c> with a <c>format_invalid</c>
/// reason. The same <see cref="IndiciumVerifier"/> judges scan events.
/// </summary>
public sealed class VerifyIndicium(IndiciumVerifier verifier)
{
    public async Task<VerificationResult> Handle(byte[] bytes, CancellationToken ct)
    {
        var piece = (await verifier.Verify([(bytes, null)], VerifierMode.Open, ct))[0];
        var mode = piece.Certificate is null ? null : piece.Certificate.Sandbox ? "test" : "live";
        return new VerificationResult(piece.Reasons.Count == 0, mode, piece.Reasons, piece.Data is { } data ? Decode(data) : null);
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
