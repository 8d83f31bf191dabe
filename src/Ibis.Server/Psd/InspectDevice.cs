using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

using Ibis.Server.Devices;

namespace Ibis.Server.Psd;

public sealed record InspectDeviceCommand(bool? Passed, string? Notes);

/// <summary>
/// §502.18: "All new IBI systems must be inspected carefully prior to distribution." The provider
/// records the inspection of a device in inventory; only a device that passed is commissioned.
/// </summary>
public sealed class InspectDevice(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<DeviceRow> Handle(Caller caller, string deviceId, InspectDeviceCommand command, CancellationToken ct) => pipeline.Run(caller, AddDeviceToInventory.Access, async ct =>
    {
        var visible = await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        var device = await db.Devices.FirstAsync(d => d.Id == visible.Id, ct);
        Rules.Check(new DeviceMustBeInInventoryRule(device.Id, device.Status));
        if (command.Passed is null)
            throw new BusinessRuleViolationException(new BrokenRule("passed_required", "say whether the device passed its inspection (passed: true or false)", "passed", RuleKind.BadInput));
        var now = clock.GetUtcNow();
        device.InspectedAt = command.Passed.Value ? now : null;
        device.InspectedBy = command.Passed.Value ? caller.UserOrKeyId : null;
        DeviceHistory.Record(db, device, command.Passed.Value ? "inspection_passed" : "inspection_failed", device.Status, caller.UserOrKeyId, command.Notes, now);
        return device;
    }, ct);
}
