using System.Text.Json;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// §502.20(m) in a browser: the provider transmits today's daily financial transactions, and the
/// Postal Service's login reconciles the file against the deposit ledger.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TransmissionsPageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    [SkippableFact]
    public async Task Provider_TransmitsTheDailyFile_AndThePostalServiceReconcilesIt()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Transmitting Mailer");
        using (var api = server.Api(who.ApiKey))
            Assert.Equal(System.Net.HttpStatusCode.Created, (await api.Reset(who.DeviceId, "25.250")).StatusCode);

        var (providerContext, provider) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using (providerContext)
        {
            await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#transmissions-link"));
            await Expect(provider).ToHaveURLAsync($"{server.BaseUrl}/portal/transmissions");
            await Expect(provider.Locator(".reconcile-button")).ToHaveCountAsync(0);
            await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#transmit-button"));
            Assert.Empty(await PortalPages.Errors(provider));
            await Expect(provider.Locator("#notice")).ToContainTextAsync($"Daily financial transactions of {PortalPages.TodayUtc} transmitted");
        }

        var (postalContext, postal) = await DevicePages.SignedIn(browser, server, server.Postal());
        await using (postalContext)
        {
            await PortalPages.SubmitAndWaitForNextPage(postal, postal.Locator("#transmissions-link"));
            await Expect(postal.Locator("#transmit-button")).ToHaveCountAsync(0);
            var row = postal.Locator($"#transmissions tr[data-kind='daily_financial_transactions']").First;
            await Expect(row.Locator(".subject")).ToHaveTextAsync(PortalPages.TodayUtc);

            // The document as transmitted: one record per reset today, the new one among them.
            await row.Locator("summary").ClickAsync();
            using var doc = JsonDocument.Parse(await row.Locator("pre.json").InnerTextAsync());
            Assert.Equal("ibis.daily_financial_transactions.v1", doc.RootElement.GetProperty("type").GetString());
            Assert.Contains(doc.RootElement.GetProperty("records").EnumerateArray(),
                r => r.GetProperty("device_id").GetString() == who.DeviceId && r.GetProperty("amount").GetString() == "25.250");

            await PortalPages.SubmitAndWaitForNextPage(postal, row.Locator(".reconcile-button"));

            Assert.Empty(await PortalPages.Errors(postal));
            await Expect(postal.Locator("#reconciliation-result")).ToHaveTextAsync("matches");
            await Expect(postal.Locator("#differences")).ToHaveCountAsync(0);
            await Expect(postal.Locator("#transmitted-total")).ToHaveTextAsync(await postal.Locator("#ledger-total").InnerTextAsync());
            await PortalPages.Screenshot(postal, "transmissions-reconciled");
        }
    }

    [SkippableFact]
    public async Task Licensee_HasNoTransmissionsPage()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Curious Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;
        await Expect(page.Locator("#transmissions-link")).ToHaveCountAsync(0);
        var response = await page.GotoAsync("/portal/transmissions");
        Assert.Equal(404, response!.Status);
        Assert.Equal(404, (await page.GotoAsync("/portal/accounts"))!.Status);
    }
}
