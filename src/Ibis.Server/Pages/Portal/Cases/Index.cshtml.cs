using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Psd;
using Ibis.Server.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages.Portal.Cases;

/// <summary>
/// The provider's cases: devices Ibis locked itself after a failed audit or a register integrity failure,
/// and weaknesses the provider opened (the same list as GET /v1/cases), each taken up and resolved here
/// with a finding and note (POST /v1/cases/{id}/investigation, …/resolution); recently resolved ones below.
/// </summary>
public sealed class IndexModel(IbisDb db, CaseWork work) : PageModel
{
    private const int PageLength = 100;

    public sealed record OpenCase(CaseView Case, string DeviceNumber, string DeviceStatus, string LicenseeName);

    public IReadOnlyList<OpenCase> Cases { get; private set; } = [];

    /// <summary>Cases resolved in the last 90 days, with their findings.</summary>
    public IReadOnlyList<OpenCase> Resolved { get; private set; } = [];

    [BindProperty]
    public string? CaseId { get; set; }

    [BindProperty]
    public string? Finding { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        // Cases are the provider's; to anyone else the page does not exist.
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        await Load(caller, ct);
        return Page();
    }

    /// <summary>§502.14(c): the provider takes the case up.</summary>
    public Task<IActionResult> OnPostInvestigateAsync(CancellationToken ct) => Attempt(caller => work.Investigate(caller, CaseId ?? "", ct), ct);

    /// <summary>The provider resolves the case with its finding and note; the device's lock is a separate matter.</summary>
    public Task<IActionResult> OnPostResolveAsync(CancellationToken ct) => Attempt(caller => work.Resolve(caller, CaseId ?? "", new ResolveCaseCommand(Finding, Note), ct), ct);

    private async Task<IActionResult> Attempt(Func<Caller, Task<CaseView>> action, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        try
        {
            await action(caller);
            return RedirectToPage();
        }
        catch (Domain.BusinessRuleViolationException e)
        {
            ModelState.AddModelError("", $"{e.Message} ({e.Code})");
        }
        await Load(caller, ct);
        return Page();
    }

    private async Task Load(Caller caller, CancellationToken ct)
    {
        var rows = await db.Cases.AsNoTracking().Where(c => c.ProviderId == caller.ProviderId && c.ResolvedAt == null)
            .OrderByDescending(c => c.CreatedAt).Take(PageLength).ToListAsync(ct);
        var since = DateTimeOffset.UtcNow.AddDays(-90);
        var resolved = (await db.Cases.AsNoTracking().Where(c => c.ProviderId == caller.ProviderId && c.ResolvedAt != null).ToListAsync(ct))
            .Where(c => c.ResolvedAt >= since).OrderByDescending(c => c.ResolvedAt).Take(PageLength).ToList();
        rows = [.. rows, .. resolved];
        var deviceIds = rows.Select(c => c.DeviceId).Distinct().ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var licenseeIds = devices.Values.Select(d => d.LicenseeId).Distinct().ToList();
        var licensees = await db.Licensees.AsNoTracking().Where(l => licenseeIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var all = rows.Select(c =>
        {
            var device = devices.GetValueOrDefault(c.DeviceId);
            return new OpenCase(CaseView.From(c),
                device is null ? c.DeviceId : DeviceView.From(device).DeviceNumber,
                device?.Status ?? "",
                device?.LicenseeId is null ? "" : licensees.GetValueOrDefault(device.LicenseeId, ""));
        }).ToList();
        Cases = all.Where(c => c.Case.ResolvedAt is null).ToList();
        Resolved = all.Where(c => c.Case.ResolvedAt is not null).ToList();
    }
}
