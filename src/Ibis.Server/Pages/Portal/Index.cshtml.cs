using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Pages.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal;

/// <summary>The portal's home: the caller's devices and, for a licensee, its Getting started checklist.</summary>
public sealed class IndexModel(TimeProvider clock, OnboardingReads reads) : PageModel
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
        (Devices, LicenseeNames) = await reads.HomeDevices(caller, ct);
    }
}
