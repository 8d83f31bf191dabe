using System.Globalization;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Onboarding;
using Ibis.Server.Psd;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Devices;

/// <summary>
/// The provider's device inventory: add a new PSD, record its inspection before distribution
/// (39 CFR 502.18), and commission it for a customer under one of the provider's active leases (P050 3.1).
/// A refusal is shown by <see cref="RefusalFilter"/>: next to the model or serial typed, or in the row of
/// the device whose inspection or commissioning was refused. Adding a device is an idempotent form
/// (<see cref="IdempotentFormFilter"/>, one key per form shown, post/redirect/get): a double click, a reload
/// or the back button lands on the device the first post added and adds no second one.
/// </summary>
internal sealed class InventoryModel(OnboardingReads reads, AddDeviceToInventory add, InspectDevice inspect, CommissionDevice commission, ListDevicesDueForReplacement dueList)
    : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    /// <summary>Devices whose certificate or clock/timer life ends within 90 days (§502.22(a)), soonest first.</summary>
    public IReadOnlyList<ReplacementDueView> DueForReplacement { get; private set; } = [];

    private static readonly Dictionary<string, string> Fields = new() { ["model"] = nameof(ModelNumber), ["serial"] = nameof(SerialNumber) };

    public IReadOnlyList<InventoryDevice> Devices { get; private set; } = [];

    public IReadOnlyList<LeaseChoice> Leases { get; private set; } = [];

    public IReadOnlyList<CommissionedDevice> Commissioned { get; private set; } = [];

    public string? Notice { get; private set; }

    /// <summary>The device whose inspection or commissioning was refused, to show the refusal in its row.</summary>
    public string? RefusedDeviceId { get; private set; }

    [BindProperty] public string? ModelNumber { get; set; }
    [BindProperty] public string? SerialNumber { get; set; }

    /// <summary>One key per add form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? AddKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        Notice = done;
        return Page();
    }

    [IdempotentForm(nameof(AddKey), Replayed = "This form was already sent; no second device was added.")]
    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        int? model = null;
        long? serial = null;
        if (!string.IsNullOrWhiteSpace(ModelNumber))
        {
            if (int.TryParse(ModelNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var m)) model = m;
            else ModelState.AddModelError(nameof(ModelNumber), "The model is a number from 1 to 9999 (model_invalid)");
        }
        if (!string.IsNullOrWhiteSpace(SerialNumber))
        {
            if (long.TryParse(SerialNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) serial = s;
            else ModelState.AddModelError(nameof(SerialNumber), "The serial is a number from 1 to 99999999 (serial_invalid)");
        }
        if (!ModelState.IsValid) return Page();
        var device = await add.Handle(Caller.From(User), new AddDeviceCommand(model, serial), ct);
        return RedirectToPage(new { added = device.Id, done = $"Device {DeviceView.From(device).DeviceNumber} ({device.Id}) added to inventory. Inspect it before it is distributed (39 CFR 502.18)." });
    }

    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostInspectAsync(string deviceId, string? result, string? notes, CancellationToken ct) => Act(deviceId, async c =>
    {
        bool? passed = result switch { "passed" => true, "failed" => false, _ => null };
        var device = await inspect.Handle(c, deviceId, new InspectDeviceCommand(passed, string.IsNullOrWhiteSpace(notes) ? null : notes.Trim()), ct);
        return passed == true ? $"Device {device.Id} passed its inspection; it may be commissioned." : $"Device {device.Id} failed its inspection; it stays in inventory.";
    }, ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostCommissionAsync(string deviceId, string? leaseId, CancellationToken ct) => Act(deviceId, async c =>
    {
        var device = await commission.Handle(c, deviceId, new CommissionDeviceCommand(string.IsNullOrEmpty(leaseId) ? null : leaseId), ct);
        return $"Device {device.Id} commissioned under lease {device.LeaseId}: its key was generated in the key store, its certificate issued, its registers sealed at zero; it is in service.";
    }, ct);

    private async Task<IActionResult> Act(string deviceId, Func<Caller, Task<string>> action, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        RefusedDeviceId = deviceId; // read only when the form is shown again, refused
        return RedirectToPage(new { done = await action(Caller.From(User)) });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(ct);
        return Page();
    }

    /// <summary>The add form's refusals go next to its inputs; a device row's refusal, in that row.</summary>
    string? IRefusalPage.InputFor(string field) => RefusedDeviceId is null ? Fields.GetValueOrDefault(field) : null;

    private async Task<bool> Load(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return false;
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(AddKey)) AddKey = Ibis.Domain.Ids.New("form");
        Devices = await reads.Inventory(caller, ct);
        Leases = await reads.ActiveLeases(caller, ct);
        Commissioned = await reads.Commissioned(caller, ct);
        DueForReplacement = (await dueList.Handle(caller, null, ct)).Data;
        return true;
    }
}
