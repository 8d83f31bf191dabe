using Ibis.Data;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>§502.27(a): postage refunded for an unused piece may not be used again on the mail.</summary>
public sealed class PieceMustNotBeRefunded : IIndiciumCheck
{
    /// <summary>
    /// The refunded pieces among <paramref name="pieces"/> (device id, piece number). No refund of single
    /// pieces is recorded yet (only account-closing refunds are); the refunds module fills this in from its
    /// refund vouchers (Form 3533, Part IV), and the check above needs nothing more.
    /// </summary>
    public static Task<IReadOnlySet<(string DeviceId, long Piece)>> Load(IbisDb db, IReadOnlyCollection<(string DeviceId, long Piece)> pieces, CancellationToken ct)
    {
        _ = db;
        _ = pieces;
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlySet<(string DeviceId, long Piece)>>(new HashSet<(string, long)>());
    }

    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Device is not { } device) return;
        if (context.RefundedPieces.Contains((device.Id, piece.Data!.PieceCount)))
            piece.Fail(VerificationReasons.Refunded, $"the postage of piece {piece.Data.PieceCount} of this device was refunded (§502.27(a)); it may not be mailed");
    }
}
