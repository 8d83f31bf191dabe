using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Pages.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages.Portal;

public sealed class IndexModel(IbisDb db, TimeProvider clock, OnboardingReads reads) : PageModel
{
    public Caller Who { get; private set; } = null!;

    /// <summary>For a licensee: the "Getting started" checklist (empty for other roles).</summary>
    public IReadOnlyList<ChecklistStep> Checklist { get; private set; } = [];

    public ChecklistStep? NextStep { get; private set; }

    public string Role { get; private set; } = "";

    public IReadOnlyList<DeviceView> Devices { get; private set; } = [];

    /// <summary>For the provider: the licensee of each device, by device id.</summary>
    public IReadOnlyDictionary<string, string> LicenseeNames { get; private set; } = new Dictionary<string, string>();

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        Who = caller;
        Role = caller.Role;
        if (await reads.ForLicensee(caller, ct) is { } progress)
        {
            Checklist = GettingStarted.Steps(progress);
            NextStep = GettingStarted.Next(Checklist);
        }
        Now = clock.GetUtcNow();
        var rows = await db.Devices.AsNoTracking()
            .Where(d => (caller.Role == Caller.LicenseeRole && d.LicenseeId == caller.LicenseeId)
                        || (caller.Role == Caller.ProviderRole && d.ProviderId == caller.ProviderId))
            .OrderBy(d => d.Id).ToListAsync(ct);
        Devices = rows.Select(DeviceView.From).ToList();
        if (caller.Role == Caller.ProviderRole)
        {
            var names = await db.Licensees.AsNoTracking().Where(l => l.ProviderId == caller.ProviderId).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
            LicenseeNames = rows.ToDictionary(d => d.Id, d => d.LicenseeId is null ? "" : names.GetValueOrDefault(d.LicenseeId, ""));
        }
    }
}
