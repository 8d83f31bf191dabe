using Ibis.Data;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

public sealed record RecordDeviceRetrievalCommand(string? Carrier, string? Service, string? TrackingNumber, string? WrittenPermission);

/// <summary>
/// §502.20(f), P050 2.9, §502.20(l): the provider records that the defective device is back in its hands,
/// and how it travelled: Registered Mail or Priority Mail with Return Receipt, or another carrier with the
/// Postal Service's written permission on record.
/// </summary>
public sealed class RecordDeviceRetrieval(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<IncidentView> Handle(Caller caller, string deviceId, RecordDeviceRetrievalCommand command, CancellationToken ct) => pipeline.Run(caller, CompleteLocationStep.Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var shipment = new Shipment(command.Carrier?.Trim() ?? "", command.Service?.Trim() ?? "", command.TrackingNumber?.Trim() ?? "", string.IsNullOrWhiteSpace(command.WrittenPermission) ? null : command.WrittenPermission.Trim());
        loaded.Device.RecordRetrieval(shipment, caller.UserOrKeyId, clock.GetUtcNow());
        DeviceLife.Save(db, loaded);
        return IncidentView.From(loaded.Device.Incident!, loaded.Device.Status);
    }, ct);
}
