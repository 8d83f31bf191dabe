using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Pages.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Customers;

/// <summary>
/// The provider's "New customer" wizard, step 1: the customer's name and its administrator's e-mail
/// (OnboardLicensee). The answer shows the invitation link once and the next steps, each on
/// <c>/portal/customers/{id}/next-steps</c>. A refusal is shown by <see cref="RefusalFilter"/> next to
/// the input it names. The form is idempotent (<see cref="IdempotentFormFilter"/>, one key per form shown,
/// post/redirect/get; the invitation link reaches the page after the redirect by
/// <c>OneTimeSecrets.Keep</c>): a double click, a reload or the back button lands on the first
/// post's customer and makes no second one.
/// </summary>
internal sealed class NewModel(OnboardLicensee onboard, OnboardingReads reads) : PageModel, IRefusalPage
{
    private static readonly Dictionary<string, string> Fields = new() { ["name"] = nameof(Name), ["administrator_email"] = nameof(AdministratorEmail) };

    public IReadOnlyList<CustomerSummary> Existing { get; private set; } = [];

    public OnboardedLicensee? Onboarded { get; private set; }

    public string? Link { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? AdministratorEmail { get; set; }

    /// <summary>One key per form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? CustomerKey { get; set; }

    /// <summary>A form answered from its first post, without the link: what it says, and the customer it made.</summary>
    public string? Notice { get; private set; }

    public string? MadeLicenseeId { get; private set; }

    /// <summary>The form; after it was sent (<paramref name="licensee"/>) the customer made and its invitation link, if this is the first time it is shown.</summary>
    public async Task<IActionResult> OnGetAsync(string? licensee, string? done, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        if (licensee is null) return Page();
        OneTimeSecrets.ShownOnce(Response);
        if (OneTimeSecrets.Take<OnboardedLicensee>(TempData) is { } made && made.Licensee.Id == licensee)
        {
            Onboarded = made;
            Link = OneTimeSecrets.AbsoluteLink(Request, made.AdministratorInvitation.AcceptUrl);
        }
        else if (Existing.Any(c => c.Id == licensee))
        {
            MadeLicenseeId = licensee;
            Notice = OneTimeSecrets.AlreadyShown(done, $"Customer {licensee}");
        }
        return Page();
    }

    [IdempotentForm(nameof(CustomerKey), Replayed = "This form was already sent; no second customer was made.")]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        var made = await onboard.Handle(Caller.From(User), new OnboardLicenseeCommand(Name, AdministratorEmail), ct);
        OneTimeSecrets.Keep(TempData, made);
        return RedirectToPage(new { licensee = made.Licensee.Id });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Onboarded = null;
        Link = null;
        await Load(ct);
        return Page();
    }

    string? IRefusalPage.InputFor(string field) => Fields.GetValueOrDefault(field);

    private async Task<bool> Load(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return false;
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(CustomerKey)) CustomerKey = Ibis.Domain.Ids.New("form");
        Existing = await reads.Customers(caller, ct);
        return true;
    }
}
