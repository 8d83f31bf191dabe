using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Compliance;
using Ibis.Server.UseCases;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Ibis.Server.Compliance;

/// <summary>
/// Hands pending outbox messages to the SMTP server (MailKit), each attempt written to the delivery
/// log. A failed attempt is retried with a growing wait (<see cref="SmtpOptions.Backoff"/>) and given up
/// after <see cref="SmtpOptions.MaxAttempts"/>. Delivery is at least once: a crash between the server's
/// acceptance and the log line sends the message again, with the same Message-Id for the reader to
/// recognise. Each message is claimed before it is sent, so nodes delivering at once never send one twice.
/// </summary>
internal sealed partial class DeliverOutbox(IbisDb db, CommandPipeline pipeline, SmtpOptions smtp, TimeProvider clock, ILogger<DeliverOutbox> logger)
{
    public const int Batch = 100;

    public async Task<int> Run(CancellationToken ct)
    {
        if (smtp.Host is null) return 0;
        var now = clock.GetUtcNow();
        var due = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxMessageStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(Batch).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var sent = 0;
        using var client = new SmtpClient();
        string? connectError = null;
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), ct);
            if (smtp.User is not null) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            connectError = $"{smtp.Host}:{smtp.Port}: {e.Message}";
            LogConnectFailed(logger, smtp.Host, smtp.Port, e.Message);
        }
        foreach (var message in due)
        {
            // Another node may be delivering the same batch (a second scheduler, a manual run): only the
            // node whose claim moves the message's next attempt on sends it.
            if (!await Claim(message.Id, now, ct)) continue;
            string? error = connectError;
            if (error is null)
            {
                try
                {
                    await client.SendAsync(ToMime(message), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error = e.Message;
                }
            }
            await Record(message.Id, error, ct);
            if (error is null) sent++;
        }
        if (client.IsConnected) await client.DisconnectAsync(true, ct);
        return sent;
    }

    /// <summary>How long a claimed message is left to the node that claimed it before another may try it (a node dying mid-send).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    private Task<bool> Claim(string messageId, DateTimeOffset now, CancellationToken ct) => pipeline.Run(null, null, async t =>
        await db.Outbox.Where(m => m.Id == messageId && m.Status == OutboxMessageStatus.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now + ClaimLease), t) == 1, ct);

    private Task<bool> Record(string messageId, string? error, CancellationToken ct) => pipeline.Run(null, null, async t =>
    {
        var now = clock.GetUtcNow();
        var row = await db.Outbox.SingleAsync(m => m.Id == messageId, t);
        row.Attempts++;
        if (error is null)
        {
            row.Status = OutboxMessageStatus.Sent;
            row.SentAt = now;
            row.LastError = null;
        }
        else
        {
            row.LastError = error.Length > 500 ? error[..500] : error;
            row.Status = row.Attempts >= SmtpOptions.MaxAttempts ? OutboxMessageStatus.Failed : OutboxMessageStatus.Pending;
            row.NextAttemptAt = now + SmtpOptions.Backoff(row.Attempts);
        }
        db.OutboxDeliveries.Add(new OutboxDeliveryRow
        {
            Id = Ids.New("dlv"), MessageId = row.Id, Attempt = row.Attempts, Outcome = (error is null ? OutboxMessageStatus.Sent : OutboxMessageStatus.Failed).ToText(), Detail = row.LastError, At = now,
        });
        return true;
    }, ct);

    private MimeMessage ToMime(OutboxMessageRow m)
    {
        var mime = new MimeMessage { Subject = m.Subject, MessageId = $"{m.Id}@ibis" };
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        mime.To.Add(MailboxAddress.Parse(m.ToAddress));
        mime.Headers.Add("X-Ibis-Source", m.SourceKey);
        mime.Body = new TextPart("plain") { Text = m.Body };
        return mime;
    }

    private static SecureSocketOptions Security(string mode) => mode switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: cannot reach the SMTP server {Host}:{Port} ({Reason}); messages stay pending and are retried")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string reason);
}
