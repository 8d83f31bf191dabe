using Ibis.Data;
using Ibis.Server.Devices;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// Locks a device and opens a case for its provider, in a transaction of its own (the pipeline's transaction stage,
/// in a scope of its own): the operation that found the problem is rolled back, but the lock and the case must stay.
/// </summary>
public sealed partial class DeviceLockout(IServiceScopeFactory scopes, Funds.Transmissions transmissions, TimeProvider clock, ILogger<DeviceLockout> logger)
{
    /// <summary>The lock (and case) kind of registers that do not match their seal.</summary>
    public const string IntegrityFailure = "register_integrity_failure";

    public async Task Lock(string deviceId, string kind, string detail, AuditRow? failedAudit, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        // The pipeline's transaction stage: on SQLite in turn at the write gate like every other writer (a transaction
        // of its own beside the gate would wait for SQLite's lock while the gate's writers hold it), committed before
        // this returns.
        await scope.ServiceProvider.GetRequiredService<UseCases.CommandPipeline>().InTransaction(async (_, ct) =>
        {
            var device = await RegisterLock.Row(db, deviceId, ct);
            // Status is outside the MAC on purpose: locking must never make tampered registers "valid"; so the device
            // is loaded without its registers. A device checked out of service stays checked out.
            var psd = PostalSecurityDevice.Load(device.Id, device.Status, null);
            if (!psd.Lock(kind, detail, clock.GetUtcNow())) return false;
            device.LockReason = kind;
            // The history says since when it is locked: a return to service needs a clean audit after that.
            DeviceLife.Save(db, new LoadedDevice(device, psd, null));
            if (failedAudit is not null)
            {
                db.Audits.Add(failedAudit);
                AuditTransmission.Add(db, transmissions, device, failedAudit, clock.GetUtcNow());
            }
            if (kind == "audit_failed") Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.AuditFailed, clock.GetUtcNow(), new { DeviceId = deviceId, AuditId = failedAudit?.Id, Reason = detail }, device.LicenseeId, device.ProviderId);
            // The provider may already have this case open; then the audit is recorded and the one case kept.
            if (!await db.Cases.AnyAsync(c => c.DeviceId == deviceId && c.Kind == kind && c.ResolvedAt == null, ct))
                db.Cases.Add(new CaseRow
                {
                    Id = Ids.New("case"), DeviceId = deviceId, ProviderId = device.ProviderId, Kind = kind, Detail = detail,
                    CreatedAt = clock.GetUtcNow(),
                });
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        LogLocked(logger, deviceId, kind, detail);
    }

    [LoggerMessage(EventId = 1101, EventName = "DeviceLocked", Level = LogLevel.Warning, Message = "Device {DeviceId} locked ({Kind}): {Detail}")]
    private static partial void LogLocked(ILogger logger, string deviceId, string kind, string detail);
}
