using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>The certificate is issued to one device (its number is the subject); an indicium naming another device under it is forged.</summary>
internal sealed class CertificateMustNameDevice : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Certificate is not { } cert) return;
        var device = piece.Data!.Device.ToString();
        if (context.Keys.SubjectOf(cert.Serial, cert.Der) != device)
            piece.Fail(VerificationReasons.CertificateDeviceMismatch, $"certificate {cert.Serial} was not issued to device {device}");
    }
}
