using Ibis.Domain.Psd;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>
/// §502.28: the certificate is judged on the date of mailing, not on the day the piece is read: issued by
/// the Postal Service's CA and within its validity period on that date. The chain is checked once per
/// certificate and date (<see cref="VerifyingKeys.Chain"/>).
/// </summary>
internal sealed class CertificateMustBeValidOnMailingDate : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Certificate is not { } cert) return;
        var date = piece.Data!.MailingDate;
        var validity = context.Validities.Of(cert.Serial, cert.Der);
        if (validity.InstantOn(date) is { } at)
        {
            if (!context.Authorities.TryGetValue(cert.AuthorityId, out var ca))
            {
                piece.Fail(VerificationReasons.CertificateInvalid, $"the authority {cert.AuthorityId} of certificate {cert.Serial} is not known");
                return;
            }
            var chain = context.Keys.Chain(cert, ca, cert.AuthorityId, at);
            if (!chain.IsValid) piece.Fail(VerificationReasons.CertificateInvalid, chain.Reason);
        }
        else if (validity.ExpiredBefore(date))
        {
            piece.Fail(VerificationReasons.CertificateExpired, $"certificate {cert.Serial} expired at {validity.NotAfter:yyyy-MM-dd HH:mm} UTC, before the date of mailing {date:yyyy-MM-dd}");
        }
        else
        {
            piece.Fail(VerificationReasons.CertificateNotYetValid, $"certificate {cert.Serial} is valid only from {validity.NotBefore:yyyy-MM-dd HH:mm} UTC, after the date of mailing {date:yyyy-MM-dd}");
        }
    }
}
