using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Ibis.Server.Sandbox;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Issue 15 item 2, the sanctions page over HTTP (39 CFR 502.5, 502.15, 502.21): the Postal Service issues a
/// written notice and decides from the portal, the provider's user sees its deadline and files its
/// defense; every step is first shown back with its words written out and runs only when confirmed; a
/// refusal is shown with its code; a licensee may not open the page.
/// </summary>
public sealed partial class SanctionsPageTests
{
    private static async Task<HttpClient> SignedIn(IbisApp app, SandboxLogin login)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {login.Role}: {(int)response.StatusCode}");
        return client;
    }

    private static async Task<string> Html(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    /// <summary>Posts a form of the page (with its anti-forgery token) to a handler; follows the redirect of a step that ran.</summary>
    private static async Task<string> Post(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        var page = await Html(await client.GetAsync("/portal/sanctions"));
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await Html(await client.PostAsync($"/portal/sanctions?handler={handler}", new FormUrlEncodedContent(fields)));
    }

    [SkippableFact]
    public async Task PostalIssuesAndDecides_ProviderDefends_EachStepConfirmedWithItsWords_LicenseeKeptOut()
    {
        using var app = new IbisApp(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });
        var who = app.Sandbox;
        SandboxLogin Login(string role) => who.Logins.First(l => l.Role == role);
        var providerId = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.ProviderId).SingleAsync());
        var postal = await SignedIn(app, Login("postal"));
        var provider = await SignedIn(app, Login("provider"));

        // The Postal Service's page: the providers to choose from, no procedure yet, the link in the menu.
        var empty = await Html(await postal.GetAsync("/portal/sanctions"));
        Assert.Contains($"<option value=\"{providerId}\"", empty);
        Assert.Contains("id=\"no-sanctions\"", empty);
        Assert.Contains("id=\"sanctions-link\"", empty);

        // Issue: first the notice is shown back with its grounds written out; nothing is issued yet.
        const string grounds = "Reset records of 40 resets were not kept.";
        var issue = new Dictionary<string, string>
        {
            ["providerId"] = providerId, ["basis"] = "distribution_controls", ["action"] = "administrative_sanction", ["grounds"] = grounds, ["amount"] = "250.000",
        };
        var review = await Post(postal, "Issue", new Dictionary<string, string>(issue));
        Assert.Contains("id=\"confirm\"", review);
        Assert.Contains("administrative sanction", RegexWhat().Match(review).Value);
        Assert.Contains(WebUtility.HtmlEncode(grounds), review);
        Assert.Equal(0, await app.WithDb(db => db.Sanctions.CountAsync()));
        var issued = await Post(postal, "Issue", new Dictionary<string, string>(issue) { ["confirmed"] = "true" });
        Assert.Contains("id=\"notice\"", issued);
        var sanction = await app.WithDb(db => db.Sanctions.SingleAsync());
        Assert.Equal("noticed", sanction.Stage);
        Assert.Equal(250_000L, sanction.AmountMills);
        Assert.Contains($"data-id=\"{sanction.Id}\"", issued);

        // The provider sees its procedure and its defense deadline, and may only defend or appeal.
        var seen = await Html(await provider.GetAsync("/portal/sanctions"));
        Assert.Contains($"data-id=\"{sanction.Id}\"", seen);
        Assert.Contains("class=\"time defense-due\"", seen);
        Assert.Contains("data-step=\"defense\"", seen);
        Assert.Contains("data-step=\"appeal\"", seen);
        Assert.DoesNotContain("data-step=\"decision\"", seen);
        Assert.DoesNotContain("id=\"issue\"", seen);

        // A defense without a statement is refused with its code, after the confirmation said it would be.
        var step = new Dictionary<string, string> { ["providerId"] = providerId, ["sanctionId"] = sanction.Id, ["step"] = "defense" };
        Assert.Contains("id=\"confirm-no-text\"", await Post(provider, "Step", new Dictionary<string, string>(step)));
        var refused = await Post(provider, "Step", new Dictionary<string, string>(step) { ["confirmed"] = "true" });
        Assert.Contains("(statement_required)", refused);

        const string statement = "The records were kept on paper at the Dayton office; copies attached.";
        var defend = new Dictionary<string, string>(step) { ["text"] = statement };
        Assert.Contains(WebUtility.HtmlEncode(statement), await Post(provider, "Step", new Dictionary<string, string>(defend)));
        Assert.Equal("noticed", await app.WithDb(db => db.Sanctions.Select(s => s.Stage).SingleAsync()));
        await Post(provider, "Step", new Dictionary<string, string>(defend) { ["confirmed"] = "true" });
        Assert.Equal("defended", await app.WithDb(db => db.Sanctions.Select(s => s.Stage).SingleAsync()));

        // The provider may not decide its own case, even with a forged form.
        var forged = await Post(provider, "Step", new Dictionary<string, string> { ["providerId"] = providerId, ["sanctionId"] = sanction.Id, ["step"] = "decision", ["outcome"] = "withdraw", ["text"] = "x", ["confirmed"] = "true" });
        Assert.Contains("(forbidden)", forged);

        // The Postal Service decides: the reasons are shown back, then the decision is recorded with them.
        const string reasons = "The paper records do not cover the resets of March.";
        var decide = new Dictionary<string, string> { ["providerId"] = providerId, ["sanctionId"] = sanction.Id, ["step"] = "decision", ["outcome"] = "impose", ["text"] = reasons };
        var shown = await Post(postal, "Step", new Dictionary<string, string>(decide));
        Assert.Contains("outcome impose", shown);
        Assert.Contains(WebUtility.HtmlEncode(reasons), shown);
        var decided = await Post(postal, "Step", new Dictionary<string, string>(decide) { ["confirmed"] = "true" });
        Assert.Contains("is now", decided);
        var after = await app.WithDb(db => db.Sanctions.SingleAsync());
        Assert.Contains(after.Stage, new[] { "decided", "in_effect" });
        Assert.Contains(await app.WithDb(db => db.SanctionEvents.Where(e => e.SanctionId == sanction.Id).Select(e => e.Text).ToListAsync()), t => t.Contains(reasons, StringComparison.Ordinal));

        // A licensee may not open the page.
        var licensee = await SignedIn(app, Login("licensee"));
        var forbidden = await licensee.GetAsync("/portal/sanctions");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain(sanction.Id, await forbidden.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<p id=\"confirm-what\">[^<]*</p>")]
    private static partial Regex RegexWhat();
}
