using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>Customer records on screen are masked, and showing one is a logged read (notice 820.100 "Safeguards").</summary>
[Collection(PortalCollection.Name)]
public sealed class CustomerRecordPageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    [SkippableFact]
    public async Task Licensee_SeesItsOwnRecordMasked_AndTheProviderRetrievesItByLogonId()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Screen Co");
        using (var api = server.Api(who.ApiKey))
            Assert.True((await api.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Screen Co", "screen"))).IsSuccessStatusCode);

        var (lc, licensee) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using (lc)
        {
            await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#customers-link"));
            await Expect(licensee.Locator("#search-form")).ToHaveCountAsync(0);
            await Expect(licensee.Locator("dd[data-field='ssn_last4']")).ToHaveTextAsync("••••");
            await Expect(licensee.Locator("dd.ach")).ToContainTextAsync("••••1234");
            var html = await licensee.ContentAsync();
            Assert.DoesNotContain("7391", html);
            Assert.DoesNotContain("98765432101234", html);
        }

        var (pc, provider) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using (pc)
        {
            await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#customers-link"));
            await provider.GetByLabel("Logon ID").FillAsync("screen");
            await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#search-button"));
            await Expect(provider.Locator(".customer-record h2")).ToContainTextAsync("SCREEN CO");
            await Expect(provider.Locator("dd[data-field='ssn_last4']")).ToHaveTextAsync("••••");
        }
        var reads = await server.App.WithDb(db => db.RecordAccessLog.Where(a => a.Action == "read" && db.CustomerRecords.Any(r => r.Id == a.RecordId && r.LicenseeId == who.LicenseeId)).Select(a => a.Role).ToListAsync());
        Assert.Contains("licensee", reads);
        Assert.Contains("provider", reads);
    }
}
