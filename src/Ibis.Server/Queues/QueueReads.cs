using Ibis.Data;
using Ibis.Domain.Compliance;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>Queries several queues share, each scoped the way its caller may see (the same scopes as the pages the queues link to).</summary>
internal static class QueueReads
{
    /// <summary>Open duties the caller owes or oversees: the licensee's own, the provider's, the Postal Service's of its mode (as ListDuties.Visible).</summary>
    public static async Task<List<DateTimeOffset>> OpenDuties(IbisDb db, Caller caller, CancellationToken ct, bool escalatedOnly = false)
    {
        var q = db.Duties.AsNoTracking().Where(d => d.State == DutyState.Open);
        q = caller.Role switch
        {
            Caller.LicenseeRole => q.Where(d => d.LicenseeId == caller.LicenseeId && d.Owner == "licensee"),
            Caller.ProviderRole => q.Where(d => d.ProviderId == caller.ProviderId && d.Owner == "provider"),
            _ => q.Where(d => d.Sandbox == caller.IsSandbox || (d.ProviderId == null && d.LicenseeId == null)),
        };
        if (escalatedOnly) q = q.Where(d => d.Owner == "postal" || d.EscalatedTo != null);
        return await q.Select(d => d.DueAt).ToListAsync(ct);
    }

    /// <summary>Open cases (failed audits, integrity failures) of the provider's devices, or of every device of the caller's mode.</summary>
    public static Task<int> OpenCases(IbisDb db, Caller caller, CancellationToken ct) =>
        (from c in db.Cases.AsNoTracking()
         join d in db.Devices on c.DeviceId equals d.Id
         where c.ResolvedAt == null && d.Sandbox == caller.IsSandbox
               && (caller.Role != Caller.ProviderRole || c.ProviderId == caller.ProviderId)
         select c.Id).CountAsync(ct);

    /// <summary>Devices in service whose watchdog runs out within the horizon (or already has): a reset or audit is due (§502.23).</summary>
    public static async Task<List<(string Id, string Serial, DateTimeOffset Deadline)>> WatchdogsDue(IQueryable<Data.Entities.DeviceRow> devices, DateTimeOffset now, CancellationToken ct)
    {
        var until = now + WorkQueues.Horizon;
        var rows = await devices.AsNoTracking()
            .Where(d => d.Status == DeviceStatus.InService && d.WatchdogDeadline <= until)
            .OrderBy(d => d.WatchdogDeadline)
            .Select(d => new { d.Id, d.Vendor, d.Model, d.Serial, d.WatchdogDeadline }).ToListAsync(ct);
        return rows.Select(r => (r.Id, new Domain.Devices.DeviceNumber((ushort)r.Vendor, (ushort)r.Model, (uint)r.Serial).ToString(), r.WatchdogDeadline)).ToList();
    }

    public static IReadOnlyList<QueueEntry> WatchdogExamples(IEnumerable<(string Id, string Serial, DateTimeOffset Deadline)> due, DateTimeOffset now) =>
        due.Take(3).Select(d => new QueueEntry(
            $"{d.Serial}: {(d.Deadline <= now ? "watchdog expired" : $"watchdog ends {d.Deadline:yyyy-MM-dd}")}", $"/portal/devices/{d.Id}")).ToList();
}
