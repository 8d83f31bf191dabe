using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Onboarding;
using Ibis.Server.Queues;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal;

/// <summary>The portal's home: the caller's work queue (every role has one), its devices and, for a licensee, its Getting started checklist.</summary>
internal sealed class IndexModel(TimeProvider clock, OnboardingReads reads) : PageModel
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

    /// <summary>The role's work queue: what waits for the caller, with counts and links (Ibis.Server/Queues).</summary>
    public IReadOnlyList<QueueItem> Queue { get; private set; } = [];

    /// <summary>How the role's duties read in a sentence, above its queue.</summary>
    public string RoleName => Role switch
    {
        Caller.LicenseeRole => "Licensee",
        Caller.ProviderRole => "Provider",
        Caller.PostalRole => "Postal Service",
        Caller.LicensingOfficialRole => "Licensing official",
        Caller.AppealsManagerRole => "Appeals manager",
        Caller.PrivacyOfficerRole => "Privacy officer",
        Caller.InspectorRole => "Postal inspector",
        Caller.AuditorRole => "Auditor",
        Caller.RefundCoordinatorRole => "Refund coordinator",
        _ => Role,
    };

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
        Queue = await WorkQueues.For(caller, HttpContext.RequestServices, Now, ct);
    }
}
