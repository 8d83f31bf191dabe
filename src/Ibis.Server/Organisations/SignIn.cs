using Ibis.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

using Ibis.Server.Auth;

namespace Ibis.Server.Organisations;

/// <summary>
/// Portal sign-in shared by the login page and <c>POST /v1/sessions</c>: PBKDF2 password check,
/// lockout after repeated failures, removed users refused, a logon record for licensees (notice
/// 820.100 Retention 1).
/// </summary>
public sealed class SignIn(IbisDb db, TimeProvider clock, Customers.CustomerRecords records)
{
    /// <summary>One message for unknown user, wrong password and lockout, so e-mails cannot be probed.</summary>
    public const string Failure = "E-mail or password is wrong, or the account is locked for a while after too many attempts.";

    public async Task<Caller?> Check(string email, string password, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var normalized = email.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null || user.RemovedAt is not null || (user.LockedUntil is { } until && until > now)) return null;
        if (!Passwords.Verify(user, password))
        {
            user.FailedLogins++;
            if (user.FailedLogins >= Passwords.MaxFailedLogins)
            {
                user.LockedUntil = now + Passwords.LockoutDuration;
                user.FailedLogins = 0;
            }
            await db.SaveChangesAsync(ct);
            return null;
        }
        user.FailedLogins = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        if (user.LicenseeId is not null) await records.RecordLogon(user.LicenseeId, user.Id, ct);
        // A sandbox user's session reaches sandbox records only; a live user's live records only.
        return new Caller(user.Id, user.Role, user.LicenseeId, user.ProviderId, TestMode: user.Sandbox)
        {
            IsAdministrator = user.IsAdministrator,
            SessionStamp = user.SessionStamp,
        };
    }

    public static Task Start(HttpContext http, Caller caller) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, caller.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>
    /// Server-side session revocation: every portal request checks that the user still exists, is not
    /// removed and carries the same session stamp (changed by a role change or removal); otherwise the
    /// session ends at once.
    /// </summary>
    public static async Task Validate(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var stamp = context.Principal?.FindFirst("ibis:stamp")?.Value;
        var db = context.HttpContext.RequestServices.GetRequiredService<IbisDb>();
        var current = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id && u.RemovedAt == null)
            .Select(u => new { u.SessionStamp }).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || (current.SessionStamp.Length > 0 && current.SessionStamp != stamp))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
