namespace Ibis.Server.Licensing;

/// <summary>
/// Log events of the Licensing module's decisions (event ids 1300–1399; docs/operations.md "Log
/// events"): ids and reason codes of P050 2.2–2.4 only, never the applicant's name or address.
/// </summary>
internal static partial class LicensingLog
{
    [LoggerMessage(EventId = 1300, EventName = "LicenseIssued", Level = LogLevel.Information,
        Message = "License {LicenseId} issued to licensee {LicenseeId} on application {ApplicationId}")]
    public static partial void LicenseIssued(ILogger logger, string licenseId, string licenseeId, string applicationId);

    [LoggerMessage(EventId = 1301, EventName = "ApplicationRefused", Level = LogLevel.Information,
        Message = "Application {ApplicationId} of licensee {LicenseeId} refused ({Reason})")]
    public static partial void ApplicationRefused(ILogger logger, string applicationId, string licenseeId, string reason);

    [LoggerMessage(EventId = 1302, EventName = "LicenseRevoked", Level = LogLevel.Warning,
        Message = "License {LicenseId} of licensee {LicenseeId} revoked ({Reason})")]
    public static partial void LicenseRevoked(ILogger logger, string licenseId, string licenseeId, string reason);

    [LoggerMessage(EventId = 1303, EventName = "LicenseRevised", Level = LogLevel.Information,
        Message = "License {LicenseId} revised to revision {Revision} on application {ApplicationId}")]
    public static partial void LicenseRevised(ILogger logger, string licenseId, int revision, string applicationId);

    [LoggerMessage(EventId = 1310, EventName = "AppealDecided", Level = LogLevel.Information,
        Message = "Appeal {AppealId} of licensee {LicenseeId} decided: {Outcome}")]
    public static partial void AppealDecided(ILogger logger, string appealId, string licenseeId, string outcome);
}
