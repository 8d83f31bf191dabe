using Ibis.Data;
using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

public sealed record WithdrawSuspectDeviceCommand(string? Reason, bool? FraudSuspected);

/// <summary>
/// P050 2.6: an inspector withdraws a device reasonably suspected of being manipulated, at once. The licensee
/// gets a receipt for the device and the provider a copy (a transmission to the provider's records); the
/// inspector's decision on fraud is recorded, because it decides whether the device's postage moves to the
/// replacement.
/// </summary>
internal sealed class WithdrawSuspectDevice(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock)
{
    public const string ReceiptKind = "suspect_device_receipt";

    public static readonly Access Access = Access.For(Caller.InspectorRole);

    public Task<IncidentView> Handle(Caller caller, string deviceId, WithdrawSuspectDeviceCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var now = clock.GetUtcNow();
        loaded.Device.WithdrawAsSuspect(command.Reason, command.FraudSuspected ?? false, caller.UserOrKeyId, now, Ids.New("inc"));
        DeviceLife.Save(db, loaded);
        var incident = loaded.Device.Incident!;
        var d = loaded.Row;
        transmissions.Add(db, ReceiptKind, incident.Id, d.ProviderId, now, new Dictionary<string, object?>
        {
            ["type"] = "ibis.suspect_device_receipt.v1",
            ["incident_id"] = incident.Id,
            ["device_id"] = d.Id,
            ["device_number"] = new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString(),
            ["licensee_id"] = d.LicenseeId,
            ["provider_id"] = d.ProviderId,
            ["withdrawn_by"] = caller.UserOrKeyId,
            ["withdrawn_at"] = now,
            ["reason"] = incident.Details,
            ["fraud_suspected"] = incident.FraudSuspected,
            ["descending_register"] = Domain.Money.Mills.FromMills(d.DescendingMills).ToString(),
            ["ascending_register"] = Domain.Money.Mills.FromMills(d.AscendingMills).ToString(),
            ["piece_count"] = d.PieceCount,
        });
        return IncidentView.From(incident, loaded.Device.Status);
    }, ct);
}
