using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Privacy;
using Ibis.Server.Sandbox;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Privacy Act requests and retention in the portal (notice 820.100 "Notification", "Record Access"
/// and "Contesting Record Procedures", "Retention and Disposal"; issue 6): the licensee contests its
/// own record; the privacy officer logs a written inquiry, verifies identity, answers with the report,
/// accepts one amendment and refuses another; the retention page shows the disposal log; a licensee
/// can neither open the officer's pages nor contest another's record.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PrivacyPageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    private SandboxLogin Officer => server.Sandbox.Logins.First(l => l.Role == "privacy_officer");

    [SkippableFact]
    public async Task Officer_LogsInquiry_VerifiesIdentity_Reports_AcceptsOneAmendment_RefusesAnother()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var (who, recordId) = await WithRecord("Privacy Page Co", "pvpage");
        var customerId = await server.App.WithDb(db => db.CustomerRecords.Where(r => r.Id == recordId).Select(r => r.CustomerNumber).SingleAsync());

        // The licensee asks for two corrections of its own record ("Contesting Record Procedures").
        var (lc, licensee) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using (lc)
        {
            await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#my-record-link"));
            await Expect(licensee.Locator("dd[data-field='ssn_last4']")).ToHaveTextAsync("••••");
            var firstKey = await licensee.Locator("#FormKey").InputValueAsync();
            await Ask(licensee, "customer_information|phone", "202-555-0199");
            // The same form sent again (a reload or a double click carries the same key): nothing is sent twice.
            await licensee.Locator("#FormKey").EvaluateAsync("(e, k) => e.value = k", firstKey);
            await licensee.GetByLabel("Field").SelectOptionAsync("customer_information|phone");
            await licensee.GetByLabel("Correct value (empty: remove it)").FillAsync("202-555-0199");
            await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#amend-button"));
            await Expect(licensee.Locator("#notice")).ToContainTextAsync("already sent");
            await Ask(licensee, "identification|ssn_last4", "4821");
            await Expect(licensee.Locator("#my-requests tr[data-status='received']")).ToHaveCountAsync(2);
            Assert.DoesNotContain("4821", await licensee.ContentAsync());
            await PortalPages.Screenshot(licensee, "privacy-my-record");
        }
        var (phoneRequest, ssnRequest) = await server.App.WithDb(async db =>
        {
            var ids = await db.PrivacyRequests.Where(r => r.RecordId == recordId).OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync();
            return (ids[0], ids[1]);
        });

        var (oc, officer) = await DevicePages.SignedIn(browser, server, Officer);
        await using (oc)
        {
            // A written inquiry: without how it arrived it is refused next to that field, then logged.
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#privacy-requests-link"));
            await officer.GetByLabel("Customer name").FillAsync("Privacy Page Co");
            await officer.GetByLabel("Customer ID").FillAsync(customerId);
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#log-inquiry-button"));
            await Expect(officer.Locator("span[data-valmsg-for='ReceivedVia']")).ToContainTextAsync("received_via_invalid");
            await officer.GetByLabel("Received by").SelectOptionAsync("mail");
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#log-inquiry-button"));
            await Expect(officer.Locator("#request-status")).ToHaveTextAsync("received");
            await Expect(officer.Locator("#report")).ToHaveCountAsync(0); // nothing disclosed before verification

            // 39 CFR 266.6: what was checked is recorded; then the report of records held is shown and downloadable.
            await officer.GetByLabel("Method").SelectOptionAsync("signed_statement_compared");
            await officer.GetByLabel("What was checked").FillAsync("signature compared with the 3601-A on file");
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#verify-button"));
            await Expect(officer.Locator("#verification")).ToContainTextAsync("signature compared");
            await Expect(officer.Locator("#request-status")).ToHaveTextAsync("answered");
            await Expect(officer.Locator($"#report .held-record[data-id='{recordId}']")).ToContainTextAsync("ssn_last4".Replace('_', ' '));
            var download = await officer.RunAndWaitForDownloadAsync(() => officer.Locator("#download-report").ClickAsync());
            var json = await File.ReadAllTextAsync((await download.PathAsync())!);
            Assert.Contains(recordId, json);
            Assert.DoesNotContain("7391", json);
            await PortalPages.Screenshot(officer, "privacy-inquiry-report");

            // The phone correction: verified, accepted; the record shows the new value and keeps version 1 in its history.
            await officer.GotoAsync($"/portal/privacy/requests/{phoneRequest}");
            await Expect(officer.Locator("#requested-changes tr[data-field='phone']")).ToContainTextAsync("202-555-0199");
            await Verify(officer);
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#accept-button"));
            await Expect(officer.Locator("#request-status")).ToHaveTextAsync("accepted");
            await Expect(officer.Locator("#record dd[data-field='phone']")).ToHaveTextAsync("202-555-0199");
            await Expect(officer.Locator("#history tr[data-version='1']")).ToContainTextAsync($"Privacy Act amendment request {phoneRequest}");

            // The SSN correction: the asked-for value is masked; refusing needs reasons, which are then recorded.
            await officer.GotoAsync($"/portal/privacy/requests/{ssnRequest}");
            await Expect(officer.Locator("#requested-changes tr[data-field='ssn_last4']")).ToContainTextAsync("••••");
            Assert.DoesNotContain("4821", await officer.ContentAsync());
            await Verify(officer);
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#refuse-button"));
            await Expect(officer.Locator("span[data-valmsg-for='Reasons']")).ToContainTextAsync("reasons_required");
            await officer.GetByLabel("Reasons (required to refuse)").FillAsync("The SSN last four matches the signed application.");
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#refuse-button"));
            await Expect(officer.Locator("#request-status")).ToHaveTextAsync("refused");
            await Expect(officer.Locator("#refusal-reasons")).ToContainTextAsync("matches the signed application");
            await Expect(officer.Locator("#record dd[data-field='ssn_last4']")).ToHaveTextAsync("••••");
            await PortalPages.Screenshot(officer, "privacy-amendment-refused");

            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#privacy-requests-link"));
            await Expect(officer.Locator($"#requests tr[data-id='{phoneRequest}']")).ToHaveAttributeAsync("data-status", "accepted");
            await Expect(officer.Locator($"#requests tr[data-id='{ssnRequest}']")).ToHaveAttributeAsync("data-status", "refused");
        }
        var reads = await server.App.WithDb(db => db.RecordAccessLog.Where(a => a.RecordId == recordId && a.Role == "privacy_officer").Select(a => a.Action).ToListAsync());
        Assert.Contains("report", reads);
        Assert.Contains("read", reads);
        Assert.Equal(2, await server.App.WithDb(db => db.CustomerRecords.Where(r => r.Id == recordId).Select(r => r.Version).SingleAsync()));
    }

    [SkippableFact]
    public async Task RetentionPage_ShowsTheScheduleTheLastDailyRunAndTheDisposalLog()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var (_, recordId) = await WithRecord("Retention Page Co", "rtpage");
        // A logon 400 days ago is past rule 1 (1 year after the access); the daily job's own call disposes of it.
        var logonId = Ids.New("lgn");
        await server.App.WithDb(db =>
        {
            db.LogonRecords.Add(new LogonRecordRow { Id = logonId, RecordId = recordId, LogonId = "rtpage", At = DateTimeOffset.UtcNow.AddDays(-400) });
            return db.SaveChangesAsync();
        });
        await using (var scope = server.App.Services.CreateAsyncScope())
            Assert.Contains((await scope.ServiceProvider.GetRequiredService<RetentionDisposal>().Run(default, RetentionDisposal.DailyJob)), d => d.RecordId == logonId);

        var (oc, officer) = await DevicePages.SignedIn(browser, server, Officer);
        await using (oc)
        {
            await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#retention-link"));
            await Expect(officer.Locator("#schedule tbody tr")).ToHaveCountAsync(5); // the four Privacy Act categories and Form 3601-C (kept a year)
            await Expect(officer.Locator("#schedule tr[data-category='customer_record']")).ToContainTextAsync("4 years after the customer relationship ends");
            await Expect(officer.Locator("#last-daily-run")).ToContainTextAsync(PortalPages.TodayUtc);
            var row = officer.Locator($"#disposals tr[data-record='{logonId}']");
            await Expect(row).ToHaveAttributeAsync("data-category", "logon");
            await Expect(row).ToContainTextAsync("Retention 1");
            await Expect(row).ToContainTextAsync(recordId);
            await PortalPages.Screenshot(officer, "privacy-retention");
        }
    }

    [SkippableFact]
    public async Task Licensee_CannotOpenTheOfficersPages_NorContestAnothersRecord()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var (who, _) = await WithRecord("Curious Co", "curious");
        var (_, otherRecord) = await WithRecord("Victim Co", "victim");

        var (lc, licensee) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using (lc)
        {
            await Expect(licensee.Locator("#privacy-requests-link")).ToHaveCountAsync(0);
            foreach (var path in new[] { "/portal/privacy/requests", "/portal/privacy/retention", "/portal/privacy/requests/pvr_anything" })
            {
                var response = await licensee.GotoAsync(path);
                Assert.Equal(403, response!.Status);
                await Expect(licensee.Locator("#forbidden")).ToBeVisibleAsync();
            }

            // A changed form naming another licensee's record: not found, and nothing is recorded.
            await licensee.GotoAsync("/portal/privacy/my-record");
            await licensee.Locator("#RecordId").EvaluateAsync("(e, id) => e.value = id", otherRecord);
            await licensee.GetByLabel("Field").SelectOptionAsync("customer_information|industry");
            await licensee.GetByLabel("Correct value (empty: remove it)").FillAsync("Spoofing");
            await PortalPages.SubmitAndWaitForNextPage(licensee, licensee.Locator("#amend-button"));
            await Expect(licensee.Locator("#not-found")).ToBeVisibleAsync();
            Assert.DoesNotContain("VICTIM CO", await licensee.ContentAsync());
        }
        Assert.Equal(0, await server.App.WithDb(db => db.PrivacyRequests.CountAsync(r => r.RecordId == otherRecord)));
    }

    [SkippableFact]
    public async Task Officer_DisclosesARecord_AndTheFormSentAgainRecordsNoSecondLine()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var (_, recordId) = await WithRecord("Disclosure Page Co", "dspage");
        var (oc, officer) = await DevicePages.SignedIn(browser, server, Officer);
        await using var _ = oc;
        await officer.GotoAsync("/portal/privacy/disclosures");
        await officer.GetByLabel("Record").FillAsync(recordId);
        await officer.GetByLabel("Recipient", new() { Exact = true }).FillAsync("Clerk of the District Court");
        await officer.GetByLabel("Recipient's address").FillAsync("333 Constitution Ave NW, Washington DC 20001");
        await officer.GetByLabel("Routine use").SelectOptionAsync("legal_proceedings");
        await officer.GetByLabel("Purpose", new() { Exact = true }).FillAsync("subpoena 24-117");
        var form = await AccountPages.Keep(officer, "#disclose-form");
        await PortalPages.SubmitAndWaitForNextPage(officer, officer.Locator("#disclose-button"));
        Assert.Empty(await PortalPages.Errors(officer));
        // Post/redirect/get: the page shown after the form names the disclosure and shows what was handed over.
        Assert.Contains("?disclosed=dsc_", officer.Url, StringComparison.Ordinal);
        await Expect(officer.Locator("#disclosed")).ToContainTextAsync("Clerk of the District Court");
        await Expect(officer.Locator("#disclosed dl")).Not.ToHaveCountAsync(0);
        Task<int> Lines() => server.App.WithDb(db => db.Disclosures.CountAsync(d => d.RecordId == recordId));
        Assert.Equal(1, await Lines());

        // A double click and a resend (5 U.S.C. 552a(c)): each lands on the one disclosure; the accounting has one line.
        var landed = await AccountPages.Resend(officer, form);
        Assert.All(landed, l => Assert.Equal(officer.Url, l[4..].Split("&done=")[0]));
        Assert.Equal(1, await Lines());
    }

    private async Task<(SandboxCredentials Who, string RecordId)> WithRecord(string name, string logon)
    {
        var who = await server.App.NewLicensee(name);
        using var api = server.Api(who.ApiKey);
        var created = await api.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, name, logon + Guid.NewGuid().ToString("N")[..6])).Ok(System.Net.HttpStatusCode.Created);
        return (who, (string)created["id"]!);
    }

    private static async Task Ask(IPage page, string field, string value)
    {
        await page.GetByLabel("Field").SelectOptionAsync(field);
        await page.GetByLabel("Correct value (empty: remove it)").FillAsync(value);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#amend-button"));
        await Expect(page.Locator("#notice")).ToContainTextAsync("sent to the privacy officer");
    }

    private static async Task Verify(IPage page)
    {
        await page.GetByLabel("Method").SelectOptionAsync("notarized_statement");
        await page.GetByLabel("What was checked").FillAsync("notarized statement received with the letter");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#verify-button"));
        await Expect(page.Locator("#notice")).ToContainTextAsync("Identity verified");
    }
}
