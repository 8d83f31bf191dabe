using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record ChangeProviderStatusCommand(string? Status, string? Reason, string? EffectiveOn);

/// <summary>
/// 39 CFR 502.5: the Postal Service suspends, reinstates or revokes a provider's authorization, stating the
/// reason; kept in the provider's history. A sanction procedure changes the standing through
/// <see cref="ProviderRecords.Apply"/> instead (Compliance/SanctionRecords).
/// </summary>
public sealed class ChangeProviderStatus(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = ProviderRecords.Postal;

    public Task<ProviderView> Handle(Caller caller, string providerId, ChangeProviderStatusCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var provider = await ProviderRecords.Find(db, caller, providerId, ct);
        var to = ProviderStatuses.Parse(command.Status);
        if (!to.Success) throw new BusinessRuleViolationException(new BrokenRule(to.ErrorCode!, to.ErrorMessage!, "status", RuleKind.BadInput));
        Rules.Check(new ProviderStatusChangeMustBeAllowedRule(provider.Status, to.Value));
        var reason = (command.Reason ?? "").Trim();
        if (to.Value != ProviderStatus.Authorized && reason.Length == 0)
            throw new BusinessRuleViolationException(new BrokenRule("reason_required", "state the reason for the suspension or revocation (39 CFR 502.5(b))", "reason", RuleKind.BadInput));
        var now = clock.GetUtcNow();
        var effective = command.EffectiveOn is null ? DateOnly.FromDateTime(now.UtcDateTime) : ProviderRecords.ParseDate(command.EffectiveOn, "effective_on");
        provider.Status = to.Value;
        provider.StatusReason = reason.Length == 0 ? null : reason;
        provider.StatusChangedAt = now;
        var kind = to.Value == ProviderStatus.Authorized ? "reinstated" : to.Value.ToText();
        ProviderRecords.Record(db, provider, kind, reason.Length == 0 ? "authorization reinstated" : reason, effective, caller, now);
        return await ProviderRecords.View(db, provider, ct);
    }, ct);
}
