using Ibis.Domain.Compliance;
using Ibis.Server.Compliance;
using Ibis.Server.Privacy;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// The durable scheduler (Quartz.NET, ADO job store — on PostgreSQL in Ibis's database, tables from our
/// migrations; on SQLite in a private file of its own, never in the database Ibis's writer locks): the
/// jobs are stored, the retention disposal runs at start-up (not a day later), and after the clock
/// jumps past a deadline — as after downtime — the missed sweep runs once on its own and escalates.
/// </summary>
public abstract class ComplianceSchedulerTests(DatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Waits for the scheduler to have done something (it runs on its own threads); fails if it never does.</summary>
    private readonly CapturedLogs _logs = new();

    private async Task Eventually(string what, Func<Task<bool>> done, SettableClock? flowing = null)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await done()) return;
            await Task.Delay(200);
            // The test clock stands still unless moved: let it flow (faster than real time) so the
            // repeating triggers come round.
            flowing?.Advance(TimeSpan.FromSeconds(20));
        }
        Assert.Fail($"the scheduler never {what}; its last log lines:\n{_logs.Tail(40)}");
    }

    [SkippableFact]
    public async Task Scheduler_StoresItsJobs_RunsRetentionAtStartup_CatchesUpAfterAClockJump_Once()
    {
        var clock = new SettableClock(Start);
        await using var smtp = new TestSmtpServer();
        var settings = new Dictionary<string, string>(smtp.Settings) { ["Ibis:Scheduler:Enabled"] = "true", ["Ibis:Scheduler:IdleWait"] = "00:00:01", ["Ibis:Scheduler:MisfireThreshold"] = "00:00:02" };
        using var app = new IbisApp(kind, clock, settings) { ConfigureHost = b => b.ConfigureServices(s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs)) };
        _ = app.Sandbox;

        // The job store holds the six jobs.
        // (The scheduler starts once the application has started, so the jobs are stored a moment after.)
        await Eventually("stored the six jobs", async () => await StoredJobs(app) == 6);
        Assert.Equal(6, await StoredJobs(app));
        // On PostgreSQL the Quartz tables are made by the baseline migration (ComplianceScheduler's SQL, carried into it by the squash).
        Assert.Contains(await app.WithDb(db => db.Database.GetAppliedMigrationsAsync()), m => m.EndsWith("_Baseline", StringComparison.Ordinal));
        if (kind == DatabaseKind.Sqlite)
        {
            // Issue 17: not one QRTZ table is left in the file the writer locks (the SchedulerStoreOwnFile migration
            // dropped the baseline's), and the store's own file is as private as the database.
            Assert.Equal(0, await app.WithDb(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name LIKE 'QRTZ%'").SingleAsync()));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(app.DataDirectory, "scheduler.db")));
        }

        // Retention runs at start-up, by the scheduler.
        await Eventually("ran the retention disposal at start-up", () => app.WithDb(db => db.RetentionRuns.AnyAsync(r => r.Trigger == RetentionDisposal.DailyJob)));
        await Eventually("swept the duties at start-up", () => app.WithDb(db => db.Duties.AnyAsync(d => d.Rule == "reset_or_audit_every_3_months")));

        // Downtime: the clock jumps past the watchdog deadline. The missed sweep fires by itself, escalates once, and the mail arrives.
        var deadline = await app.WithDb(db => db.Devices.Where(d => d.LicenseeId != null).Select(d => d.WatchdogDeadline).MinAsync());
        clock.Set(deadline + TimeSpan.FromDays(100));
        var duty = await app.WithDb(db => db.Duties.SingleAsync(d => d.Rule == "reset_or_audit_every_3_months"));
        await Eventually("escalated the missed watchdog", () => app.WithDb(async db =>
            await db.Outbox.AnyAsync(m => m.DutyId == duty.Id && m.Kind == "escalation") && !await db.Outbox.AnyAsync(m => m.DutyId == duty.Id && m.Status != OutboxMessageStatus.Sent)), clock);
        duty = await app.WithDb(db => db.Duties.SingleAsync(d => d.Id == duty.Id));
        Assert.NotNull(duty.EscalatedAt);
        Assert.Single(smtp.Received, m => m.Source == $"duty:{duty.Id}:escalation");
        Assert.Single(smtp.Received, m => m.Source == $"duty:{duty.Id}:overdue");
        Assert.DoesNotContain(smtp.Received, m => m.Source == $"duty:{duty.Id}:reminder"); // its moment passed with the deadline
    }

    private async Task<long> StoredJobs(IbisApp app)
    {
        const string count = "SELECT COUNT(*) AS \"Value\" FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = 'compliance'";
        if (kind == DatabaseKind.Postgres) return await app.WithDb(db => db.Database.SqlQueryRaw<int>(count).SingleAsync());
        await using var store = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "scheduler.db")};Mode=ReadOnly;Pooling=False");
        await store.OpenAsync();
        await using var command = store.CreateCommand();
        command.CommandText = count;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class SqliteComplianceSchedulerTests() : ComplianceSchedulerTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresComplianceSchedulerTests() : ComplianceSchedulerTests(DatabaseKind.Postgres);
