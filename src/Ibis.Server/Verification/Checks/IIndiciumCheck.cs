namespace Ibis.Server.Verification.Checks;

/// <summary>
/// One reason a piece can fail, checked over the batch's pre-loaded <see cref="VerificationContext"/>.
/// Checks are pure (no I/O) and independent, so the verifier runs them on many pieces in parallel; each
/// adds at most its own reason. A new reason is a new check added to <see cref="IndiciumVerifier.Checks"/>.
/// Checks run only on pieces whose bytes parsed.
/// </summary>
internal interface IIndiciumCheck
{
    void Run(PieceUnderCheck piece, VerificationContext context);
}
