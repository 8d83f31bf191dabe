using Ibis.Domain;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>P050 4.6 on a scan: the piece is on the mail within its date's acceptance window (<see cref="ScanDateWindowRule"/>).</summary>
internal sealed class DateMustBeInWindow : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Scan is not { } scan) return;
        var monthOnly = piece.Device is { } device && context.MonthOnlyPieces.Contains((device.Id, piece.Data!.PieceCount));
        IBusinessRule rule = new ScanDateWindowRule(piece.Data!.MailingDate, monthOnly, scan.ScannedAt, context.AcceptanceDays);
        if (rule.IsBroken()) piece.Fail(rule.Code, rule.Message);
    }
}
