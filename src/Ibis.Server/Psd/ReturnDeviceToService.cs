using Ibis.Data;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

public sealed record ReturnDeviceToServiceCommand(string? Finding);

/// <summary>
/// Locks and cases: the provider or the Postal Service investigates a locked device (or inspects a recovered
/// one that was not replaced, §502.24(c)) and returns it to service with a recorded finding — only after an
/// audit that passed since it was locked or recovered (§502.23). Its open cases are resolved with the finding.
/// </summary>
public sealed class ReturnDeviceToService(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole, Caller.PostalRole);

    public Task<DeviceView> Handle(Caller caller, string deviceId, ReturnDeviceToServiceCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var d = loaded.Row;
        var now = clock.GetUtcNow();
        // Since when the device is in its present state: its history, else its newest open case.
        var entered = await db.DeviceEvents.AsNoTracking().Where(e => e.DeviceId == d.Id && e.ToStatus == d.Status && e.FromStatus != d.Status)
            .OrderByDescending(e => e.CreatedAt).Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefaultAsync(ct);
        var cases = await db.Cases.Where(c => c.DeviceId == d.Id && c.ResolvedAt == null).ToListAsync(ct);
        var since = entered ?? cases.Select(c => (DateTimeOffset?)c.CreatedAt).Max() ?? d.LastSeenAt;
        var lastClean = await db.Audits.AsNoTracking().Where(a => a.DeviceId == d.Id && a.Passed).OrderByDescending(a => a.CreatedAt)
            .Select(a => (DateTimeOffset?)a.CreatedAt).FirstOrDefaultAsync(ct);
        loaded.Device.ReturnToService(command.Finding, since, lastClean, caller.UserOrKeyId, now);
        // The device is cleared: its open cases are resolved with that finding and the investigator's words.
        foreach (var c in cases)
        {
            var found = Domain.Reporting.SecurityCase.Load(c.Id, c.InvestigationStartedAt, c.ResolvedAt);
            found.Resolve(Domain.Reporting.CaseFinding.Cleared, command.Finding, caller.Role, caller.UserOrKeyId, now);
            (c.InvestigationStartedAt, c.InvestigatedBy, c.ResolvedAt, c.ResolvedBy, c.Finding, c.ResolutionNote) =
                (found.InvestigationStartedAt, found.InvestigatedBy, found.ResolvedAt, found.ResolvedBy, found.Finding, found.Note);
        }
        d.LockReason = null;
        DeviceLife.Save(db, loaded);
        return DeviceView.From(d);
    }, ct);
}
