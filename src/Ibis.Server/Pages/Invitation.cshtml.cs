using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages;

/// <summary>
/// The invited person sets a password with the one-time code of its invitation (72 hours, once) and
/// is signed in. Anonymous: the person has no account until this succeeds. A refused code or password is shown by
/// <see cref="RefusalFilter"/> next to its input.
/// </summary>
internal sealed class InvitationModel(AcceptInvitation accept, Organisations.SignIn signIn) : PageModel, IRefusalPage
{
    private static readonly Dictionary<string, string> Fields = new() { ["code"] = nameof(Code), ["password"] = nameof(Password) };

    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public void OnGet() => Portal.Onboarding.OneTimeSecrets.ShownOnce(Response);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Portal.Onboarding.OneTimeSecrets.ShownOnce(Response);
        if ((Password ?? "") != (ConfirmPassword ?? ""))
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The two passwords differ; type the same password twice (password_mismatch)");
            return Page();
        }
        var user = await accept.Handle(new AcceptInvitationCommand(Code?.Trim(), Password), ct);
        var caller = await signIn.Check(user.Email, Password!, Organisations.SignIn.AddressOf(HttpContext), ct);
        if (caller is null) return Redirect("/login");
        // Roles with a second factor enrol at their first sign-in, on the sign-in page.
        if (Organisations.TwoFactor.AppliesTo(caller.Role, caller.IsSandbox)) return Redirect("/login");
        await Organisations.SignIn.Start(HttpContext, caller);
        return Redirect("/portal");
    }

    public Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Portal.Onboarding.OneTimeSecrets.ShownOnce(Response);
        return Task.FromResult<IActionResult>(Page());
    }

    string? IRefusalPage.InputFor(string field) => Fields.GetValueOrDefault(field);
}
