using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Organisations;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

using Ibis.Server.Devices;

namespace Ibis.Server.Psd;

public sealed record AddDeviceCommand(int? Model, long? Serial);

/// <summary>
/// The provider adds a new PSD (a logical security element on the server) to its inventory: a device
/// number, no key, no registers yet. It is inspected (§502.18) and then commissioned for a licensee
/// under a lease (P050 3.1). The device record is kept for the whole life of the device (§502.19).
/// </summary>
public sealed class AddDeviceToInventory(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Provider);

    public Task<DeviceRow> Handle(Caller caller, AddDeviceCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == caller.ProviderId, ct);
        Rules.Check(new ProviderMustBeAuthorizedRule(provider.Id, provider.Status));
        var model = command.Model ?? 1;
        if (model is < 1 or > 9999)
            throw new BusinessRuleViolationException(new BrokenRule("model_invalid", "model is a number from 1 to 9999", "model", RuleKind.BadInput));
        var serial = command.Serial ?? RandomNumberGenerator.GetInt32(1, 99_999_999);
        if (serial is < 1 or > 99_999_999)
            throw new BusinessRuleViolationException(new BrokenRule("serial_invalid", "serial is a number from 1 to 99999999", "serial", RuleKind.BadInput));
        var number = new DeviceNumber(DeviceNumber.IbisVendor, (ushort)model, (uint)serial);
        int vendor = number.Vendor, modelNumber = number.Model;
        long serialNumber = number.Serial;
        if (await db.Devices.AnyAsync(d => d.Vendor == vendor && d.Model == modelNumber && d.Serial == serialNumber, ct))
            throw new BusinessRuleViolationException(new BrokenRule("device_number_taken", $"device {number} already exists", "serial", RuleKind.Conflict));
        var now = clock.GetUtcNow();
        var device = new DeviceRow
        {
            Id = Ids.New("psd"), ProviderId = provider.Id, Vendor = number.Vendor, Model = number.Model, Serial = number.Serial,
            Status = DeviceStatus.Inventory, Sandbox = caller.IsSandbox, KeyHandle = [], CreatedAt = now,
        };
        PsdRow.Blank(device, now);
        db.Devices.Add(device);
        DeviceHistory.Record(db, device, "added_to_inventory", null, caller.UserOrKeyId, null, now);
        return device;
    }, ct);
}
