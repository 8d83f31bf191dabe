using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

public sealed record CompleteLocationStepCommand(int? Step, string? Outcome);

/// <summary>§502.24(a): the provider records one of the seven location actions for a device it cannot locate.</summary>
internal sealed class CompleteLocationStep(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public Task<IncidentView> Handle(Caller caller, string deviceId, CompleteLocationStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        loaded.Device.CompleteLocationStep(command.Step ?? 0, command.Outcome, caller.UserOrKeyId, clock.GetUtcNow());
        DeviceLife.Save(db, loaded);
        return IncidentView.From(loaded.Device.Incident!, loaded.Device.Status);
    }, ct);
}
