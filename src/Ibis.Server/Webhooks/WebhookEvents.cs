using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;

namespace Ibis.Server.Webhooks;

/// <summary>
/// The webhook outbox. A use case raises an event with one line, in its own transaction: the event
/// is stored only if the change it reports commits, and the dispatcher (<see cref="WebhookDispatcher"/>)
/// sends it afterwards, so a slow or failing receiver never holds up a print, a reset or a decision.
/// Data carries ids, statuses and amounts, never names, addresses or emails.
/// </summary>
public static class WebhookEvents
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new Ibis.Domain.EnumTextJsonConverterFactory() }, // statuses as their text
    };

    /// <summary>Raises <paramref name="type"/> for each receiving organisation (licensee or provider ids; nulls are skipped).</summary>
    public static void Emit(IbisDb db, string type, DateTimeOffset at, object data, params string?[] recipients)
    {
        var json = JsonSerializer.Serialize(data, data.GetType(), Json);
        foreach (var recipient in recipients.Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal))
            db.WebhookEvents.Add(new WebhookEventRow { Id = Ids.New("evt"), Type = type, RecipientId = recipient!, Data = json, CreatedAt = at });
    }

    /// <summary>As <see cref="Emit"/>, once per <paramref name="dedupeKey"/> and recipient (a periodic check may find the same fact again).</summary>
    internal static WebhookEventRow Once(string type, DateTimeOffset at, object data, string recipient, string dedupeKey) => new()
    {
        Id = Ids.New("evt"), Type = type, RecipientId = recipient, Data = JsonSerializer.Serialize(data, data.GetType(), Json),
        CreatedAt = at, DedupeKey = $"{dedupeKey}|{recipient}",
    };
}
