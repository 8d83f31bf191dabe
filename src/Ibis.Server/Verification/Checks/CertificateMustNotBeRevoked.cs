using Ibis.Domain.Psd;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>
/// §502.28: a piece signed while its certificate was good stays good after a revocation; a revocation dated
/// before the date of mailing (or undated) makes it suspect.
/// </summary>
internal sealed class CertificateMustNotBeRevoked : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Certificate is not { Revoked: true } cert) return;
        var date = piece.Data!.MailingDate;
        if (cert.RevokedAt is { } revokedAt && revokedAt >= CertificateValidity.StartOf(date)) return;
        piece.Fail(VerificationReasons.CertificateRevoked,
            $"certificate {cert.Serial} was revoked{(cert.RevokedAt is { } on ? $" on {on:yyyy-MM-dd}" : "")} ({cert.RevocationReason ?? "no reason given"}), before the date of mailing {date:yyyy-MM-dd}");
    }
}
