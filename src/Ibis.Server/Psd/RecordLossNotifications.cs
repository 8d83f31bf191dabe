using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

public sealed record RecordLossNotificationsCommand(string? PoliceReportReference, string? InspectionServiceContact);

/// <summary>
/// §502.24(b)(1): the police report the licensee filed, and the copies provided to the Inspection
/// Service's CPIP specialist — recorded on the open loss report; until both are, no replacement (502.24(b)(2)).
/// </summary>
public sealed class RecordLossNotifications(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<IncidentView> Handle(Caller caller, string deviceId, RecordLossNotificationsCommand command, CancellationToken ct) => pipeline.Run(caller, ReportDeviceMissing.Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        loaded.Device.RecordNotifications(command.PoliceReportReference, command.InspectionServiceContact, caller.UserOrKeyId, clock.GetUtcNow());
        DeviceLife.Save(db, loaded);
        return IncidentView.From(loaded.Device.Incident!, loaded.Device.Status);
    }, ct);
}
