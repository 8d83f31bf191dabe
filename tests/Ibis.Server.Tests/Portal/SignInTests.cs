using Ibis.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>Portal sign-in in a browser: wrong passwords are refused, five of them lock the account.</summary>
[Collection(PortalCollection.Name)]
public sealed class SignInTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    private const string Failure = "E-mail or password is wrong";

    [SkippableFact]
    public async Task WrongPassword_ShowsError_AndDoesNotSignIn()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = (await server.App.NewLicensee("Wrong Password Mailer")).Logins.Single();
        await using var context = await browser.NewContext(server.BaseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/login");
        await PortalPages.SignIn(page, who.Email, who.Password + "x");
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/login");
        Assert.Contains(await PortalPages.Errors(page), e => e.StartsWith(Failure, StringComparison.Ordinal));
        await PortalPages.Screenshot(page, "sign-in-wrong-password");

        // Still signed out: the portal sends the browser back to the sign-in page.
        await page.GotoAsync("/portal");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fportal$"));

        // One wrong password is forgiven: the right one still works.
        await PortalPages.SignIn(page, who.Email, who.Password);
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Licensee — your work");
    }

    [SkippableFact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenForTheRightPassword()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = (await server.App.NewLicensee("Locked Out Mailer")).Logins.Single();
        await using var context = await browser.NewContext(server.BaseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/login");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await PortalPages.SignIn(page, who.Email, $"wrong-{attempt}");
            Assert.Contains(await PortalPages.Errors(page), e => e.StartsWith(Failure, StringComparison.Ordinal));
        }

        await PortalPages.SignIn(page, who.Email, who.Password);
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/login");
        Assert.Contains(await PortalPages.Errors(page), e => e.StartsWith(Failure, StringComparison.Ordinal));
        await page.GotoAsync("/portal");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fportal$"));
    }
}
