using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

/// <param name="Kind">lost | stolen</param>
/// <param name="Origin">For the provider: not_located (§502.24(a), the default) or licensee_report (§502.24(b)).</param>
public sealed record ReportDeviceMissingCommand(string? Kind, string? OccurredOn, string? Place, string? Details,
    string? PoliceReportReference = null, string? InspectionServiceContact = null, string? Origin = null);

/// <summary>
/// P050 2.8, §502.24: the licensee (or the provider that cannot locate the device) reports a device lost
/// or stolen, with the date, place and details and, when there is one, the police report. The device
/// stops printing at once; the Lost and Stolen PSD Incident Report is due 30 days later (§502.20(g)).
/// </summary>
public sealed class ReportDeviceMissing(IbisDb db, CommandPipeline pipeline, TimeProvider clock, ILogger<ReportDeviceMissing> log)
{
    public static readonly Access Access = Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    public Task<IncidentView> Handle(Caller caller, string deviceId, ReportDeviceMissingCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var kind = command.Kind switch
        {
            IncidentKind.Lost => IncidentKind.Lost,
            IncidentKind.Stolen => IncidentKind.Stolen,
            _ => throw new BusinessRuleViolationException(new BrokenRule("kind_invalid", "kind is lost or stolen (P050 2.8)", "kind", RuleKind.BadInput)),
        };
        var origin = caller.Role == Caller.LicenseeRole ? IncidentOrigin.LicenseeReport : command.Origin switch
        {
            null or IncidentOrigin.NotLocated => IncidentOrigin.NotLocated,
            IncidentOrigin.LicenseeReport => IncidentOrigin.LicenseeReport,
            _ => throw new BusinessRuleViolationException(new BrokenRule("origin_invalid", "origin is not_located (39 CFR 502.24(a)) or licensee_report (502.24(b))", "origin", RuleKind.BadInput)),
        };
        var occurred = DeviceLife.Day(command.OccurredOn, "occurred_on");
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        loaded.Device.ReportMissing(kind, origin, new MissingDeviceReport(occurred, command.Place, command.Details, command.PoliceReportReference, command.InspectionServiceContact),
            caller.UserOrKeyId, clock.GetUtcNow(), Ids.New("inc"));
        DeviceLife.Save(db, loaded);
        PsdLog.DeviceReported(log, deviceId, kind, caller.Role);
        Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.DeviceReported, clock.GetUtcNow(), new { DeviceId = deviceId, Kind = kind, IncidentId = loaded.Device.Incident?.Id, loaded.Device.Status }, loaded.Row.LicenseeId, loaded.Row.ProviderId);
        return IncidentView.From(loaded.Device.Incident!, loaded.Device.Status);
    }, ct);
}
