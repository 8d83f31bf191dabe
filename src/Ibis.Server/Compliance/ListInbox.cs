using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>A message in a user's inbox: what was (or will be) mailed, and how delivery went.</summary>
public sealed record InboxMessageView(string Id, string Object, string Kind, string Subject, string Body, string Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? DutyId, string? NoticeId)
{
    public static InboxMessageView From(OutboxMessageRow m) =>
        new(m.Id, "message", m.Kind, m.Subject, m.Body, m.Status.ToText(), m.Attempts, m.LastError, m.CreatedAt, m.SentAt, m.DutyId, m.NoticeId);
}

/// <summary>The signed-in user's messages, newest first (the portal inbox; GET /v1/compliance/inbox).</summary>
public sealed class ListInbox(IbisDb db)
{
    public async Task<IReadOnlyList<InboxMessageView>> Handle(Caller caller, int limit, CancellationToken ct)
    {
        var rows = await db.Outbox.AsNoTracking().Where(m => m.UserId == caller.UserOrKeyId)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        return rows.Select(InboxMessageView.From).ToList();
    }

    /// <summary>GET /v1/compliance/inbox: a page of the caller's messages, newest first.</summary>
    public Task<Api.ListView<InboxMessageView>> Page(Caller caller, Api.PageQuery page, CancellationToken ct) =>
        Api.Lists.Page(db.Outbox.AsNoTracking().Where(m => m.UserId == caller.UserOrKeyId), page,
            Api.Lists.NewestFirst<OutboxMessageRow>(m => m.CreatedAt, m => m.Id), InboxMessageView.From, ct);
}
