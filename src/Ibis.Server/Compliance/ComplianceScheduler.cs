using System.Security.Cryptography;
using System.Text;
using Ibis.Server.Hosting;
using Quartz;

namespace Ibis.Server.Compliance;

/// <summary>
/// The durable scheduler shared by all nodes: Quartz.NET with its ADO job store — on PostgreSQL in Ibis's
/// own database (tables made by our migrations, <c>Ibis.Data.QuartzSchema</c>), where the nodes form a
/// cluster: each firing runs on exactly one node, and a node that dies hands its work to the others.
/// SQLite has one node, and the store a file of its own (<see cref="SchedulerStore"/>). Quartz reads
/// the application's TimeProvider, so the sandbox clock offset and test clocks move the schedule too.
/// Every trigger also fires at start-up, which is how missed runs are caught up after downtime (the
/// jobs are state-based: one run does all that is due).
/// </summary>
public static class ComplianceScheduler
{
    public static void AddComplianceScheduler(this IServiceCollection services, IConfiguration config, IbisOptions options)
    {
        services.AddSingleton(SmtpOptions.FromConfiguration(config));
        DutyRegistry.AddDutySources(services);
        services.AddScoped<Outbox>();
        services.AddScoped<SweepDuties>();
        services.AddScoped<SanctionRecords>();
        services.AddScoped<SanctionReads>();
        services.AddScoped<IssueSanction>();
        services.AddScoped<RecordSanctionCure>();
        services.AddScoped<IssueSuspensionNotice>();
        services.AddScoped<PresentSanctionDefense>();
        services.AddScoped<DecideSanction>();
        services.AddScoped<AppealSanction>();
        services.AddScoped<DecideSanctionAppeal>();
        services.AddScoped<ExtendSuspension>();
        services.AddScoped<WithdrawSanction>();
        services.AddScoped<TakeDueSanctionSteps>();
        services.AddScoped<MonthlyStatements>();
        services.AddScoped<TestIndiciaDestruction>();
        services.AddScoped<DeliverOutbox>();
        services.AddScoped<ListDuties>();
        services.AddScoped<DeclareDutyDone>();
        services.AddScoped<ListInbox>();
        services.AddScoped<Funds.TransmitDailyFinancialTransactions>();
        if (string.Equals(config["Ibis:Scheduler:Enabled"], "false", StringComparison.OrdinalIgnoreCase)) return;

        var idleWait = TimeSpan.TryParse(config["Ibis:Scheduler:IdleWait"], System.Globalization.CultureInfo.InvariantCulture, out var wait) && wait > TimeSpan.Zero
            ? wait : TimeSpan.FromSeconds(30);
        var misfireThreshold = TimeSpan.TryParse(config["Ibis:Scheduler:MisfireThreshold"], System.Globalization.CultureInfo.InvariantCulture, out var misfire) && misfire > TimeSpan.Zero
            ? misfire : TimeSpan.FromSeconds(60);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName(options);
                if (options.PostgresConnectionString is null) o.InstanceId = "ibis-single";
                else o.GenerateInstanceId = true;
                o.IdleWaitTime = idleWait;
            });
            q.UseDefaultThreadPool(tp => tp.MaxConcurrency = 2);
            q.UsePersistentStore(s =>
            {
                s.UseSystemTextJsonSerializer();
                // A firing later than this is a misfire: it fires once now (catch-up), not once per missed interval.
                s.ConfigureStore(o => { o.MisfireThreshold = misfireThreshold; o.MisfireHandlerFrequency = misfireThreshold; });
                if (options.PostgresConnectionString is { } pg)
                {
                    s.UsePostgres(new Npgsql.NpgsqlConnectionStringBuilder(pg) { ApplicationName = "ibis-scheduler" }.ConnectionString); // its polling is told apart from the application's
                    s.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(10));
                }
                else
                {
                    s.UseSqlite(SchedulerStore.SqliteConnectionString(options));
                }
            });
            Every<SweepDutiesJob>(q, SweepDutiesJob.Key, TimeSpan.FromMinutes(15));
            Every<TransmitDailyFinancialTransactionsJob>(q, TransmitDailyFinancialTransactionsJob.Key, TimeSpan.FromHours(1));
            Every<MonthlyLostStolenFileJob>(q, MonthlyLostStolenFileJob.Key, TimeSpan.FromHours(1));
            Every<MonthlyStatementsJob>(q, MonthlyStatementsJob.Key, TimeSpan.FromHours(1));
            Every<RetentionDisposalJob>(q, RetentionDisposalJob.Key, TimeSpan.FromDays(1));
            Every<DeliverOutboxJob>(q, DeliverOutboxJob.Key, TimeSpan.FromMinutes(1));
        });
        services.AddHostedService<SchedulerStore>();
        // The scheduler is made and started once the node listens: registering the jobs in the store and the
        // start-up firings are many round trips, and a node restarted after a crash serves prints sooner.
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
    }

    /// <summary>
    /// A trigger that fires at start-up and then every <paramref name="interval"/>; a firing missed while
    /// every node was down fires once as soon as one is back (misfire: fire now).
    /// </summary>
    private static void Every<TJob>(IQuartzBuilder q, JobKey key, TimeSpan interval) where TJob : IJob =>
        q.ScheduleJob<TJob>(
            t => t.WithIdentity(key.Name + "-trigger", key.Group).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)),
            j => j.WithIdentity(key).StoreDurably());

    /// <summary>
    /// Nodes of one installation share one scheduler name (so they cluster); installations (and test
    /// databases) in one process must not, because Quartz keeps schedulers by name per process.
    /// </summary>
    public static string SchedulerName(IbisOptions options)
    {
        string identity;
        if (options.PostgresConnectionString is { } pg)
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(pg);
            identity = $"pg|{b.Host}|{b.Port}|{b.Database}|{b.SearchPath}";
        }
        else identity = "sqlite|" + options.SqlitePath;
        return "ibis-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..12];
    }
}
