using Ibis.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>Issue 12 in a browser: a licensee reports its device lost on the device page, then found; the history tells the story.</summary>
[Collection(PortalCollection.Name)]
public sealed class DeviceLifePageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    [SkippableFact]
    public async Task Licensee_ReportsTheDeviceLost_ThenFound_AndSeesTheHistory()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Portal Lost Device Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;
        await page.GotoAsync($"/portal/devices/{who.DeviceId}");

        // A report without its place is refused with the rule's code, and nothing changes.
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("#report-missing-form").GetByLabel("What happened").SelectOptionAsync("stolen");
        await page.Locator("#report-missing-form").GetByLabel("On").FillAsync(yesterday);
        await page.Locator("#missing-details").FillAsync("taken from the front desk");
        await page.Locator("#report-missing-form").GetByLabel("Police report").FillAsync("MPD 26-5521");
        await page.Locator("#report-missing-form").GetByLabel("Where").FillAsync("Main Street Bakery, front desk");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#report-missing-button"));

        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#status")).ToHaveTextAsync("stolen");
        await Expect(page.Locator("#incident")).ToContainTextAsync("Open incident: stolen");
        await Expect(page.Locator("#police-report")).ToHaveTextAsync("MPD 26-5521");
        await Expect(page.Locator("#incident-report-due")).ToContainTextAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#reset-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#history tbody tr[data-kind='reported_stolen']")).ToHaveCountAsync(1);

        await page.Locator("#recover-form").GetByLabel("On").FillAsync(PortalPages.TodayUtc);
        await page.Locator("#recover-form").GetByLabel("Where").FillAsync("returned by the police");
        await page.Locator("#recover-form").GetByLabel("How").FillAsync("found in a parked car");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#recover-button"));
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#status")).ToHaveTextAsync("recovered");
        await Expect(page.Locator("#history tbody tr[data-kind='recovered']")).ToHaveCountAsync(1);
        await PortalPages.Screenshot(page, "device-recovered");
    }
}
