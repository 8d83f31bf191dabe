using Ibis.Data.Entities;
using Ibis.Domain;

namespace Ibis.Server.Organisations;

public sealed record ProviderEventView(string Id, string Kind, string Detail, DateOnly EffectiveOn, DateTimeOffset RecordedAt);

public sealed record ProviderView(string Id, string Object, string Name, string Status, DateOnly? AuthorizedOn, string? StatusReason, string Mode, DateTimeOffset CreatedAt, IReadOnlyList<ProviderEventView> History)
{
    public static ProviderView From(ProviderRow p, IEnumerable<ProviderEventRow> events) => new(
        p.Id, "provider", p.Name, p.Status.ToText(), p.AuthorizedOn, p.StatusReason, p.Sandbox ? "test" : "live", p.CreatedAt,
        events.OrderBy(e => e.CreatedAt).Select(e => new ProviderEventView(e.Id, e.Kind, e.Detail, e.EffectiveOn, e.CreatedAt)).ToList());
}

public sealed record AuthorizedProvider(ProviderView Provider, IssuedInvitation AdministratorInvitation);
