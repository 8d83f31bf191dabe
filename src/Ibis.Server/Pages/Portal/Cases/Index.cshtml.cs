using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Psd;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages.Portal.Cases;

/// <summary>
/// The provider's open cases: devices Ibis locked itself after a failed audit or a register
/// integrity failure, waiting for the provider to investigate (the same list as GET /v1/cases).
/// </summary>
public sealed class IndexModel(IbisDb db) : PageModel
{
    private const int PageLength = 100;

    public sealed record OpenCase(CaseView Case, string DeviceNumber, string DeviceStatus, string LicenseeName);

    public IReadOnlyList<OpenCase> Cases { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        // Cases are the provider's; to anyone else the page does not exist.
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        var rows = await db.Cases.AsNoTracking().Where(c => c.ProviderId == caller.ProviderId && c.ResolvedAt == null)
            .OrderByDescending(c => c.CreatedAt).Take(PageLength).ToListAsync(ct);
        var deviceIds = rows.Select(c => c.DeviceId).Distinct().ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var licenseeIds = devices.Values.Select(d => d.LicenseeId).Distinct().ToList();
        var licensees = await db.Licensees.AsNoTracking().Where(l => licenseeIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        Cases = rows.Select(c =>
        {
            var device = devices.GetValueOrDefault(c.DeviceId);
            return new OpenCase(CaseView.From(c),
                device is null ? c.DeviceId : DeviceView.From(device).DeviceNumber,
                device?.Status ?? "",
                device?.LicenseeId is null ? "" : licensees.GetValueOrDefault(device.LicenseeId, ""));
        }).ToList();
        return Page();
    }
}
