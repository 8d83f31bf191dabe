using System.Net;
using System.Text.RegularExpressions;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Live operation in a browser, one journey on a fresh live installation (no sandbox): the Postal
/// Service's first administrator accepts its invitation and authorizes a provider; the provider's
/// administrator accepts and onboards a customer with the New customer wizard; the customer accepts
/// and sees its Getting started checklist; the provider opens the deposit account, records the lease,
/// adds, inspects and commissions a device; the customer's checklist moves on; sign-out ends the session.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OnboardingPageTests(BrowserFixture browser, LivePortalServer server) : IClassFixture<LivePortalServer>
{
    private const string Password = "correct horse battery";

    private static string? Query(string url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue(name, out var v) ? v.ToString() : null;

    [SkippableFact]
    public async Task LiveInstallation_FromTheFirstInvitation_ToACommissionedDevice()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var init = await server.Initialize("admin@usps.example");

        // The Postal Service's administrator: a short password is refused and spends nothing.
        await using var postalContext = await browser.NewContext(server.BaseUrl);
        var postal = await postalContext.NewPageAsync();
        var invitationPage = await postal.GotoAsync(init.AdministratorInvitation.AcceptUrl);
        await Expect(postal.Locator("h1")).ToHaveTextAsync("Accept your invitation");
        // The code is in the address: the page is not stored and sends no referrer.
        Assert.Contains("no-store", invitationPage!.Headers["cache-control"], StringComparison.Ordinal);
        Assert.Equal("no-referrer", invitationPage.Headers["referrer-policy"]);
        await Accept(postal, "too short", "too short");
        await Expect(postal.Locator("#password-error")).ToContainTextAsync("password_too_short");
        await Accept(postal, Password, Password + "x");
        await Expect(postal.Locator("#confirm-error")).ToContainTextAsync("password_mismatch");
        await Accept(postal, Password, Password);
        await EnrolAtFirstSignIn(postal, "admin@usps.example");
        await Expect(postal).ToHaveURLAsync(server.BaseUrl + "/portal");

        // A spent code opens nothing.
        await using (var other = await browser.NewContext(server.BaseUrl))
        {
            var page = await other.NewPageAsync();
            await page.GotoAsync(init.AdministratorInvitation.AcceptUrl);
            await Accept(page, Password, Password);
            await Expect(page.Locator("#code-error")).ToContainTextAsync("invitation_used");
        }

        // §502.2: the provider is authorized in writing; its administrator's link is shown once.
        await PortalPages.SubmitAndWaitForNextPage(postal, postal.Locator("#providers-link"));
        await postal.GetByLabel("Provider's name").FillAsync("Acme Postage Inc");
        await postal.GetByLabel("Date of the written authorization").FillAsync("2026-12-01");
        await postal.GetByLabel("Administrator's e-mail").FillAsync("ops@acme.example");
        await PortalPages.SubmitAndWaitForNextPage(postal, postal.Locator("#authorize-button"));
        var providerLink = await postal.Locator("#invitation-link").InputValueAsync();
        Assert.StartsWith(server.BaseUrl + "/invitation?code=ibis_inv_", providerLink);
        await Expect(postal.Locator(".provider .provider-status")).ToHaveTextAsync("authorized");
        await PortalPages.Screenshot(postal, "onboarding-provider-authorized");
        await postal.GotoAsync("/portal/providers");
        await Expect(postal.Locator("#invitation-link")).ToHaveCountAsync(0);

        // The licensing official who will issue the license, invited on the Users page.
        await PortalPages.SubmitAndWaitForNextPage(postal, postal.Locator("#users-link"));
        await postal.GetByLabel("E-mail").FillAsync("official@usps.example");
        await postal.Locator("#Role").SelectOptionAsync("licensing_official");
        await PortalPages.SubmitAndWaitForNextPage(postal, postal.Locator("#invite-button"));
        var officialLink = await postal.Locator("#invitation-link").InputValueAsync();
        await Expect(postal.Locator("#invitation-issued")).ToContainTextAsync("expires in 72 hours");

        // The provider's administrator joins and onboards a customer with the wizard.
        await using var providerContext = await browser.NewContext(server.BaseUrl);
        var provider = await providerContext.NewPageAsync();
        await provider.GotoAsync(providerLink);
        await Accept(provider, Password, Password);
        await EnrolAtFirstSignIn(provider, "ops@acme.example");
        await Expect(provider).ToHaveURLAsync(server.BaseUrl + "/portal");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#new-customer-link"));
        await provider.GetByLabel("Customer's name").FillAsync("Main Street Bakery");
        await provider.GetByLabel("Administrator's e-mail").FillAsync("owner@bakery.example");
        var customerForm = await AccountPages.Keep(provider, "#new-customer-form");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#create-customer"));
        var licenseeLink = await provider.Locator("#invitation-link").InputValueAsync();
        var licenseeId = (await provider.Locator("#licensee-id").InnerTextAsync()).Trim();
        await Expect(provider.Locator("#next-steps a[href='/portal/licensing']").First).ToBeVisibleAsync();
        await Expect(provider.Locator("#next-steps a[href='/portal/devices/inventory']")).ToBeVisibleAsync();
        await PortalPages.Screenshot(provider, "onboarding-new-customer");
        // Issue 18: the wizard's form posted twice at once and once more lands on the one customer, makes no
        // other, and does not show the invitation link again.
        var landed = await AccountPages.Resend(provider, customerForm);
        Assert.All(landed, l => Assert.StartsWith("200 ", l, StringComparison.Ordinal));
        Assert.All(landed, l => Assert.Equal(licenseeId, Query(l[4..], "licensee")));
        await provider.GotoAsync(landed[^1][4..]);
        await Expect(provider.Locator("#notice")).ToContainTextAsync("no second customer was made");
        await Expect(provider.Locator("#invitation-link")).ToHaveCountAsync(0);
        Assert.DoesNotContain(licenseeLink, await provider.ContentAsync(), StringComparison.Ordinal);

        // The customer joins and sees where it stands: nothing done, the license first.
        await using var licenseeContext = await browser.NewContext(server.BaseUrl);
        var licensee = await licenseeContext.NewPageAsync();
        await licensee.GotoAsync(licenseeLink);
        await Accept(licensee, Password, Password);
        await Expect(licensee).ToHaveURLAsync(server.BaseUrl + "/portal");
        await Expect(licensee.Locator("#checklist > li")).ToHaveCountAsync(6);
        await Expect(licensee.Locator("#checklist > li[data-done='true']")).ToHaveCountAsync(0);
        await Expect(licensee.Locator("#next-step")).ToContainTextAsync("P050 2.1");
        await Expect(licensee.Locator("#next-step-link")).ToHaveAttributeAsync("href", "/portal/licensing");

        // To keep the journey short the license is made through the API: Form 3601-A by the
        // customer, transmitted by the provider, approved by the licensing official (P050 2.1).
        using (var officialSession = server.Session())
        using (var licenseeSession = await SignedIn("owner@bakery.example"))
        using (var providerSession = await SignedIn("ops@acme.example"))
        {
            var code = Regex.Match(officialLink, "code=(ibis_inv_\\w+)").Groups[1].Value;
            await officialSession.PostJson("/v1/invitations/acceptance", new { code, password = Password }).Ok(HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.OK, (await SecondFactor.SignIn(officialSession, "official@usps.example", Password)).StatusCode);
            var application = await licenseeSession.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
            await providerSession.PostJson($"/v1/applications/{application["id"]}/transmission", new { }).Ok();
            await officialSession.PostJson($"/v1/applications/{application["id"]}/decision", new { decision = "approve" }).Ok();
        }

        // The provider's next steps: the deposit account needs the signed acknowledgement (§502.25(c)).
        await provider.GotoAsync($"/portal/customers/{licenseeId}/next-steps");
        await Expect(provider.Locator("#license")).ToHaveAttributeAsync("data-done", "true");
        await Expect(provider.Locator("#deposit-acknowledgement")).ToContainTextAsync(
            "Contact the Treasurer's Office of the United States Postal Service, 475 L'Enfant Plaza SW, Washington DC 20260-5130 for this document.");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#open-account"));
        await Expect(provider.Locator("#account-form")).ToContainTextAsync("deposit_requirement_not_acknowledged");
        await provider.GetByLabel("The customer signed the Acknowledgement of Deposit Requirement").CheckAsync();
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#open-account"));
        await Expect(provider.Locator("#notice")).ToContainTextAsync("Deposit account acct_");
        await provider.GetByLabel("Signed by").FillAsync("Pat Baker");
        await provider.GetByLabel("Signed on").FillAsync(PortalPages.TodayUtc);
        var leaseForm = await AccountPages.Keep(provider, "#lease-form");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#record-lease"));
        await Expect(provider.Locator("#notice")).ToContainTextAsync("Lease lse_");
        await Expect(provider.Locator("#lease")).ToHaveAttributeAsync("data-done", "true");
        // Issue 18: the lease form posted twice at once and once more lands on the one lease and records no other.
        var nextSteps = provider.Url.Split('?')[0];
        landed = await AccountPages.Resend(provider, leaseForm);
        Assert.All(landed, l => Assert.Equal("200 " + nextSteps, l.Split('?')[0]));
        Assert.All(landed, l => Assert.Contains("no second lease was recorded", Query(l[4..], "done"), StringComparison.Ordinal));
        await provider.ReloadAsync();
        await Expect(provider.Locator("#lease .lease")).ToHaveCountAsync(1);
        await PortalPages.Screenshot(provider, "onboarding-next-steps");

        // Inventory → inspection (§502.18) → commissioning under the lease (P050 3.1).
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#inventory-link"));
        var addForm = await AccountPages.Keep(provider, "#add-device-form");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#add-device"));
        await Expect(provider.Locator("#notice")).ToContainTextAsync("added to inventory");
        // Issue 18: the add form posted twice at once and once more lands on the one device and adds no other.
        var added = Query(provider.Url, "added");
        Assert.StartsWith("psd_", added, StringComparison.Ordinal);
        landed = await AccountPages.Resend(provider, addForm);
        Assert.All(landed, l => Assert.StartsWith("200 ", l, StringComparison.Ordinal));
        Assert.All(landed, l => Assert.Equal(added, Query(l[4..], "added")));
        await provider.ReloadAsync();
        var device = provider.Locator(".inventory-device");
        await Expect(device).ToHaveCountAsync(1);
        var deviceId = await device.GetAttributeAsync("data-id");
        await device.GetByLabel("Passed").CheckAsync();
        await PortalPages.SubmitAndWaitForNextPage(provider, device.Locator(".record-inspection"));
        await Expect(provider.Locator("#notice")).ToContainTextAsync("passed its inspection");
        await Expect(device.GetByLabel("Lease")).ToContainTextAsync("Main Street Bakery");
        await PortalPages.SubmitAndWaitForNextPage(provider, device.Locator(".commission-device"));
        await Expect(provider.Locator("#notice")).ToContainTextAsync($"Device {deviceId} commissioned under lease lse_");
        await Expect(provider.Locator(".inventory-device")).ToHaveCountAsync(0);
        await Expect(provider.Locator($"#commissioned tr[data-id='{deviceId}']")).ToContainTextAsync("Main Street Bakery");
        await PortalPages.Screenshot(provider, "onboarding-inventory");

        // The customer's checklist moved on: next, money on deposit before the first reset (P050 3.2).
        await licensee.ReloadAsync();
        foreach (var step in new[] { "license", "account", "lease", "device" })
            await Expect(licensee.Locator($"#checklist > li[data-step='{step}']")).ToHaveAttributeAsync("data-done", "true");
        await Expect(licensee.Locator("#checklist > li[data-step='funded']")).ToHaveClassAsync("next");
        await Expect(licensee.Locator("#next-step")).ToContainTextAsync("P050 3.2");
        await Expect(licensee.Locator($"#devices tr[data-id='{deviceId}']")).ToBeVisibleAsync();

        // It fits a phone-width screen.
        await licensee.SetViewportSizeAsync(390, 844);
        Assert.True(await licensee.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the home page is wider than a phone");
        await PortalPages.Screenshot(licensee, "onboarding-getting-started-phone");
        await licensee.SetViewportSizeAsync(1280, 800); // back at desktop width, where the navigation is not folded behind Menu

        // An API key, shown whole once, then by its prefix only.
        await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#api-keys-link"));
        await licensee.GetByLabel("Name (what the key is for)").FillAsync("shipping script");
        var keyForm = await AccountPages.Keep(licensee, "#create-key-form");
        await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#create-key-button"));
        var key = await licensee.Locator("#new-key").InputValueAsync();
        Assert.StartsWith("ibis_live_", key);
        // Issue 18: the create form posted twice at once and once more lands on the one key, makes no other,
        // and never shows the whole key again.
        var createdKey = Query(licensee.Url, "created");
        Assert.NotNull(createdKey);
        landed = await AccountPages.Resend(licensee, keyForm);
        Assert.All(landed, l => Assert.StartsWith("200 ", l, StringComparison.Ordinal));
        Assert.All(landed, l => Assert.Equal(createdKey, Query(l[4..], "created")));
        await licensee.GotoAsync(landed[^1][4..]);
        await Expect(licensee.Locator("#notice")).ToContainTextAsync("no second key was made");
        await Expect(licensee.Locator("#new-key")).ToHaveCountAsync(0);
        await Expect(licensee.Locator("#keys tbody tr")).ToHaveCountAsync(1);
        await licensee.GotoAsync("/portal/api-keys");
        await Expect(licensee.Locator("#new-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(key, await licensee.ContentAsync(), StringComparison.Ordinal);
        await Expect(licensee.Locator("#keys .prefix")).ToHaveTextAsync(key[..14] + "…");

        // The Postal Service's administrator manages its users: a new role, then removal.
        await postal.GotoAsync("/portal/users");
        var official = postal.Locator("#users tr[data-email='official@usps.example']");
        await official.GetByLabel("Role of official@usps.example").SelectOptionAsync("auditor");
        await PortalPages.SubmitAndWaitForNextPage(postal, official.Locator(".change-user"));
        await Expect(postal.Locator("#notice")).ToContainTextAsync("official@usps.example changed");
        await Expect(official).ToContainTextAsync("auditor");
        await PortalPages.SubmitAndWaitForNextPage(postal, official.Locator(".remove-user"));
        await Expect(postal.Locator("#notice")).ToContainTextAsync("official@usps.example removed");
        await Expect(official).ToHaveAttributeAsync("data-removed", "true");
        await Expect(official.Locator("form")).ToHaveCountAsync(0);

        // §502.5(b): a suspension states its reason; the refusal shows beside the provider.
        await postal.GotoAsync("/portal/providers");
        var acme = postal.Locator(".provider").First;
        await PortalPages.SubmitAndWaitForNextPage(postal, acme.Locator(".change-status"));
        await Expect(postal.Locator(".provider").First.Locator(".errors")).ToContainTextAsync("reason_required");
        await postal.Locator(".provider").First.GetByLabel("Reason (required to suspend or revoke)").FillAsync("facilities not available for inspection");
        await PortalPages.SubmitAndWaitForNextPage(postal, postal.Locator(".provider").First.Locator(".change-status"));
        await Expect(postal.Locator(".provider .provider-status")).ToHaveTextAsync("suspended");
        await Expect(postal.Locator(".provider .history li")).ToHaveCountAsync(2);

        // Sign-out returns home, and the session no longer opens the portal.
        await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#logout"));
        await Expect(licensee).ToHaveURLAsync(server.BaseUrl + "/");
        await licensee.GotoAsync("/portal");
        await Expect(licensee).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Fportal$"));
    }

    private static async Task Accept(IPage page, string password, string confirmation)
    {
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(confirmation);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#accept-invitation"));
    }

    private async Task<HttpClient> SignedIn(string email)
    {
        var session = server.Session();
        Assert.Equal(HttpStatusCode.OK, (await SecondFactor.SignIn(session, email, Password)).StatusCode);
        return session;
    }

    /// <summary>
    /// Issue 16 item 3: a live Postal Service or provider user lands on the sign-in page after accepting
    /// the invitation, signs in, scans the enrolment code, confirms with the first code and sees the
    /// recovery codes once before going on.
    /// </summary>
    private static async Task EnrolAtFirstSignIn(IPage page, string email)
    {
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#sign-in-button"));
        await Expect(page.Locator("#totp-qr")).ToBeVisibleAsync();
        var secret = (await page.Locator("#totp-secret").InnerTextAsync()).Trim();
        SecondFactor.Remember(email, secret);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.Locator("#totp-code").FillAsync(await SecondFactor.NextCode(secret));
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#sign-in-button"));
        await Expect(page.Locator(".recovery-code")).ToHaveCountAsync(10);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#continue-link"));
    }
}
