using Deque.AxeCore.Playwright;
using Ibis.Server.Tests.Verification;
using Ibis.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Issue 14 items 1 and 3 in a browser: the inspector's queue leads to the revenue-protection dashboard, whose
/// chart is inline SVG with the same figures as a table and a CSV export, and to a device's records — each read
/// after the purpose is given, and logged with it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OversightPageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    private const string Purpose = "inspection of copied indicia, 502.10";

    [SkippableFact]
    public async Task Inspector_SeesTheCopiesOfADevice_InTheDashboard_AndReadsItsRecords()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Dashboard Mailer");
        using var licensee = server.Api(who.ApiKey);
        var pieces = await licensee.PrintPieces(who.DeviceId, 4);
        var now = DateTimeOffset.UtcNow;
        // The Postal Service's sandbox key, on the Kestrel address (IbisApp.Postal() needs the TestServer).
        using var postal = server.Api(server.Sandbox.PostalApiKey!);
        await postal.Scan(pieces.Select(p => ScanWorld.Event(p, "TAMPA FL P&DC", now)));
        await postal.Scan(pieces.Take(2).Select(p => ScanWorld.Event(p, "ORLANDO FL P&DC", now)));

        var login = server.Sandbox.Logins.First(l => l.Role == "inspector");
        var (context, page) = await DevicePages.SignedIn(browser, server, login);
        await using (context)
        {
            await Expect(page.Locator("[data-queue='suspects'] a.queue-link")).ToHaveAttributeAsync("href", "/portal/oversight/revenue");
            // A refused query (RefusalFilter) shows every bad parameter at once, and reads nothing.
            await page.GotoAsync($"/portal/oversight/revenue?device_id={who.DeviceId}&purpose=x&granularity=hourly&group_by=zip");
            var refused = await PortalPages.Errors(page);
            Assert.Contains(refused, e => e.StartsWith("granularity is day, week or month", StringComparison.Ordinal) && e.EndsWith("(granularity_invalid)", StringComparison.Ordinal));
            Assert.Contains(refused, e => e.EndsWith("(group_by_invalid)", StringComparison.Ordinal));
            await Expect(page.Locator("#flagged-chart")).ToHaveCountAsync(0);
            await page.GotoAsync($"/portal/oversight/revenue?device_id={who.DeviceId}");
            // Nothing is read before the purpose is given.
            await Expect(page.Locator("#flagged-chart")).ToHaveCountAsync(0);
            await page.Locator("#purpose").FillAsync(Purpose);
            await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#show-button"));
            Assert.Empty(await PortalPages.Errors(page));

            var chart = page.Locator("svg#flagged-chart");
            await Expect(chart).ToHaveAttributeAsync("role", "img");
            await Expect(page.Locator("#flagged-chart-title")).ToHaveCountAsync(1);
            await Expect(chart.Locator($"rect.bar-duplicates[data-period='{PortalPages.TodayUtc}']")).ToHaveAttributeAsync("data-value", "2");
            await Expect(page.Locator($"#series tr[data-period='{PortalPages.TodayUtc}'] td.duplicates")).ToHaveTextAsync("2");
            await Expect(page.Locator("#total-scanned")).ToHaveTextAsync("6");
            await Expect(page.Locator($"#groups tr[data-key='{who.DeviceId}'] td.duplicates")).ToHaveTextAsync("2");
            var result = await page.RunAxe();
            Assert.Empty(result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
            await PortalPages.Screenshot(page, "oversight-revenue");

            var csv = await context.APIRequest.GetAsync(await page.Locator("#csv-link").GetAttributeAsync("href") ?? "");
            Assert.Equal(200, csv.Status);
            var lines = (await csv.TextAsync()).TrimEnd('\n').Split('\n');
            Assert.StartsWith($"{PortalPages.TodayUtc},day,{who.DeviceId},", lines[1]);
            Assert.EndsWith(",6,4,2,0,0,0", lines[1]);

            // The device's records, from its row.
            await PortalPages.SubmitAndWaitForNextPage(page, page.Locator($"#groups tr[data-key='{who.DeviceId}'] a"));
            await Expect(page.Locator("#registers")).ToBeVisibleAsync();
            await Expect(page.Locator("#indicia tbody tr")).ToHaveCountAsync(4);
            await Expect(page.Locator("#history tr[data-kind='commissioned']")).ToHaveCountAsync(1);
        }
        var reads = await server.App.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.OversightReads.Where(r => r.SubjectId == who.DeviceId && r.Role == "inspector")));
        Assert.Contains(reads, r => r.Resource == "revenue_protection" && r.Purpose == Purpose);
        Assert.Contains(reads, r => r.Resource == "revenue_protection_export");
        Assert.Contains(reads, r => r.Resource == "device_indicia");
    }
}
