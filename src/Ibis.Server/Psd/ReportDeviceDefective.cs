using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Calendar;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

public sealed record ReportDeviceDefectiveCommand(string? Details);

/// <summary>
/// P050 2.5f, 2.7, §502.20(f): the licensee reports a misregistering or defective device. It is blocked at
/// once ("may not be used under any circumstance") and the provider must retrieve it within 3 business
/// days of the report (federal holidays from the yearly files of <see cref="BusinessCalendar"/>).
/// </summary>
public sealed class ReportDeviceDefective(IbisDb db, CommandPipeline pipeline, TimeProvider clock, ILogger<ReportDeviceDefective> log)
{
    public Task<IncidentView> Handle(Caller caller, string deviceId, ReportDeviceDefectiveCommand command, CancellationToken ct) => pipeline.Run(caller, ReportDeviceMissing.Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        loaded.Device.ReportDefective(command.Details, caller.UserOrKeyId, clock.GetUtcNow(), Ids.New("inc"), BusinessCalendar.Federal);
        DeviceLife.Save(db, loaded);
        PsdLog.DeviceReported(log, deviceId, "defective", caller.Role);
        Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.DeviceReported, clock.GetUtcNow(), new { DeviceId = deviceId, Kind = "defective", IncidentId = loaded.Device.Incident?.Id, loaded.Device.Status }, loaded.Row.LicenseeId, loaded.Row.ProviderId);
        return IncidentView.From(loaded.Device.Incident!, loaded.Device.Status);
    }, ct);
}
