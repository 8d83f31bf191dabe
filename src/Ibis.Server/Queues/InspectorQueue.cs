using Ibis.Data;
using Ibis.Domain.Psd;
using Ibis.Domain.Verification;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>
/// The Inspection Service's leads (§502.24, P050 2.8–2.9): devices reported lost or stolen, devices
/// withdrawn as suspect, open cases, and duties escalated to the Postal Service — of its mode only.
/// </summary>
internal sealed class InspectorQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var statuses = await db.Devices.AsNoTracking()
            .Where(d => d.Sandbox == caller.IsSandbox && (d.Status == DeviceStatus.Lost || d.Status == DeviceStatus.Stolen || d.Status == DeviceStatus.Suspended))
            .Select(d => d.Status).ToListAsync(ct);
        var cases = await QueueReads.OpenCases(db, caller, ct);
        var escalated = await QueueReads.OpenDuties(db, caller, ct, escalatedOnly: true);
        var suspects = await db.Cases.AsNoTracking().CountAsync(c => c.Kind == SuspectDeviceThreshold.CaseKind && c.ResolvedAt == null
            && db.Devices.Any(d => d.Id == c.DeviceId && d.Sandbox == caller.IsSandbox), ct);
        var overseen = await db.Devices.AsNoTracking().CountAsync(d => d.Sandbox == caller.IsSandbox && d.Status != DeviceStatus.Inventory, ct);
        return
        [
            new("missing", "Devices reported lost or stolen", statuses.Count(s => s is DeviceStatus.Lost or DeviceStatus.Stolen), "/portal/compliance", "Open compliance",
                "Indicia from these devices after the loss are suspect (§502.24).") { Urgent = statuses.Count > 0 },
            new("suspended", "Devices withdrawn as suspect", statuses.Count(s => s == DeviceStatus.Suspended), "/portal/compliance", "Open compliance",
                "Devices the Postal Service took out of service pending examination (P050 2.9)."),
            new("suspects", "Suspect devices from the mail scans", suspects, "/portal/oversight/revenue", "Open revenue protection",
                "Devices whose indicia keep turning up copied or forged on the mail (§502.25(b)); examine or withdraw them (P050 2.6, 2.9).") { Urgent = suspects > 0 },
            new("oversight", "Devices of every provider", overseen, "/portal/oversight", "Open oversight",
                "Registers, resets, audits, indicia, history and cases, read-only; each read is logged with its purpose (§502.10)."),
            new("cases", "Open cases", cases, "/portal/compliance", "Open compliance",
                "Failed audits and register integrity failures."),
            new("escalations", "Duties escalated to the Postal Service", escalated.Count, "/portal/compliance", "Open compliance", WorkQueues.DueHint(escalated, now)),
        ];
    }
}
