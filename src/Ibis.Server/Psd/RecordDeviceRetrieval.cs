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
        var shipment = ShipDevice.Of(command.Carrier, command.Service, command.TrackingNumber, command.WrittenPermission);
        var now = clock.GetUtcNow();
        loaded.Device.RecordRetrieval(shipment, caller.UserOrKeyId, now);
        DeviceLife.Save(db, loaded);
        // The return journey is a custody shipment like any other (P050 2.9).
        ShipDevice.Add(db, loaded.Row, ShipmentDirection.ToProvider, shipment, caller.UserOrKeyId, now, loaded.Device.Incident!.Id);
        return IncidentView.From(loaded.Device.Incident!, loaded.Device.Status);
    }, ct);
}
