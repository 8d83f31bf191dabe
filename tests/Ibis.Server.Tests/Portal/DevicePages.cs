using Ibis.Server.Sandbox;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>What a user does on the device pages, in the words of the pages (labels, ids).</summary>
public static class DevicePages
{
    internal static SandboxLogin Provider(this PortalServer server) => server.Sandbox.Logins.First(l => l.Role == "provider");

    /// <summary>A fresh browser context signed in as <paramref name="login"/>, on the portal home page.</summary>
    internal static async Task<(IBrowserContext Context, IPage Page)> SignedIn(BrowserFixture browser, PortalServer server, SandboxLogin login)
    {
        var context = await browser.NewContext(server.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await PortalPages.SignIn(page, login.Email, login.Password);
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal");
        return (context, page);
    }

    /// <summary>From the home page, follows the device's link in the devices table.</summary>
    public static async Task OpenFromHome(IPage page, string deviceId)
    {
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator($"#devices tr[data-id='{deviceId}'] a.device-link"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Device ");
    }

    public static async Task RequestReset(IPage page, string amount)
    {
        await page.GetByLabel("Amount ($)").FillAsync(amount);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#reset-button"));
    }

    public static async Task<string> Text(IPage page, string selector) => (await page.Locator(selector).InnerTextAsync()).Trim();
}
