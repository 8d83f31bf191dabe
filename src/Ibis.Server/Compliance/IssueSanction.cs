using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <param name="Basis">authorization (§502.5), system_approval (§502.13), reporting (§502.15) or distribution_controls (§502.21).</param>
/// <param name="Action">suspension, revocation or administrative_sanction.</param>
/// <param name="Amount">An administrative sanction's amount in dollars.</param>
/// <param name="CureDays">For a proposed suspension, the time to correct the deficiencies (§502.5(c)(1), §502.13(b)(1)).</param>
/// <param name="DefenseDays">The period for a written defense (30 days unless stated).</param>
public sealed record IssueSanctionCommand(string? Basis, string? Action, string? Grounds, bool? Willful, int? SuspensionDays, string? Amount, int? CureDays, int? DefenseDays);

/// <summary>
/// The Postal Service starts a sanction procedure against an authorized (or suspended) provider with its written
/// notice: of proposed suspension with a time to correct (§502.5(c)(1), §502.13(b)(1)), or of suspension, revocation
/// or administrative sanction (§502.15, §502.21) taking effect unless a written defense comes within its period.
/// </summary>
public sealed class IssueSanction(IbisDb db, CommandPipeline pipeline, SanctionRecords records, TimeProvider clock)
{
    public static readonly Access Access = SanctionRecords.PostalAccess;

    public Task<SanctionView> Handle(Caller caller, string providerId, IssueSanctionCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId && p.Sandbox == caller.IsSandbox, ct) ?? throw SanctionRecords.ProviderNotFound(providerId);
        var basis = SanctionCodes.ParseBasis(command.Basis)
            ?? throw new BusinessRuleViolationException(new BrokenRule("sanction_basis_invalid", "basis is authorization (§502.5), system_approval (§502.13), reporting (§502.15) or distribution_controls (§502.21)", "basis", RuleKind.BadInput));
        var action = SanctionCodes.ParseAction(command.Action)
            ?? throw new BusinessRuleViolationException(new BrokenRule("sanction_action_invalid", "action is suspension, revocation or administrative_sanction", "action", RuleKind.BadInput));
        Mills? amount = null;
        if (command.Amount is not null)
        {
            var parsed = Mills.ParseDollars(command.Amount);
            if (!parsed.Success) throw new BusinessRuleViolationException(new BrokenRule(parsed.ErrorCode!, parsed.ErrorMessage!, "amount", RuleKind.BadInput));
            amount = parsed.Value;
        }
        Rules.Check(new ProviderMustBeAuthorizedOrSuspendedRule(provider.Id, provider.Status));
        var now = clock.GetUtcNow();
        var (sanction, step) = Sanction.Issue(Ids.New("snc"), provider.Id, basis, action, command.Grounds, command.Willful ?? false,
            command.SuspensionDays, amount, command.CureDays, command.DefenseDays, now);
        var row = new SanctionRow
        {
            Id = sanction.Id, ProviderId = provider.Id, Sandbox = provider.Sandbox, Basis = SanctionCodes.Of(basis), Action = SanctionCodes.Of(action),
            Stage = SanctionCodes.Of(sanction.Stage), Grounds = sanction.Grounds, Willful = sanction.Willful, IssuedBy = caller.UserOrKeyId, CreatedAt = now,
        };
        db.Sanctions.Add(row);
        await records.Record(row, sanction, step, caller.UserOrKeyId, now, ct);
        return await records.View(row, ct);
    }, ct);
}
