using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Licensing;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Licensing;

/// <summary>
/// The licensing workflow in the portal (P050 2.1–2.5): the licensee fills in Form 3601-A and appeals;
/// the provider transmits and completes its tasks; the licensing official approves, refuses and revokes;
/// the appeals manager decides appeals. Each action calls the same service as the API, so the rules and
/// their error codes are the same; a refusal is shown by <see cref="RefusalFilter"/>, next to the field
/// the rule names. Filing a Form 3601-A, transmitting it and filing an appeal are idempotent forms
/// (<see cref="IdempotentFormFilter"/>, one key per form shown, post/redirect/get): a double click, a reload
/// or the back button lands on what the first post did, and files or transmits nothing twice (a second
/// transmission would be a new version).
/// </summary>
internal sealed class IndexModel(ShowLicensingWork show, ApplyForLicense apply, UpdateLicenseInformation update, TransmitApplication transmit,
    DecideApplication decide, RevokeLicense revoke, FileAppeal fileAppeal, DecideAppeal decideAppeal, CompleteProviderTask completeTask) : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    public Caller Who { get; private set; } = null!;

    public IReadOnlyList<ApplicationView> Applications { get; private set; } = [];

    public IReadOnlyList<LicenseView> Licenses { get; private set; } = [];

    public IReadOnlyList<AppealView> AppealList { get; private set; } = [];

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    public IReadOnlyList<ProviderTaskView> Tasks { get; private set; } = [];

    public string? Notice { get; private set; }

    public static IReadOnlyDictionary<string, string> RefusalReasonChoices => RefusalReasons.All;

    public static IReadOnlyDictionary<string, string> RevocationReasonChoices => RevocationReasons.All;

    /// <summary>One key per Form 3601-A shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? ApplyKey { get; set; }

    /// <summary>One key per page shown for its Transmit buttons; the application is part of what is posted.</summary>
    [BindProperty] public string? TransmitKey { get; set; }

    /// <summary>One key per page shown for its appeal forms; the decision appealed is part of what is posted.</summary>
    [BindProperty] public string? AppealKey { get; set; }

    [BindProperty] public string? ApplicantName { get; set; }
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? Street { get; set; }
    [BindProperty] public string? City { get; set; }
    [BindProperty] public string? State { get; set; }
    [BindProperty] public string? Zip { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? PostOfficeCity { get; set; }
    [BindProperty] public string? PostOfficeState { get; set; }
    [BindProperty] public string? PostOfficeZip { get; set; }
    [BindProperty] public string? SignatureName { get; set; }
    /// <summary>Empty: a new application. A license id: updated information for it (P050 2.5d–e).</summary>
    [BindProperty] public string? UpdateLicenseId { get; set; }

    public bool MayView(Caller c) => c.Role is Caller.LicenseeRole or Caller.ProviderRole or Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        Notice = done;
        return Page();
    }

    [IdempotentForm(nameof(ApplyKey), Replayed = "This form was already sent; nothing was filed twice.")]
    public Task<IActionResult> OnPostApplyAsync(CancellationToken ct) => Act(async c =>
    {
        var address = new AddressInput(Street, City, State, Zip);
        var form = new ApplicationRequest(null, ApplicantName, ContactName, null, address, Phone, Email, null, null,
            new PostOfficeInput(PostOfficeCity, PostOfficeState, PostOfficeZip), address, SignatureName);
        var view = string.IsNullOrEmpty(UpdateLicenseId) ? await apply.Handle(c, form, ct) : await update.Handle(c, UpdateLicenseId, form, ct);
        return $"Application {view.Id} ({view.Kind}) submitted to your provider.";
    }, ct);

    [IdempotentForm(nameof(TransmitKey), Replayed = "This transmission was already sent; nothing was transmitted twice.")]
    public Task<IActionResult> OnPostTransmitAsync(string id, CancellationToken ct) => Act(async c =>
    {
        var view = await transmit.Handle(c, id, ct);
        return $"Application {view.Id} transmitted to the Postal Service (version {view.Transmission?.Version}).";
    }, ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostDecideAsync(string id, string? decision, string? reason, CancellationToken ct) => Act(async c =>
    {
        var view = await decide.Handle(c, id, new DecisionRequest(decision, string.IsNullOrEmpty(reason) ? null : reason, null), ct);
        return view.Status == "approved" ? $"Application {view.Id} approved: license {view.LicenseId}." : $"Application {view.Id} refused.";
    }, ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostRevokeAsync(string id, string? reason, CancellationToken ct) => Act(async c =>
    {
        var view = await revoke.Handle(c, id, new RevocationRequest(reason, null), ct);
        return $"License {view.Id} revoked; the licensee and its provider were notified.";
    }, ct);

    [IdempotentForm(nameof(AppealKey), Replayed = "This appeal was already sent; nothing was filed twice.")]
    public Task<IActionResult> OnPostAppealAsync(string decisionId, string? statement, CancellationToken ct) => Act(async c =>
    {
        var view = await fileAppeal.Handle(c, new AppealRequest(decisionId, statement), ct);
        return $"Appeal {view.Id} filed with the Manager, Metering Technology Management.";
    }, ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostDecideAppealAsync(string id, string? outcome, string? reason, CancellationToken ct) => Act(async c =>
    {
        var view = await decideAppeal.Handle(c, id, new AppealDecisionRequest(outcome, reason), ct);
        return $"Appeal {view.Id} {view.Status}.";
    }, ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostCompleteTaskAsync(string id, CancellationToken ct) => Act(async c =>
    {
        var view = await completeTask.Handle(c, id, ct);
        return $"Task {view.Id} done.";
    }, ct);

    private async Task<IActionResult> Act(Func<Caller, Task<string>> action, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!MayView(caller)) return this.NotFoundPage("page");
        var done = await action(caller);
        return RedirectToPage(new { done });
    }

    /// <summary>After a refusal: the lists as they now stand, the refusal next to the field it names (its API name).</summary>
    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(ct);
        return Page();
    }

    string? IRefusalPage.InputFor(string field) => field;

    private async Task<bool> Load(CancellationToken ct)
    {
        Who = Caller.From(User);
        if (!MayView(Who)) return false;
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(ApplyKey)) ApplyKey = Ibis.Domain.Ids.New("form");
        if (string.IsNullOrEmpty(TransmitKey)) TransmitKey = Ibis.Domain.Ids.New("form");
        if (string.IsNullOrEmpty(AppealKey)) AppealKey = Ibis.Domain.Ids.New("form");
        var work = await show.Run(Who, ct);
        (Applications, Licenses, AppealList, Notices, Tasks) = (work.Applications, work.Licenses, work.Appeals, work.Notices, work.Tasks);
        return true;
    }
}
