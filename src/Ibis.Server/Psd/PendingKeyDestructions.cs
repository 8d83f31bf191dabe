using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Security.Keys;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// §502.20(e): a checked-out logical security element is "immediately disabled" — its key destroyed in the
/// key store. The database forgets the key handle in the check-out's transaction and keeps it in a pending
/// destruction; after the commit the key store destroys it. A crash between the two leaves the destruction
/// pending, and the next start finishes it.
/// </summary>
public sealed partial class PendingKeyDestructions(IServiceScopeFactory scopes, IKeyStore keys, TimeProvider clock, ILogger<PendingKeyDestructions> logger) : IHostedService
{
    /// <summary>Moves the device's key handle into a pending destruction, in the caller's transaction.</summary>
    public static void Queue(IbisDb db, DeviceRow device, DateTimeOffset now)
    {
        if (device.KeyHandle.Length == 0) return;
        db.KeyDestructions.Add(new KeyDestructionRow { DeviceId = device.Id, KeyHandle = device.KeyHandle, CreatedAt = now });
        device.KeyHandle = [];
    }

    /// <summary>Destroys every pending key (or only <paramref name="deviceId"/>'s) and marks it done. Returns how many.</summary>
    public static async Task<int> Finish(IbisDb db, IKeyStore keys, DateTimeOffset now, CancellationToken ct, string? deviceId = null)
    {
        var pending = await db.KeyDestructions.Where(k => k.DestroyedAt == null && (deviceId == null || k.DeviceId == deviceId)).ToListAsync(ct);
        foreach (var row in pending)
        {
            try
            {
                keys.Destroy(row.KeyHandle);
            }
            catch (KeyStoreException e) when (e.Code == KeyStoreException.KeyDestroyed)
            {
                // Destroyed before a crash kept us from recording it: nothing left to do.
            }
            row.DestroyedAt = now;
            row.KeyHandle = [];
        }
        if (pending.Count > 0) await db.SaveChangesAsync(ct);
        return pending.Count;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var finished = await Finish(scope.ServiceProvider.GetRequiredService<IbisDb>(), keys, clock.GetUtcNow(), cancellationToken);
            if (finished > 0) LogFinished(logger, finished);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished {Count} device key destructions interrupted before the last stop")]
    private static partial void LogFinished(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not finish pending device key destructions; will retry at the next start")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
