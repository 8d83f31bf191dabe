using Ibis.Server.Sandbox;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Issue 6 in a browser: a newcomer applies (3601-A) → the provider transmits → the licensing official
/// refuses, approves and revokes → appeals too late and in time (the manager grants) → an update gives
/// a revised license → a new post office gives a new license (P050 2.1–2.5).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LicensingPageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    private SandboxLogin Login(string role) => server.Sandbox.Logins.First(l => l.Role == role);

    [SkippableFact]
    public async Task Apply_Transmit_Refuse_AppealLate_Approve_Revoke_AppealInTime_Update_Relicense()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Portal Applicant Co");
        var (lc, licensee) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        var (pc, provider) = await DevicePages.SignedIn(browser, server, server.Provider());
        var (oc, official) = await DevicePages.SignedIn(browser, server, Login("licensing_official"));
        var (mc, manager) = await DevicePages.SignedIn(browser, server, Login("appeals_manager"));
        await using var _1 = lc; await using var _2 = pc; await using var _3 = oc; await using var _4 = mc;
        foreach (var page in new[] { licensee, provider, official, manager })
            await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#licensing-link"));

        // An incomplete 3601-A is refused, naming the field and the rule.
        await Apply(licensee, postOfficeZip: "");
        Assert.Contains(await PortalPages.Errors(licensee), e => e.Contains("post_office.zip") && e.Contains("P050 2.1"));

        // 1. Apply at 20260 → transmit → refuse; an appeal after the 10 days is refused.
        await Apply(licensee, "20260");
        await Expect(licensee.Locator("#notice")).ToContainTextAsync("submitted to your provider");
        await Transmit(provider, "20260");
        await Act(official, $"#applications tr[data-zip='20260'][data-status='transmitted'] .refuse-button");
        await Reload(licensee);
        await Expect(licensee.Locator("#notices tr[data-kind='license_refused']")).ToHaveCountAsync(1);
        // Received 11 days ago: the appeal window (P050 2.4) has closed.
        await server.App.WithDb(async db =>
        {
            foreach (var n in await db.Notices.Where(n => n.Kind == "license_refused" && n.LicenseeId == who.LicenseeId).ToListAsync()) n.CreatedAt = n.CreatedAt.AddDays(-11);
            return await db.SaveChangesAsync();
        });
        var refused = licensee.Locator("#applications tr[data-zip='20260'][data-status='refused']");
        await refused.Locator(".appeal-statement").FillAsync("We did not receive the notice until today.");
        await PortalPages.SubmitAndWaitForNextPage(licensee, refused.Locator(".appeal-button"));
        Assert.Contains(await PortalPages.Errors(licensee), e => e.Contains("appeal_window_closed"));

        // 2. Apply at 20500 → transmit → approve: license issued, notices to both.
        await Apply(licensee, "20500");
        await Transmit(provider, "20500");
        await Act(official, "#applications tr[data-zip='20500'][data-status='transmitted'] .approve-button");
        await Reload(licensee);
        var license = licensee.Locator("#licenses tr[data-zip='20500'][data-status='valid']");
        await Expect(license).ToHaveCountAsync(1);
        var licenseId = await license.GetAttributeAsync("data-id");

        // 3. Revoke (P050 2.3c) → the licensee appeals in time → the manager grants: the license is valid again.
        await official.Locator($"#licenses tr[data-id='{licenseId}'] .revocation-reason").SelectOptionAsync("c");
        await Act(official, $"#licenses tr[data-id='{licenseId}'] .revoke-button");
        await Reload(licensee);
        await Expect(licensee.Locator($"#notices tr[data-kind='license_revoked'][data-subject='{licenseId}']")).ToHaveCountAsync(1);
        var revoked = licensee.Locator($"#licenses tr[data-id='{licenseId}']");
        await revoked.Locator(".appeal-statement").FillAsync("Control was restored the same day.");
        await Act(licensee, $"#licenses tr[data-id='{licenseId}'] .appeal-button");
        await Reload(manager);
        var appeal = manager.Locator($"#appeals tr[data-decision='{licenseId}'][data-status='pending']");
        await appeal.Locator(".appeal-reason").FillAsync("Controls verified by the provider.");
        await Act(manager, $"#appeals tr[data-decision='{licenseId}'] .grant-button");
        await Reload(licensee);
        await Expect(licensee.Locator($"#licenses tr[data-id='{licenseId}'][data-status='valid']")).ToHaveCountAsync(1);
        await Expect(licensee.Locator("#notices tr[data-kind='appeal_granted']")).ToHaveCountAsync(1);

        // 4. Updated information (P050 2.5d) → a revised license.
        await licensee.Locator("#update-license").SelectOptionAsync(licenseId!);
        await Apply(licensee, "20500", phone: "202-555-0199");
        await Transmit(provider, "20500");
        await Act(official, "#applications tr[data-zip='20500'][data-status='transmitted'] .approve-button");
        await Reload(licensee);
        await Expect(licensee.Locator($"#licenses tr[data-id='{licenseId}'] .revision")).ToHaveTextAsync("2");

        // 5. A new licensing post office (P050 2.5e) → relicensed there; the old license is superseded.
        await licensee.Locator("#update-license").SelectOptionAsync(licenseId!);
        await Apply(licensee, "20001");
        await Expect(licensee.Locator("#applications tr[data-zip='20001'] .kind")).ToHaveTextAsync("relicense");
        await Transmit(provider, "20001");
        await Act(official, "#applications tr[data-zip='20001'][data-status='transmitted'] .approve-button");
        await Reload(licensee);
        await Expect(licensee.Locator($"#licenses tr[data-id='{licenseId}'][data-status='superseded']")).ToHaveCountAsync(1);
        await Expect(licensee.Locator("#licenses tr[data-zip='20001'][data-status='valid']")).ToHaveCountAsync(1);
        await PortalPages.Screenshot(licensee, "licensing-licensee");
        await PortalPages.Screenshot(official, "licensing-official");
    }

    private static async Task Apply(IPage page, string postOfficeZip, string phone = "202-555-0142")
    {
        await page.GetByLabel("Applicant name").FillAsync("Portal Applicant Co");
        await page.GetByLabel("Key contact").FillAsync("Pat Applicant");
        await page.GetByLabel("Street address").FillAsync("1 Main St");
        await page.GetByLabel("City", new() { Exact = true }).FillAsync("Washington");
        await page.GetByLabel("State", new() { Exact = true }).FillAsync("DC");
        await page.GetByLabel("ZIP Code", new() { Exact = true }).FillAsync("20001");
        await page.GetByLabel("Telephone").FillAsync(phone);
        await page.GetByLabel("E-mail").FillAsync("pat@applicant.example");
        await page.GetByLabel("Post office city").FillAsync("WASHINGTON");
        await page.GetByLabel("Post office state").FillAsync("DC");
        await page.GetByLabel("Post office ZIP Code").FillAsync(postOfficeZip);
        await page.GetByLabel("Signature (name)").FillAsync("Pat Applicant");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#apply-button"));
    }

    private static async Task Transmit(IPage provider, string zip)
    {
        await Reload(provider);
        await Act(provider, $"#applications tr[data-zip='{zip}'][data-status='submitted'] .transmit-button");
    }

    private static async Task Act(IPage page, string selector)
    {
        await Reload(page, onlyIfNeeded: true, selector);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator(selector));
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#notice")).ToBeVisibleAsync();
    }

    private static async Task Reload(IPage page, bool onlyIfNeeded = false, string? selector = null)
    {
        if (onlyIfNeeded && selector is not null && await page.Locator(selector).CountAsync() > 0) return;
        await page.GotoAsync("/portal/licensing");
    }
}
