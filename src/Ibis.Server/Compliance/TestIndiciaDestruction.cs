using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>One provider's day of test indicia and, once logged, its destruction.</summary>
internal sealed record TestIndiciaDay(string ProviderId, DateOnly Day, int Count, long FaceValueMills, DateTimeOffset? DestroyedAt);

public sealed record TestIndiciaDestructionView(string Id, string Object, string ProviderId, DateOnly Day, int Count, string FaceValue, string Trigger, DateTimeOffset DestroyedAt)
{
    public static TestIndiciaDestructionView From(TestIndiciaDestructionRow r) =>
        new(r.Id, "test_indicia_destruction", r.ProviderId, r.Day, r.Count, Mills.FromMills(r.FaceValueMills).ToString(), r.Trigger, r.DestroyedAt);
}

/// <summary>
/// §502.17: the test indicia of each ended day (UTC) are collected and their destruction logged, one line
/// per provider and day, by the daily job. (provider, day) is unique, so a second run or a second node
/// logs nothing twice, and a run after downtime logs every missed day. Today's indicia wait for tomorrow:
/// the day is not over.
/// </summary>
internal sealed class TestIndiciaDestruction(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public const string DailyJob = "daily_job";

    /// <summary>How far back days are looked at; older days were settled by earlier runs.</summary>
    public const int LookBackDays = 62;

    public static async Task<IReadOnlyList<TestIndiciaDay>> Days(IbisDb db, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-LookBackDays);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var printed = await (from i in db.Indicia.AsNoTracking()
                             join d in db.Devices on i.DeviceId equals d.Id
                             where i.Sandbox && i.CreatedAt >= since
                             select new { d.ProviderId, i.CreatedAt, i.PostageMills }).ToListAsync(ct);
        var logged = (await db.TestIndiciaDestructions.AsNoTracking().Where(r => r.DestroyedAt >= since.AddDays(-3)).ToListAsync(ct))
            .ToDictionary(r => (r.ProviderId, r.Day), r => r.DestroyedAt);
        return printed.GroupBy(p => (p.ProviderId, Day: DateOnly.FromDateTime(p.CreatedAt.UtcDateTime)))
            .Where(g => g.Key.Day < today)
            .Select(g => new TestIndiciaDay(g.Key.ProviderId, g.Key.Day, g.Count(), g.Sum(p => p.PostageMills), logged.TryGetValue(g.Key, out var at) ? at : null))
            .OrderBy(d => d.Day).ThenBy(d => d.ProviderId).ToList();
    }

    /// <summary>Logs the destruction of every ended day not yet logged; returns the lines written.</summary>
    public async Task<IReadOnlyList<TestIndiciaDestructionView>> RunDue(CancellationToken ct, string trigger = DailyJob)
    {
        var now = clock.GetUtcNow();
        var written = new List<TestIndiciaDestructionView>();
        foreach (var day in (await Days(db, now, ct)).Where(d => d.DestroyedAt is null))
        {
            var row = await pipeline.Run(null, null, async ct =>
            {
                // Another node may have logged it meanwhile: the unique (provider, day) makes the insert fail, so look first.
                if (await db.TestIndiciaDestructions.AnyAsync(r => r.ProviderId == day.ProviderId && r.Day == day.Day, ct)) return null;
                var r = new TestIndiciaDestructionRow
                {
                    Id = Ids.New("tid"), ProviderId = day.ProviderId, Day = day.Day, Count = day.Count, FaceValueMills = day.FaceValueMills, Trigger = trigger, DestroyedAt = now,
                };
                db.TestIndiciaDestructions.Add(r);
                return r;
            }, ct);
            if (row is not null) written.Add(TestIndiciaDestructionView.From(row));
        }
        return written;
    }

    /// <summary>The destruction log: the Postal Service sees every provider's, a provider its own; newest day first.</summary>
    public async Task<IReadOnlyList<TestIndiciaDestructionView>> Log(Auth.Caller caller, CancellationToken ct)
    {
        var q = db.TestIndiciaDestructions.AsNoTracking();
        if (caller.Role == Auth.Caller.ProviderRole) q = q.Where(r => r.ProviderId == caller.ProviderId);
        else if (caller.Organisation != Domain.Organisations.OrganisationKind.PostalService)
            Rules.Check(new BrokenRule("forbidden", "the provider and the Postal Service read the test indicia destruction log", null, RuleKind.Forbidden));
        return (await q.OrderByDescending(r => r.Day).ThenBy(r => r.ProviderId).Take(1000).ToListAsync(ct)).Select(TestIndiciaDestructionView.From).ToList();
    }
}
