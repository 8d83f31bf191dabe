using Ibis.Data;
using Ibis.Server.Devices;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// Locks a device and opens a case for its provider, in a transaction of its own: the operation
/// that found the problem is rolled back, but the lock and the case must stay.
/// </summary>
public sealed partial class DeviceLockout(IServiceScopeFactory scopes, Funds.Transmissions transmissions, TimeProvider clock, ILogger<DeviceLockout> logger)
{
    /// <summary>The lock (and case) kind of registers that do not match their seal.</summary>
    public const string IntegrityFailure = "register_integrity_failure";

    public async Task Lock(string deviceId, string kind, string detail, AuditRow? failedAudit, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var device = await RegisterLock.Row(db, deviceId, ct);
            // Status is outside the MAC on purpose: locking must never make tampered registers "valid"; so the device
            // is loaded without its registers. A device checked out of service stays checked out.
            var psd = PostalSecurityDevice.Load(device.Id, device.Status, null);
            if (!psd.Lock(kind, detail, clock.GetUtcNow())) return;
            device.LockReason = kind;
            // The history says since when it is locked: a return to service needs a clean audit after that.
            DeviceLife.Save(db, new LoadedDevice(device, psd, null));
            if (failedAudit is not null)
            {
                db.Audits.Add(failedAudit);
                AuditTransmission.Add(db, transmissions, device, failedAudit, clock.GetUtcNow());
            }
            if (kind == "audit_failed") Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.AuditFailed, clock.GetUtcNow(), new { DeviceId = deviceId, AuditId = failedAudit?.Id, Reason = detail }, device.LicenseeId, device.ProviderId);
            if (await db.Cases.AnyAsync(c => c.DeviceId == deviceId && c.Kind == kind && c.ResolvedAt == null, ct))
            {
                // The provider already has this case open; record the audit, keep one case.
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return;
            }
            db.Cases.Add(new CaseRow
            {
                Id = Ids.New("case"), DeviceId = deviceId, ProviderId = device.ProviderId, Kind = kind, Detail = detail,
                CreatedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        LogLocked(logger, deviceId, kind, detail);
    }

    [LoggerMessage(EventId = 1101, EventName = "DeviceLocked", Level = LogLevel.Warning, Message = "Device {DeviceId} locked ({Kind}): {Detail}")]
    private static partial void LogLocked(ILogger logger, string deviceId, string kind, string detail);
}
