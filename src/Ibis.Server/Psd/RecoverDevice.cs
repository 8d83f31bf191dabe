using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

public sealed record RecoverDeviceCommand(string? RecoveredOn, string? Place, string? Details);

/// <summary>
/// P050 2.8, §502.24(c), (d): a missing device is found. The recovery is recorded with its date, place and
/// details; the new incident report referencing the first is transmitted at once (due within 30 days of
/// the recovery), and the device leaves every later lost-and-stolen file. It is then inspected and
/// either checked out (its postage refunded to the deposit account) or returned to service after a clean audit.
/// </summary>
public sealed class RecoverDevice(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock)
{
    public Task<IncidentView> Handle(Caller caller, string deviceId, RecoverDeviceCommand command, CancellationToken ct) => pipeline.Run(caller, ReportDeviceMissing.Access, async ct =>
    {
        var on = DeviceLife.Day(command.RecoveredOn, "recovered_on");
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var now = clock.GetUtcNow();
        loaded.Device.Recover(on, command.Place, command.Details, caller.UserOrKeyId, now);
        loaded.Device.FileRecoveryReport(caller.UserOrKeyId, now);
        DeviceLife.Save(db, loaded);
        transmissions.Add(db, FileIncidentReport.TransmissionKind, loaded.Device.Incident!.Id, loaded.Row.ProviderId, now,
            FileIncidentReport.Document(loaded.Device.Incident, loaded.Row, "recovery", now));
        return IncidentView.From(loaded.Device.Incident, loaded.Device.Status);
    }, ct);
}
