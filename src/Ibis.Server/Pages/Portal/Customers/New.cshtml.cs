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
/// the input it names.
/// </summary>
public sealed class NewModel(OnboardLicensee onboard, OnboardingReads reads) : PageModel, IRefusalPage
{
    private static readonly Dictionary<string, string> Fields = new() { ["name"] = nameof(Name), ["administrator_email"] = nameof(AdministratorEmail) };

    public IReadOnlyList<CustomerSummary> Existing { get; private set; } = [];

    public OnboardedLicensee? Onboarded { get; private set; }

    public string? Link { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? AdministratorEmail { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        Onboarded = await onboard.Handle(Caller.From(User), new OnboardLicenseeCommand(Name, AdministratorEmail), ct);
        Link = OneTimeSecrets.AbsoluteLink(Request, Onboarded.AdministratorInvitation.AcceptUrl);
        OneTimeSecrets.ShownOnce(Response);
        return Page();
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
        Existing = await reads.Customers(caller, ct);
        return true;
    }
}
