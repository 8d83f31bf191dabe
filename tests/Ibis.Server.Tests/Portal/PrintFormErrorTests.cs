using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>Bad input on the print form shows the rule's message and code and prints nothing.</summary>
[Collection(PortalCollection.Name)]
public sealed class PrintFormErrorTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    [SkippableTheory]
    [InlineData("99", "20260", "weight_invalid", "99 oz is above the")]
    [InlineData("1", "00000", "zip_invalid", "'00000' is not a 5-digit ZIP Code")]
    public async Task BadInput_ShowsErrorWithCode_AndLeavesRegistersAlone(string weightOz, string zip, string code, string message)
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee($"Careless Mailer {code}");
        var login = who.Logins.Single();
        using var api = server.Api(who.ApiKey);
        var before = await (await api.GetAsync($"v1/devices/{who.DeviceId}")).Body();
        Assert.Equal("100.000", (string)before["descending_register"]!["amount"]!);

        await using var context = await browser.NewContext(server.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await PortalPages.SignIn(page, login.Email, login.Password);
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal");
        await page.GotoAsync("/portal/print");
        await PortalPages.FillPrintForm(page, who.DeviceId, "first_class/letter", weightOz, zip, PortalPages.TodayUtc);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#price-button")); // the price step already refuses it

        var errors = await PortalPages.Errors(page);
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal) && e.EndsWith($"({code})", StringComparison.Ordinal));
        await Expect(page.Locator("#printed")).ToHaveCountAsync(0);
        await Expect(page.Locator("#print-button")).ToHaveCountAsync(0); // no price, so nothing to confirm
        // The form keeps what was typed, so the user can correct it.
        await Expect(page.GetByLabel("Weight (oz)")).ToHaveValueAsync(weightOz);
        await Expect(page.GetByLabel("Destination ZIP Code")).ToHaveValueAsync(zip);
        await PortalPages.Screenshot(page, $"print-error-{code}");

        var after = await (await api.GetAsync($"v1/devices/{who.DeviceId}")).Body();
        Assert.Equal("100.000", (string)after["descending_register"]!["amount"]!);
        Assert.Equal((string)before["ascending_register"]!["amount"]!, (string)after["ascending_register"]!["amount"]!);
        Assert.Equal(0, (long)after["piece_count"]!);
    }
}
