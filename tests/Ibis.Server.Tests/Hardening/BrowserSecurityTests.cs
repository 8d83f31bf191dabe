using System.Net;
using System.Net.Http.Json;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 item 3: sessions and browsers on an installation running as in production — the
/// session cookie is <c>__Host-</c>, Secure, HttpOnly, SameSite=Strict; every answer carries the
/// security headers; signed-in answers are not cached; a session ends 12 hours after sign-in however
/// active; a cross-site state-changing /v1 call with the session is refused; the device never signs
/// on a GET.
/// </summary>
public abstract class BrowserSecurityTests(Func<HardenedApp> fixture)
{
    private HardenedApp F => fixture();

    private Ibis.Server.Sandbox.SandboxLogin Login(string role) => F.App.Sandbox.Logins.First(l => l.Role == role);

    private async Task<(HttpClient Client, HttpResponseMessage Answer)> SignIn(string role = "licensee", string address = "198.51.100.7")
    {
        var login = Login(role);
        var client = F.Client(address);
        var answer = await client.PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (client, answer);
    }

    [SkippableFact]
    public async Task SessionCookie_IsHostPrefixed_Secure_HttpOnly_Strict()
    {
        var (_, answer) = await SignIn();
        var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-ibis_session=", StringComparison.Ordinal));
        var attributes = cookie.ToLowerInvariant();
        Assert.Contains("; secure", attributes, StringComparison.Ordinal);
        Assert.Contains("; httponly", attributes, StringComparison.Ordinal);
        Assert.Contains("; samesite=strict", attributes, StringComparison.Ordinal);
        Assert.Contains("; path=/", attributes, StringComparison.Ordinal);
        Assert.DoesNotContain("domain=", attributes, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_AndHstsOverHttps()
    {
        foreach (var path in new[] { "/login", "/v1/accounts", "/health", "/nowhere" })
        {
            var answer = await F.Client().GetAsync(path);
            var csp = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", Assert.Single(answer.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", Assert.Single(answer.Headers.GetValues("Referrer-Policy")));
            Assert.Contains("max-age=", Assert.Single(answer.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task SignedInAnswers_AreNotStored()
    {
        var (client, _) = await SignIn();
        foreach (var path in new[] { "/portal", "/v1/accounts" })
        {
            var answer = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True(answer.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {answer.Headers.CacheControl}");
        }
        var key = await F.App.As("auditor");
        key.DefaultRequestHeaders.Add(HardenedApp.AddressHeader, "198.51.100.8");
        Assert.True((await key.GetAsync("/v1/accounts")).Headers.CacheControl?.NoStore == true);
    }

    [SkippableFact]
    public async Task Session_EndsTwelveHoursAfterSignIn_HoweverActive()
    {
        var (client, _) = await SignIn(address: "198.51.100.9");
        for (var hour = 0; hour < 12; hour += 3)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/accounts")).StatusCode); // active: the sliding lifetime renews
            F.Clock.Advance(TimeSpan.FromHours(3));
        }
        F.Clock.Advance(TimeSpan.FromMinutes(1));
        try
        {
            await client.GetAsync("/v1/accounts").Problem(401, "session_ended");
        }
        finally
        {
            F.Clock.Advance(TimeSpan.FromMinutes(-1) - TimeSpan.FromHours(12)); // other tests of the class keep their time
        }
    }

    [SkippableFact]
    public async Task CrossSiteWrite_WithTheSessionCookie_IsRefused_SameSiteIsNot()
    {
        var (client, _) = await SignIn("postal", "198.51.100.10");
        foreach (var (header, value) in new[] { ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-site"), ("Origin", "https://attacker.example") })
        {
            var forged = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys") { Content = JsonContent.Create(new { name = "forged" }) };
            forged.Headers.Add(header, value);
            await client.SendAsync(forged).Problem(403, "cross_site_request");
        }
        var own = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys") { Content = JsonContent.Create(new { name = "mine" }) };
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        own.Headers.Add("Origin", "https://ibis.example");
        var answer = await client.SendAsync(own);
        Assert.DoesNotContain("cross_site_request", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}");
    }

    [SkippableFact]
    public async Task AuditMessage_IsSignedOnPost_NeverOnGet()
    {
        var who = await F.App.NewLicensee("Audit Verb Co");
        var provider = F.KeyClient(F.App.Sandbox.ProviderApiKey!);
        var nonce = (string)(await provider.PostAsync($"/v1/devices/{who.DeviceId}/audit-challenges", null).Ok(HttpStatusCode.Created))["nonce"]!;
        await provider.GetAsync($"/v1/devices/{who.DeviceId}/audit-message?nonce={nonce}").Problem(405, "method_not_allowed");
        var message = await provider.PostAsync($"/v1/devices/{who.DeviceId}/audit-message?nonce={nonce}", null).Ok();
        Assert.False(string.IsNullOrEmpty((string?)message["signature"]));
    }
}

[Collection("sqlite")]
public sealed class SqliteBrowserSecurityTests(SqliteHardenedApp f) : BrowserSecurityTests(() => f), IClassFixture<SqliteHardenedApp>;

[Collection("postgres")]
public sealed class PostgresBrowserSecurityTests(PostgresHardenedApp f) : BrowserSecurityTests(() => f), IClassFixture<PostgresHardenedApp>;
