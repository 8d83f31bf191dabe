using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// The Print page offers every class of P050 1.4 with its zone inputs, the medium and the variant:
/// a Priority Mail label priced by zone, then a REDATE (P050 4.8) that spends nothing.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PrintClassesPageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    [SkippableFact]
    public async Task Licensee_PrintsPriorityByZone_ThenARedate()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Zone Mailer");
        var login = who.Logins.Single();
        using var api = server.Api(who.ApiKey);
        await using var context = await browser.NewContext(server.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await PortalPages.SignIn(page, login.Email, login.Password);
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal");

        // Licensing office 20066 to 22030: zone 2 of the sample chart, 1 lb: $10.930.
        await page.GotoAsync("/portal/print");
        await PortalPages.FillPrintForm(page, who.DeviceId, "priority/single_piece", "16", "22030", PortalPages.TodayUtc);
        await page.GetByLabel("Print on").SelectOptionAsync("label-4x6");
        await PortalPages.PriceAndPrint(page);
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#postage")).ToHaveTextAsync("$10.930");
        await PortalPages.Screenshot(page, "print-priority-label");

        var before = await (await api.GetAsync($"v1/devices/{who.DeviceId}")).Body();
        await page.GotoAsync("/portal/print");
        await PortalPages.FillPrintForm(page, who.DeviceId, "first_class/letter", "1", "20260", PortalPages.TodayUtc);
        await page.Locator("#advanced summary").ClickAsync(); // the REDATE is among the folded-away choices
        await page.GetByLabel("Kind of indicium").SelectOptionAsync("redate");
        await PortalPages.PriceAndPrint(page);
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#printed h2")).ToContainTextAsync("REDATE rdt_");
        var after = await (await api.GetAsync($"v1/devices/{who.DeviceId}")).Body();
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }
}
