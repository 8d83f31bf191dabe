using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Pages.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// The Postal Service's providers (39 CFR 502.1–502.5): authorize one in writing and invite its first
/// administrator; suspend, reinstate or revoke with a reason; record a change of ownership or control.
/// Each provider's history is shown. A refusal is shown by <see cref="RefusalFilter"/>: next to the
/// authorization's input it names, or in the panel of the provider whose form was refused. The
/// authorization is an idempotent form (<see cref="IdempotentFormFilter"/>, one key per form shown,
/// post/redirect/get; the administrator's link reaches the page after the redirect by
/// <c>OneTimeSecrets.Keep</c>): a double click, a reload or the back button lands on the first
/// post's provider and authorizes no second one.
/// </summary>
internal sealed class ProvidersModel(AuthorizeProvider authorize, ChangeProviderStatus changeStatus, RecordProviderOwnershipChange recordOwnershipChange, ListProviders providers) : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    private static readonly Dictionary<string, string> AuthorizeFields = new()
    {
        ["name"] = nameof(Name), ["authorized_on"] = nameof(AuthorizedOn), ["administrator_email"] = nameof(AdministratorEmail),
    };

    public IReadOnlyList<ProviderView> List { get; private set; } = [];

    public AuthorizedProvider? Authorized { get; private set; }

    public string? Link { get; private set; }

    public string? Notice { get; private set; }

    /// <summary>The provider whose form was refused, to show the refusal in its panel.</summary>
    public string? RefusedProviderId { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? AuthorizedOn { get; set; }
    [BindProperty] public string? AdministratorEmail { get; set; }

    /// <summary>One key per authorization form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? AuthorizeKey { get; set; }

    /// <summary>The page; after an authorization (<paramref name="authorized"/>) the administrator's link, if this is the first time it is shown.</summary>
    public async Task<IActionResult> OnGetAsync(string? authorized, string? done, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        Notice = done;
        if (authorized is null) return Page();
        OneTimeSecrets.ShownOnce(Response);
        if (OneTimeSecrets.Take<AuthorizedProvider>(TempData) is { } made && made.Provider.Id == authorized)
        {
            Authorized = made;
            Link = OneTimeSecrets.AbsoluteLink(Request, made.AdministratorInvitation.AcceptUrl);
        }
        else Notice = OneTimeSecrets.AlreadyShown(done, $"Provider {authorized}");
        return Page();
    }

    [IdempotentForm(nameof(AuthorizeKey), Replayed = "This authorization was already sent; no second provider was authorized.")]
    public async Task<IActionResult> OnPostAuthorizeAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        var made = await authorize.Handle(Caller.From(User), new AuthorizeProviderCommand(Name?.Trim(), AuthorizedOn, AdministratorEmail), ct);
        OneTimeSecrets.Keep(TempData, made);
        return RedirectToPage(new { authorized = made.Provider.Id });
    }

    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostStatusAsync(string providerId, string? status, string? reason, CancellationToken ct) => Act(providerId, async c =>
    {
        var view = await changeStatus.Handle(c, providerId, new ChangeProviderStatusCommand(status, reason, null), ct);
        return $"{view.Name} is now {view.Status}.";
    }, ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostOwnershipAsync(string providerId, string? acquirer, string? evidence, string? effectiveOn, CancellationToken ct) => Act(providerId, async c =>
    {
        var view = await recordOwnershipChange.Handle(c, providerId, new RecordOwnershipChangeCommand(acquirer, evidence, string.IsNullOrEmpty(effectiveOn) ? null : effectiveOn), ct);
        return $"Change of ownership or control of {view.Name} recorded.";
    }, ct);

    private async Task<IActionResult> Act(string providerId, Func<Caller, Task<string>> action, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        RefusedProviderId = providerId; // read only when the form is shown again, refused
        return RedirectToPage(new { done = await action(Caller.From(User)) });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Authorized = null;
        Link = null;
        await Load(ct);
        return Page();
    }

    /// <summary>The authorization's refusals go next to its inputs; a provider panel's refusal, in that panel.</summary>
    string? IRefusalPage.InputFor(string field) => RefusedProviderId is null ? AuthorizeFields.GetValueOrDefault(field) : null;

    private async Task<bool> Load(CancellationToken ct)
    {
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(AuthorizeKey)) AuthorizeKey = Ibis.Domain.Ids.New("form");
        var caller = Caller.From(User);
        if (caller.Role != Caller.PostalRole) return false;
        List = await providers.Handle(caller, ct);
        return true;
    }
}
