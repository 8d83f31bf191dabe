using Ibis.Domain.Indicia;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>P050 4.7 for a piece verified in hand (no scan): no piece on the mail bears a date after the next collection day of its post office.</summary>
internal sealed class MailingDateMustNotBeInFuture : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Scan is not null) return; // a scan is judged by its date window
        var data = piece.Data!;
        var schedule = context.Schedules.GetValueOrDefault(data.LicensingZip.ToString());
        if (data.MailingDate > MailingDateRule.LatestOnMail(context.Now, schedule))
            piece.Fail(VerificationReasons.MailingDateInFuture, $"mailing date {data.MailingDate:yyyy-MM-dd} is too far in the future");
    }
}
