using Ibis.Data;

namespace Ibis.Server.Customers;

/// <summary>
/// Finishes at start-up the crypto-shredding a stop interrupted (issue 16 item 7): a customer record's key
/// is destroyed only after the disposal that deleted the record committed (<see cref="RecordKeys.DestroyDisposed"/>),
/// so a crash between the two leaves a key whose record is gone. Every such key is destroyed here before the
/// server takes requests, as <see cref="Psd.PendingKeyDestructions"/> does for device keys.
/// </summary>
public sealed partial class PendingRecordKeyDestructions(IServiceScopeFactory scopes, RecordKeys keys, ILogger<PendingRecordKeyDestructions> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var finished = await keys.DestroyDisposed(scope.ServiceProvider.GetRequiredService<IbisDb>(), cancellationToken);
            if (finished > 0) LogFinished(logger, finished);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destroyed {Count} keys of disposed customer records that an earlier stop left pending")]
    private static partial void LogFinished(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not destroy the keys of disposed customer records; the next start or disposal run retries")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
