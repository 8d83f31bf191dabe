using Ibis.Server.Observability;

namespace Ibis.Server.Indicia;

/// <summary>
/// Log events of the Indicia module (event ids 1000–1099; docs/operations.md "Log events"). Ids and
/// amounts only: no names, addresses or emails (docs/security.md "Metrics and logs").
/// </summary>
internal static partial class IndiciaLog
{
    /// <summary>After the print committed: the event, and the print and piece counters of /metrics.</summary>
    public static void Printed(ILogger logger, bool replayed, string deviceId, int pieces, long postageMills, bool batch, bool sandbox)
    {
        if (replayed)
        {
            PrintReplayed(logger, deviceId, pieces);
            return;
        }
        IbisMetrics.Printed(pieces, sandbox, batch);
        IndiciaPrinted(logger, deviceId, pieces, postageMills, batch, sandbox ? "test" : "live");
    }

    [LoggerMessage(EventId = 1000, EventName = "IndiciaPrinted", Level = LogLevel.Information,
        Message = "Printed {Pieces} indicia on device {DeviceId}, postage {PostageMills} mills (batch {Batch}, mode {Mode})")]
    private static partial void IndiciaPrinted(ILogger logger, string deviceId, int pieces, long postageMills, bool batch, string mode);

    [LoggerMessage(EventId = 1001, EventName = "PrintReplayed", Level = LogLevel.Information,
        Message = "Print on device {DeviceId} replayed from its idempotency key ({Pieces} pieces, nothing new issued)")]
    private static partial void PrintReplayed(ILogger logger, string deviceId, int pieces);
}
