using Ibis.Server.Compliance;
using Ibis.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Issue 15 in a browser: the licensee's compliance page shows its dated duties with their sections,
/// declares the AMS update (P050 2.5g) done, and the inbox holds the written notice of its license.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CompliancePageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    [SkippableFact]
    public async Task Licensee_SeesItsDuties_DeclaresTheAmsUpdate_ReadsItsNotices()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        // The start-up sweep runs on the scheduler's thread; run it here too (it is idempotent) so the page has its duties.
        await using (var scope = server.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SweepDuties>().Run(default);

        var (context, page) = await DevicePages.SignedIn(browser, server, server.Licensee);
        await using (context)
        {
            await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#compliance-link"));
            var watchdog = page.Locator("#due-duties tr[data-rule='reset_or_audit_every_3_months']");
            await Expect(watchdog).ToHaveCountAsync(1);
            await Expect(watchdog).ToContainTextAsync("P050 2.5c");
            await Expect(watchdog).ToContainTextAsync(server.Sandbox.DeviceId);
            await Expect(watchdog.Locator("button")).ToHaveCountAsync(0); // done by an audit or reset, not by a declaration

            var ams = page.Locator("#due-duties tr[data-rule='ams_update_every_6_months']");
            await Expect(ams).ToContainTextAsync("P050 2.5g");
            var id = await ams.GetAttributeAsync("data-duty");
            var declare = await ams.Locator("form").EvaluateAsync<string[]>("f => [f.action, new URLSearchParams(new FormData(f)).toString()]");
            await PortalPages.SubmitAndWaitForNextPage(page, ams.Locator("button"));
            Assert.Empty(await PortalPages.Errors(page));
            await Expect(page.Locator("#notice")).ToContainTextAsync($"Duty {id} declared done");
            await Expect(page.Locator($"#done-duties tr[data-duty='{id}']")).ToHaveCountAsync(1);

            // The same declaration sent again (a resend) lands on the first one's answer (issue 18: the form's key,
            // IdempotentFormFilter) and declares nothing twice; without the key the duty's own rule refuses it (duty_already_done).
            var again = await page.EvaluateAsync<string>(
                """
                async ([action, body]) => {
                    const r = await fetch(action, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
                    return r.status + ' ' + await r.text();
                }
                """, declare);
            Assert.StartsWith("200 ", again, StringComparison.Ordinal);
            Assert.Contains($"Duty {id} declared done", again, StringComparison.Ordinal);
            Assert.DoesNotContain("duty_already_done", again, StringComparison.Ordinal);
            await page.ReloadAsync();
            await Expect(page.Locator($"#done-duties tr[data-duty='{id}']")).ToHaveCountAsync(1);

            await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#inbox-link"));
            await Expect(page.Locator("#inbox details[data-kind='notice']").Filter(new() { HasText = "license issued" })).ToHaveCountAsync(1);
        }
    }
}
