using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OtpNet;
using Xunit;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// The authenticator app of a test: live Postal Service and provider users enrol at their first
/// sign-in (issue 16 item 3) and give a code at every later one. The server refuses a code whose time
/// step was already used, so each sign-in here takes a step later than the last one it used.
/// </summary>
public static class SecondFactor
{
    private static readonly ConcurrentDictionary<string, long> LastStep = new();
    private static readonly ConcurrentDictionary<string, string> Secrets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A code for <paramref name="secret"/> not used before by this process, at the server's time <paramref name="now"/>.</summary>
    public static async Task<string> NextCode(string secret, DateTimeOffset? now = null)
    {
        while (true)
        {
            var at = now ?? DateTimeOffset.UtcNow;
            var current = at.ToUnixTimeSeconds() / 30;
            var step = Math.Max(current, LastStep.GetValueOrDefault(secret) + 1);
            // The server accepts one step either side of its clock: beyond that, wait for the clock.
            if (step <= current + 1 && (LastStep.TryGetValue(secret, out var last) ? LastStep.TryUpdate(secret, step, last) : LastStep.TryAdd(secret, step)))
                return new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
            if (now is not null) throw new InvalidOperationException("no unused step left at a fixed clock");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>The secret this process enrolled for <paramref name="email"/>.</summary>
    public static string? SecretOf(string email) => Secrets.GetValueOrDefault(email);

    public static void Remember(string email, string secret) => Secrets[email] = secret;

    /// <summary>POST /v1/sessions as a user who may need a second factor: enrols on the first sign-in, gives a code afterwards.</summary>
    public static async Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password, DateTimeOffset? now = null)
    {
        // A secret remembered from another installation of this process (the same e-mail in another test) is
        // answered with a fresh enrolment, like a first sign-in.
        var first = SecretOf(email) is { } known
            ? await client.PostAsJsonAsync("/v1/sessions", new { email, password, code = await NextCode(known, now) })
            : await client.PostAsJsonAsync("/v1/sessions", new { email, password });
        if (first.StatusCode != HttpStatusCode.Unauthorized) return first;
        var problem = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        if (problem["enrolment"] is null) return first;
        var secret = (string)problem["enrolment"]!["secret"]!;
        Remember(email, secret);
        var signedIn = await client.PostAsJsonAsync("/v1/sessions", new { email, password, code = await NextCode(secret, now) });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return signedIn;
    }
}
