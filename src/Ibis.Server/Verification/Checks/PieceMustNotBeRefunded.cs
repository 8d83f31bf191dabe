using Ibis.Data;
using Microsoft.EntityFrameworkCore;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>§502.27(a): postage refunded for an unused piece may not be used again on the mail.</summary>
internal sealed class PieceMustNotBeRefunded : IIndiciumCheck
{
    /// <summary>The refunded pieces among <paramref name="pieces"/> (device id, piece number), from the refunds' claimed pieces.</summary>
    public static async Task<IReadOnlySet<(string DeviceId, long Piece)>> Load(IbisDb db, IReadOnlyCollection<(string DeviceId, long Piece)> pieces, CancellationToken ct)
    {
        if (pieces.Count == 0) return new HashSet<(string, long)>();
        var devices = pieces.Select(p => p.DeviceId).Distinct().ToList();
        var numbers = pieces.Select(p => p.Piece).Distinct().ToList();
        var rows = await db.RefundedPieces.AsNoTracking()
            .Where(r => devices.Contains(r.DeviceId) && numbers.Contains(r.PieceNumber))
            .Select(r => new { r.DeviceId, r.PieceNumber }).ToListAsync(ct);
        var wanted = pieces.ToHashSet();
        return rows.Select(r => (r.DeviceId, r.PieceNumber)).Where(wanted.Contains).ToHashSet();
    }

    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Device is not { } device) return;
        if (context.RefundedPieces.Contains((device.Id, piece.Data!.PieceCount)))
            piece.Fail(VerificationReasons.Refunded, $"the postage of piece {piece.Data.PieceCount} of this device was refunded (§502.27(a)); it may not be mailed");
    }
}
