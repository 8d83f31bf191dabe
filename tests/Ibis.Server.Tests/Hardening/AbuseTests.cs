using System.Net;
using System.Net.Http.Json;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 item 4: rate limits with RateLimit headers and 429; sign-in failures lock out one
/// address, never the mailer at its own; concurrent failures are all counted; bodies over an
/// operation's limit are refused before they are read.
/// </summary>
public abstract class AbuseTests(Func<HardenedApp> fixture)
{
    private HardenedApp F => fixture();

    private Ibis.Server.Sandbox.SandboxLogin Mailer => F.App.Sandbox.Logins.First(l => l.Role == "licensee");

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/v1/sessions", new { email, password });

    [SkippableFact]
    public async Task SignIn_IsRateLimitedPerAddress_With429AndRateLimitHeaders()
    {
        var client = F.Client("203.0.113.20");
        // Each failed sign-in takes one permit. The bucket refills on the limiter's own timer, which may tick
        // once during the run (a slow machine): then the count starts again from the top, once.
        var (failed, refills, expected) = (0, 0, HardenedApp.SignInPerMinute - 1);
        while (failed < 3 * HardenedApp.SignInPerMinute)
        {
            var answer = await SignIn(client, $"nobody{failed}@example.com", "wrong password");
            if (answer.StatusCode == HttpStatusCode.TooManyRequests) break;
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal($"\"sign-in\";q={HardenedApp.SignInPerMinute};w=60", Assert.Single(answer.Headers.GetValues("RateLimit-Policy")));
            var left = Assert.Single(answer.Headers.GetValues("RateLimit"));
            if (left != $"\"sign-in\";r={expected};t=60" && left == $"\"sign-in\";r={HardenedApp.SignInPerMinute - 1};t=60" && refills++ == 0)
                expected = HardenedApp.SignInPerMinute - 1;
            Assert.Equal($"\"sign-in\";r={expected};t=60", left);
            expected--;
            failed++;
        }
        Assert.True(failed >= HardenedApp.SignInPerMinute, $"limited after {failed} failed sign-ins, before the {HardenedApp.SignInPerMinute} a minute allows");
        Assert.True(failed < 3 * HardenedApp.SignInPerMinute, "never limited");
        var limited = await SignIn(client, Mailer.Email, Mailer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.StartsWith("\"sign-in\";r=0;t=", Assert.Single(limited.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        await Task.FromResult(limited).Problem(429, "rate_limited");

        // Another address is not affected.
        Assert.Equal(HttpStatusCode.OK, (await SignIn(F.Client("203.0.113.21"), Mailer.Email, Mailer.Password)).StatusCode);
    }

    [SkippableFact]
    public async Task PublicVerification_IsRateLimitedPerAddress()
    {
        var client = F.Client("203.0.113.30");
        for (var i = 0; i < HardenedApp.PublicPerMinute; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/v1/verifications", new { barcode_data = "AAAA" })).StatusCode);
        await client.PostAsJsonAsync("/v1/verifications", new { barcode_data = "AAAA" }).Problem(429, "rate_limited");
    }

    [SkippableFact]
    public async Task StrangersGuessing_LockOutTheirAddress_NotTheMailer()
    {
        var stranger = F.Client("203.0.113.40");
        for (var i = 0; i < Ibis.Server.Auth.Passwords.MaxFailedLogins; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(stranger, Mailer.Email, "guess " + i)).StatusCode);
        // The stranger's address is locked even with the right password…
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(F.Client("203.0.113.40"), Mailer.Email, Mailer.Password)).StatusCode);
        // …and the mailer, at its own address, signs in.
        Assert.Equal(HttpStatusCode.OK, (await SignIn(F.Client("203.0.113.41"), Mailer.Email, Mailer.Password)).StatusCode);
    }

    [SkippableFact]
    public async Task ConcurrentFailures_AreAllCounted()
    {
        var login = F.App.Sandbox.Logins.First(l => l.Role == "provider");
        var failures = await Task.WhenAll(Enumerable.Range(0, Ibis.Server.Auth.Passwords.MaxFailedLogins).Select(i =>
            Task.Run(async () => (await SignIn(F.Client("203.0.113.50"), login.Email, "wrong " + i)).StatusCode)));
        Assert.All(failures, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        // Exactly the limit of failures, sent at once: the address is locked (no failure was lost).
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(F.Client("203.0.113.50"), login.Email, login.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn(F.Client("203.0.113.51"), login.Email, login.Password)).StatusCode);
    }

    [SkippableFact]
    public async Task OversizedBodies_AreRefusedBeforeTheyAreRead()
    {
        var client = F.Client("203.0.113.60");
        var big = new StringContent("{\"barcode_data\":\"" + new string('A', 64 * 1024) + "\"}", System.Text.Encoding.UTF8, "application/json");
        await client.PostAsync("/v1/verifications", big).Problem(413, "request_too_large", "body");

        var who = await F.App.NewLicensee("Big Batch Co");
        var licensee = F.KeyClient(who.ApiKey, "203.0.113.61");
        var batch = new StringContent("{\"pieces\":[" + string.Join(',', Enumerable.Repeat("{\"mail_class\":\"first_class\",\"postage\":\"0.740\",\"padding\":\"" + new string('x', 3000) + "\"}", 1000)) + "]}",
            System.Text.Encoding.UTF8, "application/json");
        await licensee.PostAsync($"/v1/devices/{who.DeviceId}/indicia/batch", batch).Problem(413, "request_too_large", "body");
    }
}

[Collection("sqlite")]
public sealed class SqliteAbuseTests(SqliteHardenedApp f) : AbuseTests(() => f), IClassFixture<SqliteHardenedApp>;

[Collection("postgres")]
public sealed class PostgresAbuseTests(PostgresHardenedApp f) : AbuseTests(() => f), IClassFixture<PostgresHardenedApp>;
