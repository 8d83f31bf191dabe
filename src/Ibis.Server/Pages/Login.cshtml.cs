using System.ComponentModel.DataAnnotations;
using Ibis.Server.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages;

/// <summary>
/// Portal sign-in: PBKDF2 password check, lockout after repeated failures, and for the Postal
/// Service's duties and providers the second factor (issue 16 item 3): the authenticator's code, or
/// on the first sign-in the enrolment (QR code), confirmed by the first code, then the recovery codes shown once.
/// </summary>
internal sealed class LoginModel(Organisations.SignIn signIn) : PageModel
{
    [BindProperty, Required, EmailAddress]
    public string Email { get; set; } = "";

    [BindProperty, Required]
    public string Password { get; set; } = "";

    /// <summary>The authenticator's current code or a recovery code; asked for once the password is right.</summary>
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>True once the password was right and a code is needed.</summary>
    public bool AskCode { get; private set; }

    public Organisations.TwoFactorEnrolment? Enrolment { get; private set; }

    /// <summary>Shown once, right after enrolment; the session has started.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string Next => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/portal";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var outcome = await signIn.CheckWithSecondFactor(Email, Password, Code, Organisations.SignIn.AddressOf(HttpContext), ct);
        if (outcome.Refusal is { } refusal)
        {
            AskCode = true;
            Enrolment = outcome.Enrolment;
            ModelState.AddModelError(nameof(Code), $"{Organisations.SignIn.Explain(refusal)} ({refusal})");
            Password = "";
            return Page();
        }
        if (outcome.Caller is not { } caller)
        {
            ModelState.AddModelError("", Organisations.SignIn.Failure);
            return Page();
        }
        await Organisations.SignIn.Start(HttpContext, caller);
        if (outcome.RecoveryCodes is { } codes)
        {
            Portal.Onboarding.OneTimeSecrets.ShownOnce(Response);
            RecoveryCodes = codes;
            return Page();
        }
        return LocalRedirect(Next);
    }
}
