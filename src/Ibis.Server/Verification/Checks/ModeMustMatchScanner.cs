using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>DESIGN §4: sandbox indicia say SAMPLE and are signed under the sandbox CA; on live mail they pay no postage.</summary>
internal sealed class ModeMustMatchScanner : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (context.Mode == VerifierMode.Live && piece.Certificate is { Sandbox: true })
            piece.Fail(VerificationReasons.TestIndicium, "a sandbox (SAMPLE) indicium, signed under the sandbox CA: it pays no postage on live mail");
    }
}
