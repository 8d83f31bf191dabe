using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Compliance;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>What one sweep did: duties opened and closed, notices written.</summary>
internal sealed record SweepResult(int Opened, int Closed, int Messages);

/// <summary>
/// The compliance sweep, run by the scheduler (and after downtime, at once): for each duty source, in
/// its own transaction, record the duties it reports (once: rule, subject and deadline are unique),
/// close those now done, and give every notice owed at this instant — reminder, overdue, escalation —
/// each exactly once, in the same transaction that marks it given. Then relay the written notices of
/// licensing (P050 2.2–2.4) through the outbox. Before all, the sanction procedures' clock steps run
/// (<see cref="TakeDueSanctionSteps"/>). State-based, so a late sweep catches up in one run.
/// </summary>
internal sealed partial class SweepDuties(IbisDb db, CommandPipeline pipeline, IEnumerable<IDutySource> sources, Outbox outbox, TakeDueSanctionSteps sanctionSteps, TimeProvider clock, ILogger<SweepDuties> logger)
{
    public async Task<SweepResult> Run(CancellationToken ct)
    {
        // The clock's steps of sanction procedures first (an action taking effect, a suspension ending), so
        // that a deadline's consequence is applied before its duty is judged.
        await sanctionSteps.Handle(ct);
        var now = Micros(clock.GetUtcNow());
        int opened = 0, closed = 0, messages = 0;
        var memo = new SweepMemo();
        foreach (var source in sources)
        {
            try
            {
                var (o, c, m) = await pipeline.Run(null, null, t => Sweep(source, now, memo, t), ct);
                opened += o; closed += c; messages += m;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken source must not silence the others; it is retried at the next sweep.
                LogSourceFailed(logger, source.Rule.Code, e);
            }
        }
        messages += await pipeline.Run(null, null, t => RelayWrittenNotices(now, t), ct);
        return new SweepResult(opened, closed, messages);
    }

    private async Task<(int, int, int)> Sweep(IDutySource source, DateTimeOffset now, SweepMemo memo, CancellationToken ct)
    {
        var rule = source.Rule;
        var code = rule.Code;
        var open = await db.Duties.Where(d => d.Rule == code && d.State == DutyState.Open).ToListAsync(ct);
        var facts = (await source.Find(new DutyScan(db, now, open, memo), ct))
            .Select(f => f with { DueAt = Micros(f.DueAt), CompletedAt = f.CompletedAt is { } c ? Micros(c) : null })
            .GroupBy(f => (f.SubjectId, f.DueAt)).Select(g => g.OrderBy(f => f.CompletedAt is null).First()).ToList();
        var subjects = facts.Select(f => f.SubjectId).Distinct().ToList();
        var known = new Dictionary<(string, DateTimeOffset), DutyRow>();
        foreach (var chunk in subjects.Chunk(500))
            foreach (var row in await db.Duties.Where(d => d.Rule == code && chunk.Contains(d.SubjectId)).ToListAsync(ct))
                known[(row.SubjectId, Micros(row.DueAt))] = row;

        int opened = 0, closed = 0, messages = 0;
        foreach (var fact in facts)
        {
            if (known.TryGetValue((fact.SubjectId, fact.DueAt), out var row))
            {
                if (row.State == DutyState.Open && fact.CompletedAt is { } at)
                {
                    Complete(row, at, fact.Outcome);
                    closed++;
                }
                continue;
            }
            row = new DutyRow
            {
                Id = Ids.New("dut"), Rule = code, Section = rule.Section, SubjectId = fact.SubjectId, Owner = DutyCodes.Of(rule.Owner),
                ProviderId = fact.ProviderId, LicenseeId = fact.LicenseeId, Sandbox = fact.Sandbox, DueAt = fact.DueAt, State = DutyState.Open, CreatedAt = now,
            };
            if (fact.CompletedAt is { } done) Complete(row, done, fact.Outcome);
            db.Duties.Add(row);
            known[(row.SubjectId, row.DueAt)] = row;
            opened++;
        }

        foreach (var row in known.Values.Concat(open).Distinct().Where(r => r.State == DutyState.Open))
            messages += await GiveNotices(rule, row, now, ct);
        return (opened, closed, messages);
    }

    private async Task<int> GiveNotices(IDutyRule rule, DutyRow row, DateTimeOffset now, CancellationToken ct)
    {
        var duty = new Duty(rule, row.SubjectId, row.DueAt);
        var written = 0;
        foreach (var kind in duty.NoticesOwed(now, row.RemindedAt is not null, row.OverdueNoticedAt is not null))
        {
            var party = kind == DutyNoticeKind.Escalation ? rule.EscalatesTo!.Value : rule.Owner;
            var to = await outbox.UsersOf(party, row.ProviderId, row.LicenseeId, row.Sandbox, ct);
            var (subject, body) = NoticeTemplates.For(kind, rule, row);
            written += await outbox.Post($"duty:{row.Id}:{DutyCodes.Of(kind)}", DutyCodes.Of(kind), to, subject, body, now, ct, dutyId: row.Id);
            switch (kind)
            {
                case DutyNoticeKind.Reminder: row.RemindedAt = now; break;
                case DutyNoticeKind.Overdue: row.OverdueNoticedAt = now; break;
                case DutyNoticeKind.Escalation: row.EscalatedAt = now; row.EscalatedTo = DutyCodes.Of(party); break;
            }
        }
        return written;
    }

    /// <summary>Licensing's written notices (rows in <c>notices</c>) reach their recipients through the outbox.</summary>
    private async Task<int> RelayWrittenNotices(DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-30);
        var notices = await db.Notices.AsNoTracking()
            .Where(n => n.CreatedAt >= since && !db.Outbox.Any(o => o.NoticeId == n.Id))
            .OrderBy(n => n.CreatedAt).Take(500).ToListAsync(ct);
        var written = 0;
        foreach (var n in notices)
        {
            var party = n.Recipient == "provider" ? DutyParty.Provider : DutyParty.Licensee;
            var to = await outbox.UsersOf(party, n.ProviderId, n.LicenseeId, sandbox: false, ct);
            var (subject, body) = NoticeTemplates.For(n);
            written += await outbox.Post($"notice:{n.Id}", "notice", to, subject, body, now, ct, noticeId: n.Id);
        }
        return written;
    }

    private static void Complete(DutyRow row, DateTimeOffset at, DutyOutcome outcome)
    {
        row.State = DutyState.Done;
        row.CompletedAt = at;
        row.Outcome = DutyCodes.Of(outcome);
    }

    /// <summary>PostgreSQL keeps microseconds: deadlines are compared at that precision on both databases.</summary>
    public static DateTimeOffset Micros(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compliance sweep: duty source {Rule} failed; it is retried at the next sweep")]
    private static partial void LogSourceFailed(ILogger logger, string rule, Exception e);
}
