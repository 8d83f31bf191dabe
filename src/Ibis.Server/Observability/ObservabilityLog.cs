namespace Ibis.Server.Observability;

/// <summary>Log events of the health probes (event ids 9000–9099). Exception types only: their messages may hold connection strings.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 9000, EventName = "ReadinessDatabaseUnreachable", Level = LogLevel.Warning, Message = "Readiness: the database is unreachable ({ErrorType})")]
    public static partial void DatabaseUnreachable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 9001, EventName = "ReadinessKeyStoreUnusable", Level = LogLevel.Warning, Message = "Readiness: the key store is unusable ({ErrorType})")]
    public static partial void KeyStoreUnusable(ILogger logger, string errorType);
}
