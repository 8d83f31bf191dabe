using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record RecordOwnershipChangeCommand(string? Acquirer, string? Evidence, string? EffectiveOn);

/// <summary>39 CFR 502.3: the Postal Service records a change of a provider's ownership or control, with the acquirer and the evidence of its integrity and financial responsibility.</summary>
public sealed class RecordProviderOwnershipChange(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = ProviderRecords.Postal;

    public Task<ProviderView> Handle(Caller caller, string providerId, RecordOwnershipChangeCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var provider = await ProviderRecords.Find(db, caller, providerId, ct);
        Rules.Check(new OwnershipChangeMustNameAcquirerRule(command.Acquirer));
        var now = clock.GetUtcNow();
        var effective = command.EffectiveOn is null ? DateOnly.FromDateTime(now.UtcDateTime) : ProviderRecords.ParseDate(command.EffectiveOn, "effective_on");
        var evidence = string.IsNullOrWhiteSpace(command.Evidence) ? "" : $"; evidence of integrity and financial responsibility: {command.Evidence.Trim()}";
        ProviderRecords.Record(db, provider, "ownership_change", $"ownership or control acquired by {command.Acquirer!.Trim()}{evidence} (39 CFR 502.3)", effective, caller, now);
        return await ProviderRecords.View(db, provider, ct);
    }, ct);
}
