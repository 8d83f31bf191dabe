using Ibis.Data;
using Ibis.Server.Verification;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>
/// §502.27(a): a refund is for unused postage. A piece the Postal Service's scanners already saw on the
/// mail (the scan store of <c>POST /v1/scan-events</c>, keyed by device and piece) was used, whatever its
/// owner now says, and does not qualify (<c>seen_in_mailstream</c>).
/// </summary>
internal sealed class ScanStoreSightings(IbisDb db) : IMailstreamSightings
{
    public Task<bool> Seen(string deviceId, long pieceNumber, CancellationToken ct) =>
        db.Database.SqlQueryRaw<int>(
            $"SELECT 1 AS \"Value\" FROM {ScanStoreSchema.Table} WHERE device_id = {{0}} AND piece_number = {{1}}", deviceId, pieceNumber)
            .AnyAsync(ct);
}
