using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Compliance;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>A user who receives a message, with the address it is mailed to.</summary>
internal sealed record Recipient(string UserId, string Email);

/// <summary>
/// The transactional outbox: messages are added in the caller's transaction (with the duty or notice
/// they tell of) and delivered later by <see cref="DeliverOutbox"/>. One event gives one message per
/// user, however often it is posted: (source key, user) is unique.
/// </summary>
public sealed class Outbox(IbisDb db)
{
    internal async Task<int> Post(string sourceKey, string kind, IReadOnlyList<Recipient> to, string subject, string body, DateTimeOffset now, CancellationToken ct,
        string? dutyId = null, string? noticeId = null)
    {
        var users = to.Select(r => r.UserId).ToList();
        var already = (await db.Outbox.Where(m => m.SourceKey == sourceKey && users.Contains(m.UserId)).Select(m => m.UserId).ToListAsync(ct))
            .Concat(db.Outbox.Local.Where(m => m.SourceKey == sourceKey).Select(m => m.UserId)).ToHashSet();
        var added = 0;
        foreach (var r in to.DistinctBy(r => r.UserId).Where(r => !already.Contains(r.UserId)))
        {
            db.Outbox.Add(new OutboxMessageRow
            {
                Id = Ids.New("msg"), SourceKey = sourceKey, UserId = r.UserId, ToAddress = r.Email, Subject = subject, Body = body, Kind = kind,
                DutyId = dutyId, NoticeId = noticeId, Status = OutboxMessageStatus.Pending, NextAttemptAt = now, CreatedAt = now,
            });
            added++;
        }
        return added;
    }

    /// <summary>
    /// The users of a party: a licensee's or a provider's users, or the Postal Service's (role postal) of
    /// the same mode — all of them for an installation-wide duty (no provider, no licensee).
    /// </summary>
    internal async Task<IReadOnlyList<Recipient>> UsersOf(DutyParty party, string? providerId, string? licenseeId, bool sandbox, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking().Where(u => u.RemovedAt == null);
        users = party switch
        {
            DutyParty.Licensee when licenseeId is not null => users.Where(u => u.Role == Caller.LicenseeRole && u.LicenseeId == licenseeId),
            DutyParty.Provider when providerId is not null => users.Where(u => u.Role == Caller.ProviderRole && u.ProviderId == providerId),
            DutyParty.PostalService when providerId is null && licenseeId is null => users.Where(u => u.Role == Caller.PostalRole || u.Role == Caller.PrivacyOfficerRole),
            DutyParty.PostalService => users.Where(u => u.Role == Caller.PostalRole && u.Sandbox == sandbox),
            _ => users.Where(_ => false),
        };
        return (await users.OrderBy(u => u.Id).Select(u => new { u.Id, u.Email }).ToListAsync(ct)).Select(u => new Recipient(u.Id, u.Email)).ToList();
    }
}
