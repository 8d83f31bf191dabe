using Ibis.Data;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>Where a customer stands on the way to its first indicium (read by the provider's next steps and the licensee's checklist).</summary>
public sealed record CustomerProgress(
    string LicenseeId,
    string Name,
    LicenseApplicationStatus? ApplicationStatus,
    IReadOnlyList<LicenseChoice> ValidLicenses,
    string? OpenAccountId,
    long BalanceMills,
    IReadOnlyList<LeaseChoice> ActiveLeases,
    int DevicesInService,
    bool Funded,
    bool Printed);

public sealed record LicenseChoice(string Id, string PostOffice);

public sealed record LeaseChoice(string Id, string LicenseeId, string LicenseeName, string LicenseId, string SignedBy, DateOnly SignedOn, int Devices);

public sealed record CustomerSummary(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record InventoryDevice(string Id, string Number, DateTimeOffset? InspectedAt, DateTimeOffset CreatedAt);

public sealed record CommissionedDevice(string Id, string Number, string? LicenseeName, string? LeaseId, DateTimeOffset? CommissionedAt);

/// <summary>
/// Read-only queries behind the onboarding pages: what a provider's customers, inventory and leases
/// are, and how far a customer is. Every query is scoped to the caller's organisation and mode; the
/// pages change nothing through it (changes go through the use cases).
/// </summary>
public sealed class OnboardingReads(IbisDb db)
{
    public async Task<IReadOnlyList<CustomerSummary>> Customers(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) return [];
        var rows = await db.Licensees.AsNoTracking().Where(l => l.ProviderId == caller.ProviderId && l.Sandbox == caller.IsSandbox)
            .OrderBy(l => l.Name).Select(l => new { l.Id, l.Name, l.CreatedAt }).ToListAsync(ct);
        return rows.Select(l => new CustomerSummary(l.Id, l.Name, l.CreatedAt)).ToList();
    }

    /// <summary>The provider's customer, or null when it is not the caller's.</summary>
    public async Task<CustomerProgress?> ForProvider(Caller caller, string licenseeId, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) return null;
        var mine = await db.Licensees.AsNoTracking().AnyAsync(l => l.Id == licenseeId && l.ProviderId == caller.ProviderId && l.Sandbox == caller.IsSandbox, ct);
        return mine ? await Progress(licenseeId, ct) : null;
    }

    /// <summary>The signed-in licensee's own progress.</summary>
    public Task<CustomerProgress?> ForLicensee(Caller caller, CancellationToken ct) =>
        caller.Role == Caller.LicenseeRole && caller.LicenseeId is { } id ? Progress(id, ct) : Task.FromResult<CustomerProgress?>(null);

    private async Task<CustomerProgress?> Progress(string licenseeId, CancellationToken ct)
    {
        var licensee = await db.Licensees.AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenseeId, ct);
        if (licensee is null) return null;
        var application = await db.LicenseApplications.AsNoTracking().Where(a => a.LicenseeId == licenseeId)
            .OrderByDescending(a => a.SubmittedAt).Select(a => (LicenseApplicationStatus?)a.Status).FirstOrDefaultAsync(ct);
        var licenses = await db.Licenses.AsNoTracking().Where(l => l.LicenseeId == licenseeId && l.Status == LicenseStatus.Valid)
            .OrderBy(l => l.IssuedAt).ToListAsync(ct);
        var account = await db.DepositAccounts.AsNoTracking().Where(a => a.LicenseeId == licenseeId && a.Status == AccountStatus.Open)
            .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct);
        var devices = await db.Devices.AsNoTracking().Where(d => d.LicenseeId == licenseeId)
            .Select(d => new { d.Status, d.LeaseId, d.ResetCount, d.DescendingMills, d.PieceCount }).ToListAsync(ct);
        var leases = await db.Leases.AsNoTracking().Where(l => l.LicenseeId == licenseeId && l.Status == LeaseStatus.Active).OrderBy(l => l.CreatedAt).ToListAsync(ct);
        return new CustomerProgress(
            licensee.Id, licensee.Name, application,
            licenses.Select(l => new LicenseChoice(l.Id, $"{l.PostOfficeCity}, {l.PostOfficeState} {l.PostOfficeZip}")).ToList(),
            account?.Id, account?.BalanceMills ?? 0,
            leases.Select(l => new LeaseChoice(l.Id, l.LicenseeId, licensee.Name, l.LicenseId, l.SignedBy, l.SignedOn, devices.Count(d => d.LeaseId == l.Id))).ToList(),
            devices.Count(d => d.Status == DeviceStatus.InService),
            // P050 3.2: funds on deposit, or postage already set into a device.
            (account?.BalanceMills ?? 0) > 0 || devices.Any(d => d.ResetCount > 0 || d.DescendingMills > 0),
            devices.Any(d => d.PieceCount > 0));
    }

    /// <summary>The provider's devices still in inventory (not yet commissioned), newest first.</summary>
    public async Task<IReadOnlyList<InventoryDevice>> Inventory(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) return [];
        var rows = await db.Devices.AsNoTracking()
            .Where(d => d.ProviderId == caller.ProviderId && d.Sandbox == caller.IsSandbox && d.Status == DeviceStatus.Inventory)
            .ToListAsync(ct);
        return rows.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new InventoryDevice(d.Id, Number(d.Vendor, d.Model, d.Serial), d.InspectedAt, d.CreatedAt)).ToList();
    }

    /// <summary>The provider's devices commissioned under a lease, newest first (the last 20).</summary>
    public async Task<IReadOnlyList<CommissionedDevice>> Commissioned(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) return [];
        var rows = await db.Devices.AsNoTracking()
            .Where(d => d.ProviderId == caller.ProviderId && d.Sandbox == caller.IsSandbox && d.LeaseId != null)
            .ToListAsync(ct);
        var names = await LicenseeNames(caller, ct);
        return rows.OrderByDescending(d => d.CommissionedAt).ThenBy(d => d.Id, StringComparer.Ordinal).Take(20)
            .Select(d => new CommissionedDevice(d.Id, Number(d.Vendor, d.Model, d.Serial), d.LicenseeId is null ? null : names.GetValueOrDefault(d.LicenseeId), d.LeaseId, d.CommissionedAt))
            .ToList();
    }

    /// <summary>The provider's active leases, the ones a device may be commissioned under (P050 3.1).</summary>
    public async Task<IReadOnlyList<LeaseChoice>> ActiveLeases(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) return [];
        var names = await LicenseeNames(caller, ct);
        var ids = names.Keys.ToList();
        var leases = await db.Leases.AsNoTracking().Where(l => l.ProviderId == caller.ProviderId && l.Status == LeaseStatus.Active && ids.Contains(l.LicenseeId)).ToListAsync(ct);
        var leaseIds = leases.Select(l => l.Id).ToList();
        var counts = await db.Devices.AsNoTracking().Where(d => d.LeaseId != null && leaseIds.Contains(d.LeaseId))
            .GroupBy(d => d.LeaseId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return leases
            .Select(l => new LeaseChoice(l.Id, l.LicenseeId, names.GetValueOrDefault(l.LicenseeId, l.LicenseeId), l.LicenseId, l.SignedBy, l.SignedOn, counts.GetValueOrDefault(l.Id)))
            .OrderBy(l => l.LicenseeName, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The home page's devices: a licensee's own, or a provider's with the licensee of each (by device id).</summary>
    public async Task<(IReadOnlyList<DeviceView> Devices, IReadOnlyDictionary<string, string> LicenseeNames)> HomeDevices(Caller caller, CancellationToken ct)
    {
        var rows = await db.Devices.AsNoTracking()
            .Where(d => (caller.Role == Caller.LicenseeRole && d.LicenseeId == caller.LicenseeId)
                        || (caller.Role == Caller.ProviderRole && d.ProviderId == caller.ProviderId))
            .OrderBy(d => d.Id).ToListAsync(ct);
        var names = new Dictionary<string, string>();
        if (caller.Role == Caller.ProviderRole)
        {
            var licensees = await db.Licensees.AsNoTracking().Where(l => l.ProviderId == caller.ProviderId).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
            names = rows.ToDictionary(d => d.Id, d => d.LicenseeId is null ? "" : licensees.GetValueOrDefault(d.LicenseeId, ""));
        }
        return (rows.Select(DeviceView.From).ToList(), names);
    }

    private Task<Dictionary<string, string>> LicenseeNames(Caller caller, CancellationToken ct) =>
        db.Licensees.AsNoTracking().Where(l => l.ProviderId == caller.ProviderId && l.Sandbox == caller.IsSandbox).ToDictionaryAsync(l => l.Id, l => l.Name, ct);

    private static string Number(int vendor, int model, long serial) => new Domain.Devices.DeviceNumber((ushort)vendor, (ushort)model, (uint)serial).ToString();
}
