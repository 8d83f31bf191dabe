using System.Globalization;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>§502.28: every indicium names the serial of a device certificate the Postal Service issued.</summary>
internal sealed class CertificateMustBeKnown : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Certificate is null)
            piece.Fail(VerificationReasons.CertificateUnknown, $"no device certificate has serial {piece.Data!.CertificateSerial.ToString(CultureInfo.InvariantCulture)}");
    }
}
