using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// Issue 12 "done when", the defective story in a browser: the licensee reports the device defective; the
    /// provider records its retrieval (a shipment, refused first for an unauthorized service), the examination
    /// and the replacement; the replacement shows the moved postage.
    /// </summary>
    [SkippableFact]
    public async Task Defective_Retrieved_Examined_Replaced_TheReplacementHoldsThePostage()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Portal Defective Mailer");
        var api = server.Api(server.Sandbox.ProviderApiKey!);
        var spare = (string)(await api.PostJson("/v1/devices", new { }).Ok(System.Net.HttpStatusCode.Created))["id"]!;
        await api.PostJson($"/v1/devices/{spare}/inspection", new { passed = true }).Ok();

        var (licenseeContext, licensee) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = licenseeContext;
        await licensee.GotoAsync($"/portal/devices/{who.DeviceId}");
        var remaining = await DevicePages.Text(licensee, "#descending");
        await licensee.Locator("#defect-details").FillAsync("the registers stop moving after each print");
        await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#report-defective-button"));
        Assert.Empty(await PortalPages.Errors(licensee));
        await Expect(licensee.Locator("#status")).ToHaveTextAsync("defective");
        await Expect(licensee.Locator("#retrieval-due")).ToContainTextAsync("(not retrieved)");

        var (providerContext, provider) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using var __ = providerContext;
        await provider.GotoAsync($"/portal/devices/{who.DeviceId}");
        var retrieve = provider.Locator("#retrieve-form");
        await retrieve.GetByLabel("Carrier").FillAsync("ups");
        await retrieve.GetByLabel("Service").SelectOptionAsync("other");
        await retrieve.GetByLabel("Tracking number").FillAsync("1Z999AA10123456784");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#retrieve-button"));
        Assert.Contains(await PortalPages.Errors(provider), e => e.Contains("shipment_service_not_authorized"));
        await Expect(provider.Locator("#status")).ToHaveTextAsync("defective");

        retrieve = provider.Locator("#retrieve-form");
        await retrieve.GetByLabel("Carrier").FillAsync("usps");
        await retrieve.GetByLabel("Service").SelectOptionAsync("registered_mail");
        await retrieve.GetByLabel("Tracking number").FillAsync("RE123456789US");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#retrieve-button"));
        Assert.Empty(await PortalPages.Errors(provider));
        await Expect(provider.Locator("#retrieval-due")).ToContainTextAsync("(retrieved)");
        await Expect(provider.Locator("#shipments tr[data-direction='to_provider'] .tracking")).ToHaveTextAsync("RE123456789US");

        await provider.Locator("#examination-findings").FillAsync("display controller fault; registers intact");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#examine-button"));
        Assert.Empty(await PortalPages.Errors(provider));
        await Expect(provider.Locator("#history tbody tr[data-kind='examined']")).ToHaveCountAsync(1);

        await provider.Locator("#replace-form").GetByLabel("Replacement device").FillAsync(spare);
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#replace-button"));
        Assert.Empty(await PortalPages.Errors(provider));
        await Expect(provider).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/portal/devices/{spare}"));
        await Expect(provider.Locator("#status")).ToHaveTextAsync("in service");
        await Expect(provider.Locator("#descending")).ToHaveTextAsync(remaining);
        await PortalPages.Screenshot(provider, "device-replaced");

        // The licensee's old device is checked out with its Form 3601-C; the history tells the story.
        await licensee.GotoAsync($"/portal/devices/{who.DeviceId}");
        await Expect(licensee.Locator("#status")).ToHaveTextAsync("withdrawn");
        await Expect(licensee.Locator("#activity-report-pdf")).ToHaveCountAsync(1);
        foreach (var kind in new[] { "reported_defective", "retrieved", "examined", "replaced", "checked_out" })
            await Expect(licensee.Locator($"#history tbody tr[data-kind='{kind}']")).ToHaveCountAsync(1);
    }

    /// <summary>
    /// Issue 12 "done when", the lost story in a browser: the licensee reports the device lost; the police report and
    /// the Inspection Service notification are recorded on the page (the replacement is refused until both are,
    /// §502.24(b)(2)); the provider replaces it (the missing device keeps its postage, the replacement starts at
    /// $0.000); the licensee records its recovery; the provider checks it out and Form 3601-C shows its postage as
    /// the validated refund, with the deposit account unchanged until the district approves it.
    /// </summary>
    [SkippableFact]
    public async Task Lost_Reported_Replaced_Recovered_CheckedOut_WithTheMoneyOnThePages()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Portal Lost Replaced Mailer");
        var api = server.Api(server.Sandbox.ProviderApiKey!);
        var spare = (string)(await api.PostJson("/v1/devices", new { }).Ok(System.Net.HttpStatusCode.Created))["id"]!;
        await api.PostJson($"/v1/devices/{spare}/inspection", new { passed = true }).Ok();
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var (licenseeContext, licensee) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = licenseeContext;
        await licensee.GotoAsync($"/portal/devices/{who.DeviceId}");
        var remaining = await DevicePages.Text(licensee, "#descending");
        var balance = await DevicePages.Text(licensee, "#balance");
        var form = licensee.Locator("#report-missing-form");
        await form.GetByLabel("What happened").SelectOptionAsync("lost");
        await form.GetByLabel("On").FillAsync(yesterday);
        await form.GetByLabel("Where").FillAsync("Union Station, Washington DC");
        await licensee.Locator("#missing-details").FillAsync("left on the train in its case");
        await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#report-missing-button"));
        Assert.Empty(await PortalPages.Errors(licensee));
        await Expect(licensee.Locator("#status")).ToHaveTextAsync("lost");

        // §502.24(b)(1): the licensee records its police report on the page.
        await licensee.Locator("#notify-police-report").FillAsync("MPD 26-118832");
        await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#notify-button"));
        Assert.Empty(await PortalPages.Errors(licensee));
        await Expect(licensee.Locator("#police-report")).ToHaveTextAsync("MPD 26-118832");

        // §502.24(b)(2): the provider's replacement is refused until the Inspection Service is notified too.
        var (providerContext, provider) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using var __ = providerContext;
        await provider.GotoAsync($"/portal/devices/{who.DeviceId}");
        await provider.Locator("#replace-form").GetByLabel("Replacement device").FillAsync(spare);
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#replace-button"));
        Assert.Contains(await PortalPages.Errors(provider), e => e.Contains("replacement_withheld"));
        await provider.Locator("#notify-form").GetByLabel("Inspection Service contact").FillAsync("CPIP specialist, Washington Division");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#notify-button"));
        Assert.Empty(await PortalPages.Errors(provider));
        await Expect(provider.Locator("#inspection-service")).ToHaveTextAsync("CPIP specialist, Washington Division");
        await Expect(provider.Locator("#notify-form")).ToHaveCountAsync(0);

        await provider.Locator("#replace-form").GetByLabel("Replacement device").FillAsync(spare);
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#replace-button"));
        Assert.Empty(await PortalPages.Errors(provider));
        await Expect(provider).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/portal/devices/{spare}"));
        await Expect(provider.Locator("#status")).ToHaveTextAsync("in service");
        await Expect(provider.Locator("#descending")).ToHaveTextAsync("$0.000"); // the missing device keeps its postage (§502.24(c))
        await Expect(provider.Locator("#balance")).ToHaveTextAsync(balance);
        await Expect(provider.Locator("#history tbody tr[data-kind='replacement_for']")).ToHaveCountAsync(1);

        // §502.24(c), (d): found again; the licensee records the recovery. Its postage is still on it.
        await licensee.GotoAsync($"/portal/devices/{who.DeviceId}");
        await Expect(licensee.Locator("#descending")).ToHaveTextAsync(remaining);
        await licensee.Locator("#recover-form").GetByLabel("On").FillAsync(PortalPages.TodayUtc);
        await licensee.Locator("#recover-form").GetByLabel("Where").FillAsync("Amtrak lost and found");
        await licensee.Locator("#recover-form").GetByLabel("How").FillAsync("handed in by a passenger, case sealed");
        await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#recover-button"));
        Assert.Empty(await PortalPages.Errors(licensee));
        await Expect(licensee.Locator("#status")).ToHaveTextAsync("recovered");

        // A recovered device that has a replacement is checked out: Form 3601-C shows its postage as the validated refund.
        await provider.GotoAsync($"/portal/devices/{who.DeviceId}");
        await provider.Locator("#withdraw-form").GetByLabel("Reason").FillAsync("recovered after replacement");
        await provider.Locator("#withdraw-form input[type=checkbox]").CheckAsync();
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#withdraw-button"));
        Assert.Empty(await PortalPages.Errors(provider));
        await Expect(provider.Locator("#status")).ToHaveTextAsync("withdrawn");
        await Expect(provider.Locator("#validated-refund")).ToContainTextAsync(remaining);
        await Expect(provider.Locator("#refund-due")).ToHaveTextAsync(remaining);
        await Expect(provider.Locator("#balance")).ToHaveTextAsync(balance); // credited when the district MATS coordinator approves (§502.27(b)(4))
        foreach (var kind in new[] { "reported_lost", "police_report_recorded", "inspection_service_notified", "replaced", "recovered", "recovery_report_filed", "checked_out" })
            await Expect(provider.Locator($"#history tbody tr[data-kind='{kind}']")).ToHaveCountAsync(1);
        await PortalPages.Screenshot(provider, "device-lost-replaced-recovered");
    }

    /// <summary>
    /// §502.22(a) in a browser: a device whose clock/timer life ends within 90 days is listed on the inventory page
    /// as due; the provider replaces it from its device page, after a confirmation that names the postage that
    /// moves; the replacement holds that postage and the old device is checked out.
    /// </summary>
    [SkippableFact]
    public async Task ADueDevice_IsListed_AndReplacedAfterAConfirmationNamingTheAmount()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Portal Due Mailer");
        var api = server.Api(server.Sandbox.ProviderApiKey!);
        var spare = (string)(await api.PostJson("/v1/devices", new { }).Ok(System.Net.HttpStatusCode.Created))["id"]!;
        await api.PostJson($"/v1/devices/{spare}/inspection", new { passed = true }).Ok();
        await server.App.WithDb(async db =>
        {
            var d = await db.Devices.SingleAsync(x => x.Id == who.DeviceId);
            d.CommissionedAt = DateTimeOffset.UtcNow.AddMonths(-Domain.Psd.ReplacementDue.ClockLifeMonths).AddDays(20);
            return await db.SaveChangesAsync();
        });

        var (context, provider) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using var _ = context;
        await provider.GotoAsync("/portal/devices/inventory");
        var row = provider.Locator($"#replacements-due tr[data-id='{who.DeviceId}']");
        await Expect(row.Locator(".due")).ToHaveTextAsync("clock");
        var held = await row.Locator(".amount").InnerTextAsync();
        await PortalPages.SubmitAndWaitForNextPage(provider, row.Locator(".replace-link"));
        await Expect(provider.Locator("#replacement-due")).ToContainTextAsync("clock/timer life ends");

        await provider.Locator("#replace-due-form").GetByLabel("Replacement device").FillAsync(spare);
        await provider.Locator("#replace-due-button").ClickAsync();
        var dialog = provider.Locator("#confirm-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator(".question")).ToContainTextAsync($"Its {held.Trim()} of postage moves to the replacement");
        await Expect(dialog.Locator(".reason")).ToHaveTextAsync($"Replacement: {spare}");
        await PortalPages.SubmitAndWaitForNextPage(provider, provider.Locator("#confirm-yes"));
        Assert.Empty(await PortalPages.Errors(provider));
        await Expect(provider).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/portal/devices/{spare}"));
        await Expect(provider.Locator("#descending")).ToHaveTextAsync(held.Trim());
        await Expect(provider.Locator("#notice")).ToContainTextAsync(who.DeviceId);
        await provider.GotoAsync($"/portal/devices/{who.DeviceId}");
        await Expect(provider.Locator("#status")).ToHaveTextAsync("withdrawn");
        await Expect(provider.Locator("#validated-refund")).ToContainTextAsync(held.Trim());
    }
}
