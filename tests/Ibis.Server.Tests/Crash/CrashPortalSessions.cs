using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Ibis.Server.Tests.Crash;

/// <summary>
/// Portal sessions on several nodes (issue 17): a user signed in on one node is signed in on every
/// node, and a form one node served is accepted by another (the data-protection keys that protect the
/// session cookie and the antiforgery token are the installation's, in the database — not a node's).
/// Checked after every restart, so a node started anew after a SIGKILL reads the same keys.
/// </summary>
internal static partial class CrashPortalSessions
{
    public static async Task Check(IReadOnlyList<Uri> nodes, (string Email, string Password) login, CrashLedger ledger, string after)
    {
        var clients = nodes.Select(Client).ToArray();
        try
        {
            var cookies = new Dictionary<string, string>();
            using (var signIn = await clients[0].PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password }))
            {
                if (signIn.StatusCode != HttpStatusCode.OK)
                {
                    ledger.Violation($"after {after}: signing in on node 0 answered {(int)signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync()}");
                    return;
                }
                Keep(signIn, cookies);
            }

            string? form = null;
            for (var node = 0; node < clients.Length; node++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/portal");
                request.Headers.Add("Cookie", Header(cookies));
                using var page = await clients[node].SendAsync(request);
                if (page.StatusCode != HttpStatusCode.OK)
                {
                    ledger.Violation($"after {after}: the session from node 0 is not valid on node {node}: GET /portal answered {(int)page.StatusCode} {page.Headers.Location}");
                    continue;
                }
                Keep(page, cookies);
                form ??= Token().Match(await page.Content.ReadAsStringAsync()) is { Success: true } m ? m.Groups[1].Value : null;
            }
            if (form is null)
            {
                ledger.Violation($"after {after}: the portal page has no sign-out form with an antiforgery token");
                return;
            }

            // The sign-out form node 0 served, posted to the last node.
            using var signOut = new HttpRequestMessage(HttpMethod.Post, "/logout")
            {
                Content = new FormUrlEncodedContent([new("__RequestVerificationToken", form)]),
            };
            signOut.Headers.Add("Cookie", Header(cookies));
            using var answer = await clients[^1].SendAsync(signOut);
            if (answer.StatusCode != HttpStatusCode.Redirect || answer.Headers.Location?.OriginalString != "/")
                ledger.Violation($"after {after}: node {clients.Length - 1} refused the sign-out form node 0 served: {(int)answer.StatusCode} {answer.Headers.Location}");
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>No cookie jar and no redirects: the test sends exactly the cookies it kept and sees every 302.</summary>
    private static HttpClient Client(Uri node) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };

    private static void Keep(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values)) return;
        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0].Split('=', 2);
            if (pair.Length == 2) cookies[pair[0].Trim()] = pair[1];
        }
    }

    private static string Header(Dictionary<string, string> cookies) => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
