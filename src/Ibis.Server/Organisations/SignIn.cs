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
/// <summary>A sign-in's outcome: a caller, or the reason there is none yet (and, for enrolment, what the authenticator needs).</summary>
public sealed record SignInOutcome(Caller? Caller, string? Refusal = null, TwoFactorEnrolment? Enrolment = null, IReadOnlyList<string>? RecoveryCodes = null);

public sealed class SignIn(IbisDb db, TimeProvider clock, Customers.RecordCustomerLogon logons, TwoFactor twoFactor)
{
    /// <summary>One message for unknown user, wrong password and lockout, so e-mails cannot be probed.</summary>
    public const string Failure = "E-mail or password is wrong, or the account is locked for a while after too many attempts.";

    /// <summary>
    /// Checks e-mail and password from a client address. Lockout counts failures per user and address
    /// (Passwords.MaxFailedLogins): a stranger guessing from elsewhere locks only their own address out,
    /// never the mailer at theirs; the per-address rate limit (Hosting/AbusePrevention) bounds guessing
    /// across accounts. Unknown e-mails cost the same password hashing as known ones.
    /// </summary>
    public async Task<Caller?> Check(string email, string password, string address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var normalized = email.Trim().ToLowerInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null || user.RemovedAt is not null)
        {
            Passwords.VerifyNobody(password); // the same work as a real check, so timing tells nothing
            return null;
        }
        var failures = await db.SignInFailures.AsNoTracking().FirstOrDefaultAsync(f => f.UserId == user.Id && f.Address == address, ct);
        var locked = failures?.LockedUntil is { } until && until > now;
        var valid = Passwords.Verify(user, password); // also when locked: the answer takes as long either way
        if (locked) return null;
        if (!valid)
        {
            await CountFailure(user.Id, address, now, ct);
            return null;
        }
        if (failures is not null) await db.SignInFailures.Where(f => f.UserId == user.Id && f.Address == address).ExecuteDeleteAsync(ct);
        if (user.LicenseeId is not null) await logons.Handle(user.LicenseeId, user.Id, ct);
        // A sandbox user's session reaches sandbox records only; a live user's live records only.
        return new Caller(user.Id, user.Role, user.LicenseeId, user.ProviderId, TestMode: user.Sandbox)
        {
            IsAdministrator = user.IsAdministrator,
            SessionStamp = user.SessionStamp,
        };
    }

    /// <summary>
    /// Password, then the second factor for the roles <see cref="TwoFactor.AppliesTo"/> (issue 16 item 3):
    /// an enrolled user gives a current code or a recovery code; a user not yet enrolled is given an
    /// enrolment (no session) and signs in again with the password and the first code, which confirms
    /// it and answers the recovery codes once. A wrong code counts as a failed sign-in for lockout.
    /// </summary>
    public async Task<SignInOutcome> CheckWithSecondFactor(string email, string password, string? code, string address, CancellationToken ct)
    {
        var caller = await Check(email, password, address, ct);
        if (caller is null || !TwoFactor.AppliesTo(caller.Role, caller.IsSandbox)) return new SignInOutcome(caller);
        var userId = caller.UserOrKeyId;
        if (await twoFactor.IsEnrolled(userId, ct))
        {
            if (string.IsNullOrWhiteSpace(code)) return new SignInOutcome(null, SecondFactorRequired);
            if (await twoFactor.Verify(userId, code, ct)) return new SignInOutcome(caller);
            await CountFailure(userId, address, clock.GetUtcNow(), ct);
            return new SignInOutcome(null, SecondFactorInvalid);
        }
        if (!string.IsNullOrWhiteSpace(code))
        {
            if (await twoFactor.Confirm(userId, code.Trim(), ct) is { } recovery) return new SignInOutcome(caller, RecoveryCodes: recovery);
            await CountFailure(userId, address, clock.GetUtcNow(), ct);
            return new SignInOutcome(null, SecondFactorInvalid, await twoFactor.Begin(userId, email.Trim().ToLowerInvariant(), ct));
        }
        return new SignInOutcome(null, SecondFactorEnrolmentRequired, await twoFactor.Begin(userId, email.Trim().ToLowerInvariant(), ct));
    }

    public const string SecondFactorRequired = "second_factor_required";
    public const string SecondFactorInvalid = "second_factor_invalid";
    public const string SecondFactorEnrolmentRequired = "second_factor_enrolment_required";

    /// <summary>What each refusal tells the person signing in.</summary>
    public static string Explain(string refusal) => refusal switch
    {
        SecondFactorRequired => "Enter the 6-digit code from your authenticator app (or a recovery code).",
        SecondFactorInvalid => "That code is wrong, expired or already used; enter the current code from your authenticator app.",
        SecondFactorEnrolmentRequired => "Your role needs two-factor sign-in: add Ibis to your authenticator app with the QR code, then sign in with the first code it shows.",
        _ => Failure,
    };

    /// <summary>One more failure, counted in SQL (no lost update under concurrent guesses); the one that reaches the limit locks.</summary>
    private async Task CountFailure(string userId, string address, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"INSERT INTO sign_in_failures (\"UserId\", \"Address\", \"Failures\") VALUES ({userId}, {address}, 0) ON CONFLICT DO NOTHING", ct);
        await db.SignInFailures.Where(f => f.UserId == userId && f.Address == address)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Failures, f => f.Failures + 1), ct);
        var lockUntil = now + Passwords.LockoutDuration;
        await db.SignInFailures.Where(f => f.UserId == userId && f.Address == address && f.Failures >= Passwords.MaxFailedLogins)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Failures, 0).SetProperty(f => f.LockedUntil, lockUntil), ct);
    }

    /// <summary>The client's address (forwarded headers count only from configured proxies: Hosting/BrowserSecurity).</summary>
    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

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
