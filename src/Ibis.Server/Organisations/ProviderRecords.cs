using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>
/// What the provider use cases share (39 CFR 502.1–502.5): finding a provider, recording a change in its history,
/// the view after a change, and the change of standing a sanction makes.
/// </summary>
public static class ProviderRecords
{
    /// <summary>Who authorizes providers and changes their standing: the Postal Service.</summary>
    public static readonly Access Postal = Access.For(OrganisationRoles.Postal);

    /// <summary>
    /// A change of standing that a sanction procedure makes (SanctionRecords): it takes effect, is stayed, ends.
    /// Recorded in the provider's history like a change by hand; the caller's transaction saves it.
    /// </summary>
    public static void Apply(IbisDb db, ProviderRow provider, ProviderStatus to, string kind, string detail, string recordedBy, DateTimeOffset now)
    {
        Rules.Check(new ProviderStatusChangeMustBeAllowedRule(provider.Status, to));
        provider.Status = to;
        provider.StatusReason = to == ProviderStatus.Authorized ? null : detail;
        provider.StatusChangedAt = now;
        db.ProviderEvents.Add(new ProviderEventRow
        {
            Id = Ids.New("pev"), ProviderId = provider.Id, Kind = kind, Detail = detail, EffectiveOn = DateOnly.FromDateTime(now.UtcDateTime), RecordedBy = recordedBy, CreatedAt = now,
        });
    }

    public static async Task<ProviderRow> Find(IbisDb db, Caller caller, string providerId, CancellationToken ct) =>
        await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId && p.Sandbox == caller.IsSandbox, ct) ?? throw NotFound(providerId);

    public static async Task<ProviderView> View(IbisDb db, ProviderRow provider, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var events = await db.ProviderEvents.Where(e => e.ProviderId == provider.Id).ToListAsync(ct);
        return ProviderView.From(provider, events);
    }

    public static ProviderEventRow Record(IbisDb db, ProviderRow provider, string kind, string detail, DateOnly effectiveOn, Caller caller, DateTimeOffset now)
    {
        var row = new ProviderEventRow { Id = Ids.New("pev"), ProviderId = provider.Id, Kind = kind, Detail = detail, EffectiveOn = effectiveOn, RecordedBy = caller.UserOrKeyId, CreatedAt = now };
        db.ProviderEvents.Add(row);
        return row;
    }

    public static BusinessRuleViolationException NotFound(string providerId) =>
        new(new BrokenRule("provider_not_found", $"no provider '{providerId}' exists", null, RuleKind.NotFound));

    public static DateOnly ParseDate(string? text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new BusinessRuleViolationException(new BrokenRule("date_invalid", $"'{text}' is not a date (YYYY-MM-DD)", field, RuleKind.BadInput));
}
