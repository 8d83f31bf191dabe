using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <param name="Direction">to_licensee (outbound) or to_provider (return).</param>
/// <param name="Service">registered_mail or priority_mail_return_receipt with carrier usps; anything else needs written_permission.</param>
/// <param name="WrittenPermission">The reference of the Postal Service's written permission for another carrier or service.</param>
public sealed record ShipDeviceCommand(string? Direction, string? Carrier, string? Service, string? TrackingNumber, string? WrittenPermission);

public sealed record DeviceShipmentView(
    string Id, string Object, string DeviceId, string Direction, string Carrier, string Service, string TrackingNumber,
    string? WrittenPermission, string? IncidentId, string RecordedBy, DateTimeOffset ShippedAt)
{
    public static DeviceShipmentView From(DeviceShipmentRow r) => new(
        r.Id, "device_shipment", r.DeviceId, r.Direction, r.Carrier, r.Service, r.TrackingNumber, r.WrittenPermission, r.IncidentId, r.RecordedBy, r.ShippedAt);
}

/// <summary>
/// P050 2.5a, 2.9, §502.20(l): the provider records a device's journey — out to the licensee, or back to the
/// provider — with carrier, service and tracking number; another carrier or service only with the Postal
/// Service's written permission on record (<see cref="ShipmentServiceMustBeAuthorizedRule"/>). The journey
/// is kept as a shipment and in the device's history. The retrieval of a defective device
/// (<see cref="RecordDeviceRetrieval"/>) records its return the same way.
/// </summary>
public sealed class ShipDevice(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public Task<DeviceShipmentView> Handle(Caller caller, string deviceId, ShipDeviceCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var shipment = Of(command.Carrier, command.Service, command.TrackingNumber, command.WrittenPermission);
        var now = clock.GetUtcNow();
        loaded.Device.RecordShipment(command.Direction?.Trim(), shipment, caller.UserOrKeyId, now);
        DeviceLife.Save(db, loaded);
        return DeviceShipmentView.From(Add(db, loaded.Row, command.Direction!.Trim(), shipment, caller.UserOrKeyId, now, null));
    }, ct);

    /// <summary>A shipment from a request's fields, trimmed; a blank permission is none.</summary>
    public static Shipment Of(string? carrier, string? service, string? tracking, string? permission) =>
        new(carrier?.Trim() ?? "", service?.Trim() ?? "", tracking?.Trim() ?? "", string.IsNullOrWhiteSpace(permission) ? null : permission.Trim());

    /// <summary>Keeps the journey, once the aggregate accepted it.</summary>
    public static DeviceShipmentRow Add(IbisDb db, DeviceRow device, string direction, Shipment shipment, string actor, DateTimeOffset at, string? incidentId)
    {
        var row = new DeviceShipmentRow
        {
            Id = Ids.New("shp"), DeviceId = device.Id, ProviderId = device.ProviderId, LicenseeId = device.LicenseeId, Sandbox = device.Sandbox,
            Direction = direction, Carrier = shipment.Carrier, Service = shipment.Service, TrackingNumber = shipment.TrackingNumber,
            WrittenPermission = shipment.WrittenPermission, IncidentId = incidentId, RecordedBy = actor, ShippedAt = at,
        };
        db.DeviceShipments.Add(row);
        return row;
    }
}
