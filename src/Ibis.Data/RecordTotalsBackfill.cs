namespace Ibis.Data;

/// <summary>
/// Hand-written SQL of the migration that added the devices' running record totals: each existing
/// device gets the sums of its reset and indicium records. Plain SQL both providers accept
/// (double-quoted identifiers, correlated sub-queries); EF Core cannot express an update from an aggregate.
/// The devices keep seal layout 0, so their MAC stays valid; the next sealing covers the totals.
/// </summary>
public static class RecordTotalsBackfill
{
    public const string Sql = """
        UPDATE devices SET
          "RecordedResetsMills" = COALESCE((SELECT SUM(r."AmountMills") FROM resets r WHERE r."DeviceId" = devices."Id"), 0),
          "RecordedPostageMills" = COALESCE((SELECT SUM(i."PostageMills") FROM indicia i WHERE i."DeviceId" = devices."Id"), 0),
          "RecordedPieces" = (SELECT COUNT(*) FROM indicia i WHERE i."DeviceId" = devices."Id");
        """;
}
