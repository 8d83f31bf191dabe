using Ibis.Data;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// Forgets idempotency keys after 48 hours (at least the 24 hours clients are promised), hourly.
/// Deleting old rows touches no register and needs no device lock.
/// </summary>
public sealed partial class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    /// <summary>Deletes the keys older than <see cref="Retention"/> at <paramref name="now"/>.</summary>
    public static Task<int> RemoveExpired(IbisDb db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - Retention;
        return db.IdempotencyKeys.Where(k => k.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var removed = await RemoveExpired(scope.ServiceProvider.GetRequiredService<IbisDb>(), clock.GetUtcNow(), stoppingToken);
                if (removed > 0) LogRemoved(logger, removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} idempotency keys older than 48 hours")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency cleanup failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
