using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ibis.Data.Entities;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Xunit;

namespace Ibis.Server.Tests.Organisations;

/// <summary>
/// Issue 16 item 3: two-factor sign-in (TOTP, RFC 6238) for live Postal Service and provider users.
/// The server's clock is the test's, so every code is computed for a known instant.
/// </summary>
public abstract class TwoFactorSignInTests(Func<ClockedApp> fixture)
{
    private IbisApp App => fixture().App;
    private SettableClock Clock => fixture().Clock;
    private const string Password = "correct horse battery staple";

    private async Task<string> LiveUser(string role, bool sandbox = false)
    {
        var email = $"{Guid.NewGuid():N}@{role}.example";
        await App.WithDb(async db =>
        {
            var user = new UserRow { Id = Ibis.Domain.Ids.New("usr"), Email = email, Role = role, PasswordHash = "", Sandbox = sandbox, CreatedAt = Clock.GetUtcNow() };
            user.PasswordHash = Passwords.Hash(user, Password);
            db.Users.Add(user);
            return await db.SaveChangesAsync();
        });
        return email;
    }

    private string Code(string secret, TimeSpan offset = default) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp((Clock.GetUtcNow() + offset).UtcDateTime);

    private Task<HttpResponseMessage> SignIn(string email, string? code = null, string password = Password) =>
        App.CreateClient().PostAsJsonAsync("/v1/sessions", new { email, password, code });

    private static async Task<JsonNode> Body(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [SkippableFact]
    public async Task FirstSignIn_Enrols_WithAQrCode_ThenRequiresACode_AndRefusesAReplay()
    {
        var email = await LiveUser(Caller.ProviderRole);

        // First sign-in: no session, an enrolment instead — the secret, its otpauth URI and a QR code (PNG).
        var first = await SignIn(email);
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.False(first.Headers.Contains("Set-Cookie"));
        var enrolment = (await Body(first))["enrolment"]!;
        Assert.Equal("second_factor_enrolment_required", (string)(await Body(await SignIn(email)))["code"]!);
        var secret = (string)enrolment["secret"]!;
        Assert.Equal(secret, (string)(await Body(await SignIn(email)))["enrolment"]!["secret"]!); // the same pending secret until confirmed
        Assert.StartsWith("otpauth://totp/Ibis%3A", (string)enrolment["otpauth_uri"]!, StringComparison.Ordinal);
        var png = Convert.FromBase64String((string)enrolment["qr_code_png"]!);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);

        // The secret is stored sealed under the key-encryption key, never in clear.
        var stored = await App.WithDb(db => db.SecondFactors.AsNoTracking().SingleAsync(f => f.UserId == db.Users.Where(u => u.Email == email).Select(u => u.Id).First()));
        Assert.DoesNotContain(secret, System.Text.Encoding.ASCII.GetString(stored.SealedSecret), StringComparison.Ordinal);

        // A wrong first code confirms nothing; the right one signs in and shows ten recovery codes once.
        Assert.Equal("second_factor_invalid", (string)(await Body(await SignIn(email, "000000")))["code"]!);
        var confirmed = await SignIn(email, Code(secret));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var recovery = (await Body(confirmed))["recovery_codes"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(10, recovery.Distinct().Count());

        // Enrolled: the password alone is not enough; the code just used is a replay.
        Assert.Equal("second_factor_required", (string)(await Body(await SignIn(email)))["code"]!);
        Assert.Equal("second_factor_invalid", (string)(await Body(await SignIn(email, Code(secret))))["code"]!);

        // ±1 step: the next step's code is accepted now; a code two steps away is not.
        Assert.Equal(HttpStatusCode.OK, (await SignIn(email, Code(secret, TimeSpan.FromSeconds(30)))).StatusCode);
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(email, Code(secret, TimeSpan.FromSeconds(-70)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn(email, Code(secret, TimeSpan.FromSeconds(-30)))).StatusCode);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await SignIn(email, Code(secret))).StatusCode);

        // A recovery code works once.
        Assert.Equal(HttpStatusCode.OK, (await SignIn(email, recovery[0])).StatusCode);
        Assert.Equal("second_factor_invalid", (string)(await Body(await SignIn(email, recovery[0])))["code"]!);
        // A wrong password never reaches the second factor.
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("sign_in_failed", (string)(await Body(await SignIn(email, Code(secret), "wrong password entirely")))["code"]!);
    }

    [SkippableFact]
    public async Task PostalDuties_NeedIt_LicenseesAndSandboxUsersDoNot()
    {
        foreach (var role in new[] { Caller.PostalRole, Caller.LicensingOfficialRole, Caller.PrivacyOfficerRole, Caller.InspectorRole })
            Assert.Equal("second_factor_enrolment_required", (string)(await Body(await SignIn(await LiveUser(role))))["code"]!);
        Assert.Equal(HttpStatusCode.OK, (await SignIn(await LiveUser(Caller.LicenseeRole))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn(await LiveUser(Caller.ProviderRole, sandbox: true))).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class SqliteTwoFactorSignInTests(SqliteClockedApp f) : TwoFactorSignInTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresTwoFactorSignInTests(PostgresClockedApp f) : TwoFactorSignInTests(() => f), IClassFixture<PostgresClockedApp>;
