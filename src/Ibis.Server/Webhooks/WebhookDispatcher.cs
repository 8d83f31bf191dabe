using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Domain.Webhooks;
using Ibis.Security.Fields;
using Ibis.Server.Hosting;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Webhooks;

/// <summary>
/// Sends the webhook outbox (docs/webhooks.md). Every few seconds it turns new events into one
/// delivery per subscribed endpoint of the receiving organisation, then POSTs the deliveries that
/// are due, each signed with its endpoint's key. A 2xx answer delivers; anything else (an error
/// status, a timeout, a refused connection) schedules a retry with exponential backoff up to a
/// cap, and after the last attempt the delivery is failed. Several nodes may run it: an event is
/// dispatched by the node whose conditional update marks it first, and a delivery is sent by the
/// node holding its lease, so a receiver sees each event once per attempt, not once per node.
/// It also raises watchdog.near for devices whose watchdog ends within 14 days.
/// </summary>
internal sealed partial class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory httpClients, WebhookOptions options, TimeProvider clock,
    FieldProtector fields, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "ibis-webhooks";
    private const int MaxErrorLength = 300;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!options.Enabled) return;
        var nextScan = TimeSpan.Zero;
        var running = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (running.Elapsed >= nextScan)
                {
                    await RaiseWatchdogNear(stop);
                    nextScan = running.Elapsed + options.WatchdogScan;
                }
                await Dispatch(stop);
                await DeliverDue(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next round tries again; the outbox keeps everything that was not sent.
                LogRoundFailed(logger, e.GetType().Name, e.Message);
            }
            try { await Task.Delay(options.Poll, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>New events become deliveries, one per enabled endpoint of the recipient subscribed to the type when the event was raised.</summary>
    internal async Task Dispatch(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var events = await db.WebhookEvents.AsNoTracking().Where(e => e.DispatchedAt == null).OrderBy(e => e.CreatedAt).Take(100).ToListAsync(ct);
        if (events.Count == 0) return;
        var recipients = events.Select(e => e.RecipientId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(x => recipients.Contains(x.OwnerId) && x.DeletedAt == null).ToListAsync(ct);
        foreach (var e in events)
        {
            await Write(scope.ServiceProvider, async () =>
            {
                var now = clock.GetUtcNow();
                var claimed = await db.WebhookEvents.Where(x => x.Id == e.Id && x.DispatchedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.DispatchedAt, now), ct);
                if (claimed == 0) return; // another node dispatched it
                // An endpoint gets the events raised while it exists, not those it missed before it was made.
                foreach (var endpoint in endpoints.Where(x => x.OwnerId == e.RecipientId && x.CreatedAt <= e.CreatedAt && x.EventTypes.Split(',').Contains(e.Type)))
                {
                    db.WebhookDeliveries.Add(new WebhookDeliveryRow
                    {
                        Id = Ids.New("whd"), EndpointId = endpoint.Id, EventId = e.Id, EventType = e.Type, Status = WebhookDeliveryStatus.Pending,
                        NextAttemptAt = now, CreatedAt = now,
                    });
                }
            }, ct);
        }
    }

    /// <summary>Sends every delivery that is due (a few at a time), each under a lease.</summary>
    internal async Task DeliverDue(CancellationToken ct)
    {
        List<string> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
            var now = clock.GetUtcNow();
            due = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(50).ToListAsync(ct);
        }
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (id, token) => await DeliverOne(id, token));
    }

    private async Task DeliverOne(string deliveryId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var leasedAt = clock.GetUtcNow();
        var claimed = 0;
        await Write(scope.ServiceProvider, async () => claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.Status == WebhookDeliveryStatus.Pending && (d.LeaseUntil == null || d.LeaseUntil < leasedAt))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, leasedAt + options.Timeout * 3), ct), ct);
        if (claimed == 0) return;

        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, ct);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleAsync(x => x.Id == delivery.EndpointId, ct);
        var e = await db.WebhookEvents.AsNoTracking().SingleAsync(x => x.Id == delivery.EventId, ct);
        var attempt = delivery.Attempts + 1;
        var (status, error, elapsed) = endpoint.DeletedAt is null
            ? await Send(endpoint, e, delivery, attempt, ct)
            : (null, "endpoint deleted", TimeSpan.Zero);

        await Write(scope.ServiceProvider, async () =>
        {
            var row = await db.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId, ct);
            var now = clock.GetUtcNow();
            row.Attempts = attempt;
            row.LastStatusCode = status;
            row.LastError = error;
            row.LeaseUntil = null;
            if (endpoint.DeletedAt is not null) row.Status = WebhookDeliveryStatus.Cancelled;
            else if (status is >= 200 and < 300)
            {
                row.Status = WebhookDeliveryStatus.Delivered;
                row.DeliveredAt = now;
            }
            else if (options.Backoff.After(attempt) is { } wait) row.NextAttemptAt = now + wait;
            else row.Status = WebhookDeliveryStatus.Failed;
            db.WebhookAttempts.Add(new WebhookAttemptRow
            {
                DeliveryId = deliveryId, Number = attempt, AttemptedAt = now, StatusCode = status, Error = error, DurationMs = (int)elapsed.TotalMilliseconds,
            });
            if (row.Status is WebhookDeliveryStatus.Failed) LogFailed(logger, deliveryId, endpoint.Id, e.Type, attempt);
        }, ct);
    }

    /// <summary>One signed POST; the answer's status, or why there was none.</summary>
    private async Task<(int? Status, string? Error, TimeSpan Elapsed)> Send(WebhookEndpointRow endpoint, WebhookEventRow e, WebhookDeliveryRow delivery, int attempt, CancellationToken ct)
    {
        var body = Envelope(e, endpoint.Sandbox);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(fields.Unprotect(endpoint.PrivateKeyEncrypted, WebhookEndpoints.KeyContext(endpoint.Id))), out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(key, endpoint.KeyId, clock.GetUtcNow(), body));
        request.Headers.TryAddWithoutValidation("Ibis-Event-Id", e.Id);
        request.Headers.TryAddWithoutValidation("Ibis-Event-Type", e.Type);
        request.Headers.TryAddWithoutValidation("Ibis-Delivery-Id", delivery.Id);
        request.Headers.TryAddWithoutValidation("Ibis-Delivery-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"no answer within {options.Timeout.TotalSeconds:0.#} s", Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException x)
        {
            return (null, Truncate($"{x.HttpRequestError}: {x.Message}"), Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The body every receiver gets: the event's id, type, time, mode and data.</summary>
    internal static byte[] Envelope(WebhookEventRow e, bool sandbox)
    {
        using var data = JsonDocument.Parse(e.Data);
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["id"] = e.Id,
            ["object"] = "event",
            ["type"] = e.Type,
            ["created_at"] = e.CreatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["livemode"] = !sandbox,
            ["data"] = data.RootElement.Clone(),
        });
    }

    /// <summary>watchdog.near once per device and deadline, to its licensee and its provider (P050 3.4: audit or reset in time).</summary>
    internal async Task RaiseWatchdogNear(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(WebhookEventTypes.WatchdogNearDays);
        var devices = await db.Devices.AsNoTracking()
            .Where(d => d.Status == DeviceStatus.InService && d.LicenseeId != null && d.WatchdogDeadline > now && d.WatchdogDeadline <= horizon)
            .Select(d => new { d.Id, d.LicenseeId, d.ProviderId, d.WatchdogDeadline }).ToListAsync(ct);
        foreach (var d in devices)
        {
            var key = $"{WebhookEventTypes.WatchdogNear}|{d.Id}|{d.WatchdogDeadline.UtcTicks}";
            var data = new { DeviceId = d.Id, WatchdogDeadline = d.WatchdogDeadline, DaysLeft = (int)Math.Ceiling((d.WatchdogDeadline - now).TotalDays) };
            var rows = new[] { d.LicenseeId!, d.ProviderId }.Distinct().Select(r => WebhookEvents.Once(WebhookEventTypes.WatchdogNear, now, data, r, key)).ToList();
            var keys = rows.Select(r => r.DedupeKey).ToList();
            if (await db.WebhookEvents.AnyAsync(x => keys.Contains(x.DedupeKey), ct)) continue;
            try
            {
                await Write(scope.ServiceProvider, () => { db.WebhookEvents.AddRange(rows); return Task.CompletedTask; }, ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another node raised it first (unique dedupe key)
            }
        }
    }

    /// <summary>One write transaction of the command pipeline, in the round's own scope.</summary>
    private static Task Write(IServiceProvider scope, Func<Task> work, CancellationToken ct) =>
        scope.GetRequiredService<CommandPipeline>().Run(null, null, async _ => { await work(); return true; }, ct);

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    [LoggerMessage(EventId = 1900, EventName = "WebhookDeliveryFailed", Level = LogLevel.Warning,
        Message = "Webhook delivery {DeliveryId} to endpoint {EndpointId} ({EventType}) failed after {Attempts} attempts")]
    private static partial void LogFailed(ILogger logger, string deliveryId, string endpointId, string eventType, int attempts);

    [LoggerMessage(EventId = 1901, EventName = "WebhookRoundFailed", Level = LogLevel.Error, Message = "Webhook dispatch round failed ({ErrorType}): {Error}")]
    private static partial void LogRoundFailed(ILogger logger, string errorType, string error);
}
