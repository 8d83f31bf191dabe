using Ibis.Server.Observability;

namespace Ibis.Server.Psd;

/// <summary>Log events of the Psd module (event ids 1100–1199; docs/operations.md "Log events"). Ids and amounts only.</summary>
internal static partial class PsdLog
{
    /// <summary>After the reset committed: the event and the reset counter of /metrics.</summary>
    public static void Reset(ILogger logger, bool replayed, string deviceId, long amountMills, bool sandbox)
    {
        if (replayed) return;
        IbisMetrics.Reset(sandbox);
        ResetAccepted(logger, deviceId, amountMills, sandbox ? "test" : "live");
    }

    [LoggerMessage(EventId = 1100, EventName = "ResetAccepted", Level = LogLevel.Information,
        Message = "Reset of device {DeviceId}: {AmountMills} mills downloaded (mode {Mode})")]
    private static partial void ResetAccepted(ILogger logger, string deviceId, long amountMills, string mode);

    [LoggerMessage(EventId = 1102, EventName = "DeviceReported", Level = LogLevel.Warning,
        Message = "Device {DeviceId} reported {Kind} by {CallerRole}")]
    public static partial void DeviceReported(ILogger logger, string deviceId, string kind, string callerRole);
}
