using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

public sealed record RecordUnannouncedExaminationCommand(string? Findings);

/// <summary>P050 2.6: an inspector records an unannounced on-site examination of a device and what it found.</summary>
internal sealed class RecordUnannouncedExamination(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<IReadOnlyList<Devices.DeviceEventView>> Handle(Caller caller, string deviceId, RecordUnannouncedExaminationCommand command, CancellationToken ct) => pipeline.Run(caller, WithdrawSuspectDevice.Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        loaded.Device.RecordUnannouncedExamination(command.Findings, caller.UserOrKeyId, clock.GetUtcNow());
        DeviceLife.Save(db, loaded);
        return (IReadOnlyList<Devices.DeviceEventView>)db.DeviceEvents.Local.Where(e => e.DeviceId == deviceId && e.Kind == "examined_on_site")
            .OrderByDescending(e => e.CreatedAt).Take(1).Select(Devices.DeviceEventView.From).ToList();
    }, ct);
}
