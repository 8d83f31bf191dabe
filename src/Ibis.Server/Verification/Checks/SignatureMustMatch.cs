using Ibis.Domain.Indicia;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>
/// The digital signature covers every data element (docs/indicium-format.md): a flipped byte, an altered
/// amount or date, or a signature not made by the device's key fails here. The one costly check; the key
/// comes from <see cref="VerifyingKeys"/>.
/// </summary>
internal sealed class SignatureMustMatch : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Certificate is not { } cert) return;
        var ok = context.Keys.Verify(cert.Serial, cert.Der, IndiciumCodec.SignedMessageOf(piece.Bytes), piece.Data!.Signature.Span);
        if (ok) piece.Authentic = true;
        else piece.Fail(VerificationReasons.SignatureInvalid, "the digital signature does not match the indicium data: it was altered or not made by this device");
    }
}
