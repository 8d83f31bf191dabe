using System.Text.Json;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// The device page in a browser: a licensee's resets (and the cap, and idempotency), the
/// provider's audits and withdrawal with Form 3601-C, the open cases, and scoping between licensees.
/// Each test uses a fresh licensee: DR $100.000 after reset 1, deposit account $900.000.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DevicePageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    [SkippableFact]
    public async Task Licensee_RequestsReset_SeesRegistersBalanceAndSignedRecord()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Reset Requesting Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;

        await DevicePages.OpenFromHome(page, who.DeviceId);
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/portal/devices/{who.DeviceId}");
        await Expect(page.Locator("#status")).ToHaveTextAsync("in service");
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$100.000");
        await Expect(page.Locator("#control-total")).ToHaveTextAsync("$100.000");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$900.000");
        await Expect(page.Locator("#room")).ToHaveTextAsync("$400.000");
        await Expect(page.Locator("#reset-cap")).ToHaveTextAsync("$500.000");
        await Expect(page.Locator("#audit-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#withdraw-form")).ToHaveCountAsync(0);

        await DevicePages.RequestReset(page, "50");

        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#notice")).ToContainTextAsync("Reset 2 accepted: $50.000");
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$150.000");
        await Expect(page.Locator("#ascending")).ToHaveTextAsync("$0.000");
        await Expect(page.Locator("#control-total")).ToHaveTextAsync("$150.000");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$850.000");
        await Expect(page.Locator("#reset-count")).ToHaveTextAsync("2");
        await Expect(page.Locator("#room")).ToHaveTextAsync("$350.000");
        var row = page.Locator("#reset-2");
        await Expect(row.Locator(".sequence")).ToHaveTextAsync("2");
        await Expect(row.Locator(".amount")).ToHaveTextAsync("$50.000");
        await Expect(row.Locator(".descending")).ToHaveTextAsync("$150.000");
        await Expect(row.Locator(".control-total")).ToHaveTextAsync("$150.000");
        await Expect(row.Locator(".balance")).ToHaveTextAsync("$850.000");
        await Expect(page.Locator("#resets tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#audits tbody tr").First).ToContainTextAsync("passed");
        await PortalPages.Screenshot(page, "device-after-reset");

        // The signed reset record downloads as the API's reset JSON.
        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("a.record-link").ClickAsync());
        Assert.Null(await download.FailureAsync());
        var resetId = await row.GetAttributeAsync("data-id");
        Assert.Equal($"{resetId}.json", download.SuggestedFilename);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal("reset", record.RootElement.GetProperty("object").GetString());
        Assert.Equal(resetId, record.RootElement.GetProperty("id").GetString());
        Assert.Equal(2, record.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("50.000", record.RootElement.GetProperty("amount").GetProperty("amount").GetString());
        var signed = JsonDocument.Parse(Convert.FromBase64String(record.RootElement.GetProperty("record").GetString()!));
        Assert.Equal(resetId, signed.RootElement.GetProperty("reset_id").GetString());
        Assert.NotEmpty(Convert.FromBase64String(record.RootElement.GetProperty("signature").GetString()!));
    }

    [SkippableFact]
    public async Task ResetAboveCap_ShowsRuleCode_AndChangesNothing()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Greedy Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;
        await page.GotoAsync($"/portal/devices/{who.DeviceId}");

        await DevicePages.RequestReset(page, "450");

        var errors = await PortalPages.Errors(page);
        Assert.Contains(errors, e => e.Contains("would exceed the cap of $500.000", StringComparison.Ordinal)
                                     && e.EndsWith("(reset_exceeds_cap)", StringComparison.Ordinal));
        await Expect(page.Locator("#notice")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Amount ($)")).ToHaveValueAsync("450");
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$100.000");
        await Expect(page.Locator("#control-total")).ToHaveTextAsync("$100.000");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$900.000");
        await Expect(page.Locator("#reset-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#resets tbody tr")).ToHaveCountAsync(1);
        await PortalPages.Screenshot(page, "device-reset-above-cap");

        // Correcting the amount on the same form (same key) then works.
        await DevicePages.RequestReset(page, "400");
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$500.000");
        await Expect(page.Locator("#room")).ToHaveTextAsync("$0.000");
    }

    [SkippableFact]
    public async Task ReloadAfterReset_AndDoubleSubmit_ResetOnlyOnce()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Impatient Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;
        await page.GotoAsync($"/portal/devices/{who.DeviceId}");

        await DevicePages.RequestReset(page, "50");
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$150.000");
        // Post/redirect/get: the page after a reset is a GET, so reloading it posts nothing.
        Assert.Contains("?reset=rst_", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$150.000");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$850.000");
        await Expect(page.Locator("#resets tbody tr")).ToHaveCountAsync(2);

        // A double click (or a resent form): the same form posted twice carries one key, so one reset.
        await page.GetByLabel("Amount ($)").FillAsync("25");
        var statuses = await page.EvaluateAsync<int[]>(
            """
            async () => {
                const form = document.querySelector('#reset-form');
                const body = new FormData(form);
                const replies = await Promise.all([1, 2].map(() => fetch(form.action, { method: 'POST', body })));
                return replies.map(r => r.status);
            }
            """);
        Assert.Equal([200, 200], statuses);
        await page.GotoAsync($"/portal/devices/{who.DeviceId}");
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$175.000");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$825.000");
        await Expect(page.Locator("#reset-count")).ToHaveTextAsync("3");
        await Expect(page.Locator("#resets tbody tr")).ToHaveCountAsync(3);
    }

    [SkippableFact]
    public async Task Provider_RunsAudit_SeesPassedAudit_AndWatchdogMoves()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Audited Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using var _ = context;

        // The provider's home lists its licensees' devices with status and watchdog deadline.
        var homeRow = page.Locator($"#devices tr[data-id='{who.DeviceId}']");
        await Expect(homeRow).ToContainTextAsync("Audited Mailer");
        await Expect(homeRow).ToContainTextAsync("in service");
        await Expect(homeRow.Locator("td[data-state='ok']")).ToHaveCountAsync(1);
        await PortalPages.Screenshot(page, "provider-home");
        await DevicePages.OpenFromHome(page, who.DeviceId);
        var before = await page.Locator("#watchdog").GetAttributeAsync("data-deadline");
        await Expect(page.Locator("#audits tbody tr")).ToHaveCountAsync(1); // the audit within reset 1

        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#audit-button"));

        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#notice")).ToContainTextAsync("Device audit passed");
        await Expect(page.Locator("#audits tbody tr")).ToHaveCountAsync(2);
        var latest = page.Locator("#audits tbody tr").First;
        await Expect(latest).ToContainTextAsync("on demand");
        await Expect(latest.Locator("td.result-passed")).ToHaveTextAsync("passed");
        var after = await page.Locator("#watchdog").GetAttributeAsync("data-deadline");
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.True(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)
                    > DateTimeOffset.Parse(before, System.Globalization.CultureInfo.InvariantCulture),
            $"watchdog deadline did not move: {before} → {after}");
        await Expect(page.Locator("#status")).ToHaveTextAsync("in service");
        await PortalPages.Screenshot(page, "device-provider-audit");
    }

    [SkippableFact]
    public async Task Provider_WithdrawsDevice_AfterConfirming_AndSeesActivityReport()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Departing Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using var _ = context;
        await page.GotoAsync($"/portal/devices/{who.DeviceId}");

        // Without the confirmation nothing happens.
        await page.GetByLabel("Reason").FillAsync("lease ended");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#withdraw-button"));
        Assert.Contains(await PortalPages.Errors(page), e => e.EndsWith("(confirmation_required)", StringComparison.Ordinal));
        await Expect(page.Locator("#status")).ToHaveTextAsync("in service");
        await Expect(page.Locator("#activity-report")).ToHaveCountAsync(0);

        await page.GetByLabel("Reason").FillAsync("lease ended");
        await page.GetByLabel("I confirm: this device will never print again").CheckAsync();
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#withdraw-button"));

        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#status")).ToHaveTextAsync("withdrawn");
        var report = page.Locator("#activity-report");
        await Expect(report).ToContainTextAsync("Form 3601-C");
        await Expect(page.Locator("#refund-due")).ToHaveTextAsync("$100.000");
        Assert.Equal(await DevicePages.Text(page, "#descending"), await DevicePages.Text(page, "#refund-due"));
        await Expect(page.Locator("#report-descending")).ToHaveTextAsync("$100.000");
        await Expect(page.Locator("#report-control-total")).ToHaveTextAsync("$100.000");
        await Expect(page.Locator("#report-reason")).ToHaveTextAsync("lease ended");
        await Expect(page.Locator("#reset-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#audit-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#withdraw-form")).ToHaveCountAsync(0);
        await PortalPages.Screenshot(page, "device-withdrawn");

        // The licensee sees the same report on its page.
        var (licenseeContext, licenseePage) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var __ = licenseeContext;
        await licenseePage.GotoAsync($"/portal/devices/{who.DeviceId}");
        await Expect(licenseePage.Locator("#status")).ToHaveTextAsync("withdrawn");
        await Expect(licenseePage.Locator("#refund-due")).ToHaveTextAsync("$100.000");
    }

    [SkippableFact]
    public async Task Licensee_CannotOpenAnotherLicenseesDevice()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var mine = await server.App.NewLicensee("Curious Mailer");
        var theirs = await server.App.NewLicensee("Private Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, mine.Logins.Single());
        await using var _ = context;
        await Expect(page.Locator($"#devices tr[data-id='{theirs.DeviceId}']")).ToHaveCountAsync(0);

        var response = await page.GotoAsync($"/portal/devices/{theirs.DeviceId}");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("#not-found")).ToHaveTextAsync("There is no such device, or it is not yours.");
        await PortalPages.Screenshot(page, "device-not-found");
        var resetId = await server.App.WithDb(db => Task.FromResult(db.Resets.Single(r => r.DeviceId == theirs.DeviceId).Id));
        var record = await page.GotoAsync($"/portal/devices/{theirs.DeviceId}?handler=Record&resetId={resetId}");
        Assert.Equal(404, record!.Status);
        var unknown = await page.GotoAsync("/portal/devices/psd_nothinghere");
        Assert.Equal(404, unknown!.Status);

        // Nor reset it by posting to its page: the form for my device, aimed at theirs.
        await page.GotoAsync($"/portal/devices/{mine.DeviceId}");
        await page.GetByLabel("Amount ($)").FillAsync("10");
        var status = await page.EvaluateAsync<int>(
            """
            async (target) => {
                const form = document.querySelector('#reset-form');
                const reply = await fetch(form.action.replace(/psd_[a-z2-7]+/, target), { method: 'POST', body: new FormData(form) });
                return reply.status;
            }
            """, theirs.DeviceId);
        Assert.Equal(404, status);
        using var api = server.Api(theirs.ApiKey);
        var device = await Infrastructure.Json.Body(await api.GetAsync($"v1/devices/{theirs.DeviceId}"));
        Assert.Equal("100.000", (string)device["descending_register"]!["amount"]!);
    }

    [SkippableFact]
    public async Task Provider_SeesOpenCases_WithLinksToTheirDevices()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Suspicious Mailer");
        var caseId = Ids.New("case");
        await server.App.WithDb(async db =>
        {
            var device = db.Devices.Single(d => d.Id == who.DeviceId);
            db.Cases.Add(new CaseRow
            {
                Id = caseId, DeviceId = device.Id, ProviderId = device.ProviderId, Kind = "audit_failed",
                Detail = "descending register does not match the records", CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var (context, page) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using var _ = context;

        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#cases-link"));
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal/cases");
        var row = page.Locator($"#cases tr[data-id='{caseId}']");
        await Expect(row).ToContainTextAsync("audit failed");
        await Expect(row).ToContainTextAsync("descending register does not match the records");
        await Expect(row).ToContainTextAsync("Suspicious Mailer");
        await PortalPages.Screenshot(page, "provider-cases");
        await PortalPages.SubmitAndWaitForNextPage(page, row.Locator("a.device-link"));
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/portal/devices/{who.DeviceId}");

        // A licensee has no cases page.
        var (licenseeContext, licenseePage) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var __ = licenseeContext;
        await Expect(licenseePage.Locator("#cases-link")).ToHaveCountAsync(0);
        var response = await licenseePage.GotoAsync("/portal/cases");
        Assert.Equal(404, response!.Status);
    }
}
