using System.ComponentModel.DataAnnotations;
using Ibis.Data;
using Ibis.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages;

/// <summary>Portal sign-in: PBKDF2 password check, lockout after repeated failures.</summary>
public sealed class LoginModel(IbisDb db, TimeProvider clock) : PageModel
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
        var now = clock.GetUtcNow();
        var email = Email.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
        // One message for unknown user, wrong password and lockout, so e-mails cannot be probed.
        const string failure = "E-mail or password is wrong, or the account is locked for a while after too many attempts.";
        if (user is null || (user.LockedUntil is { } until && until > now))
        {
            ModelState.AddModelError("", failure);
            return Page();
        }
        if (!Passwords.Verify(user, Password))
        {
            user.FailedLogins++;
            if (user.FailedLogins >= Passwords.MaxFailedLogins)
            {
                user.LockedUntil = now + Passwords.LockoutDuration;
                user.FailedLogins = 0;
            }
            await db.SaveChangesAsync(ct);
            ModelState.AddModelError("", failure);
            return Page();
        }
        user.FailedLogins = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        // Notice 820.100 Retention 1: a customer's computer access is a logon record, kept 1 year.
        if (user.LicenseeId is not null)
            await HttpContext.RequestServices.GetRequiredService<Customers.CustomerRecords>().RecordLogon(user.LicenseeId, user.Id, ct);
        var caller = new Caller(user.Id, user.Role, user.LicenseeId, user.ProviderId, TestMode: true);
        var principal = caller.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/portal");
    }
}
