using Ibis.Server.Funds;
using Ibis.Server.Privacy;
using Quartz;

namespace Ibis.Server.Compliance;

/// <summary>
/// The scheduled jobs. Each is idempotent and state-based — it does whatever is due at the instant it
/// runs — so a run after downtime catches up every missed one in a single pass, and a run repeated by a
/// retry or a second node changes nothing. None runs twice at once anywhere in the cluster.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class SweepDutiesJob(IServiceScopeFactory scopes, ILogger<SweepDutiesJob> logger) : IJob
{
    public static readonly JobKey Key = new("sweep-duties", "compliance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SweepDuties>().Run(cancellationToken);
        if (result.Opened + result.Closed + result.Messages > 0) LogSwept(logger, result.Opened, result.Closed, result.Messages);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compliance sweep: {Opened} duties opened, {Closed} closed, {Messages} messages written")]
    private static partial void LogSwept(ILogger logger, int opened, int closed, int messages);
}

/// <summary>§502.20(m): the daily financial transactions files of every closed day not yet transmitted.</summary>
[DisallowConcurrentExecution]
internal sealed class TransmitDailyFinancialTransactionsJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("daily-financial-transactions", "compliance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TransmitDailyFinancialTransactions>().Run(cancellationToken);
    }
}

/// <summary>§502.20(k): on the 1st of each month (and after downtime, every missed month), each provider's file of lost and stolen devices.</summary>
[DisallowConcurrentExecution]
internal sealed class MonthlyLostStolenFileJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("monthly-lost-stolen-file", "compliance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Psd.ProduceLostStolenFile>().RunDue(cancellationToken);
    }
}

/// <summary>P050 3.5c: each ended month's statement of every account on monthly statements, mailed to the licensee (missed months caught up).</summary>
[DisallowConcurrentExecution]
internal sealed class MonthlyStatementsJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("monthly-statements", "compliance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MonthlyStatements>().RunDue(cancellationToken);
    }
}

/// <summary>
/// The daily job, at start-up and daily: the retention disposal (notice 820.100), the refunded pieces
/// whose 45 days are over, and the destruction of each ended day's test indicia (§502.17).
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class RetentionDisposalJob(IServiceScopeFactory scopes, ILogger<RetentionDisposalJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention-disposal", "compliance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var disposed = await scope.ServiceProvider.GetRequiredService<RetentionDisposal>().Run(cancellationToken, RetentionDisposal.DailyJob);
        if (disposed.Count > 0) LogDisposed(logger, disposed.Count);
        // §502.27(a)(7): refunded pieces are kept 45 days after their Form 3533 was sent, then destroyed (logged).
        var refunds = await scope.ServiceProvider.GetRequiredService<Refunds.DestroyRetainedPieces>().RunDue(cancellationToken);
        if (refunds.Destroyed.Count > 0) LogRefundPiecesDestroyed(logger, refunds.Destroyed.Count);
        var testIndicia = await scope.ServiceProvider.GetRequiredService<TestIndiciaDestruction>().RunDue(cancellationToken);
        if (testIndicia.Count > 0) LogTestIndiciaDestroyed(logger, testIndicia.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Test indicia: destroyed and logged {Count} provider-days (39 CFR 502.17)")]
    private static partial void LogTestIndiciaDestroyed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: destroyed the retained pieces of {Count} refunds (39 CFR 502.27(a))")]
    private static partial void LogRefundPiecesDestroyed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: disposed of {Count} records due under notice 820.100")]
    private static partial void LogDisposed(ILogger logger, int count);
}

/// <summary>Mails pending outbox messages (and retries failed ones when their wait is over).</summary>
[DisallowConcurrentExecution]
internal sealed class DeliverOutboxJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("deliver-outbox", "compliance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverOutbox>().Run(cancellationToken);
    }
}
