using System.ComponentModel.DataAnnotations;
using Ibis.Server.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages;

/// <summary>Portal sign-in: PBKDF2 password check, lockout after repeated failures.</summary>
public sealed class LoginModel(Organisations.SignIn signIn) : PageModel
{
    [BindProperty, Required, EmailAddress]
    public string Email { get; set; } = "";

    [BindProperty, Required]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var caller = await signIn.Check(Email, Password, Organisations.SignIn.AddressOf(HttpContext), ct);
        if (caller is null)
        {
            ModelState.AddModelError("", Organisations.SignIn.Failure);
            return Page();
        }
        await Organisations.SignIn.Start(HttpContext, caller);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/portal");
    }
}
