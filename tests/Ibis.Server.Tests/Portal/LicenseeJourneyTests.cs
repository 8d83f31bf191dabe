using System.Text;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Issue 19, item 1: a small business that has never read the rule prices and prints an envelope to a
/// saved address (the price and a confirmation before anything is spent, the result at the top),
/// prints a batch from a CSV file after a preview of every row, and finds a piece in History and
/// reprints it without a second debit.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LicenseeJourneyTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    private async Task<(IPage Page, HttpClient Api, Ibis.Server.Sandbox.SandboxCredentials Who, IBrowserContext Context)> SignedIn(string name)
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee(name);
        var login = who.Logins.Single();
        var context = await browser.NewContext(server.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await PortalPages.SignIn(page, login.Email, login.Password);
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal");
        return (page, server.Api(who.ApiKey), who, context);
    }

    private static async Task<string> Descending(HttpClient api, string deviceId) =>
        (string)(await (await api.GetAsync($"v1/devices/{deviceId}")).Body())["descending_register"]!["amount"]!;

    [SkippableFact]
    public async Task Licensee_PricesConfirmsAndPrints_ToASavedAddress_WithTheResultAtTheTop()
    {
        var (page, api, who, context) = await SignedIn("Journey Mailer");
        await using var _ = context;
        using var __ = api;

        // The address book: saved once, chosen on the print page.
        await page.GotoAsync("/portal/address-book");
        await page.GetByLabel("Name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Street").FillAsync("475 L'Enfant Plaza SW");
        await page.GetByLabel("City").FillAsync("Washington");
        await page.GetByLabel("State").FillAsync("DC");
        await page.GetByLabel("ZIP Code", new() { Exact = true }).FillAsync("20260");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#save-address"));
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#addresses tbody tr")).ToHaveCountAsync(1);
        // The sender, marked as the default return address (printed upper left on the envelope).
        await page.GetByLabel("Name").FillAsync("Grace Hopper");
        await page.GetByLabel("Company (optional)").FillAsync("Journey Mailer LLC");
        await page.GetByLabel("Street").FillAsync("1 Market St");
        await page.GetByLabel("City").FillAsync("Bethesda");
        await page.GetByLabel("State").FillAsync("MD");
        await page.GetByLabel("ZIP Code", new() { Exact = true }).FillAsync("20814");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#save-address"));
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#addresses tr:has-text('GRACE HOPPER') button.default-return"));
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#addresses tr:has-text('GRACE HOPPER') #default-return")).ToBeVisibleAsync();

        // The destination is required on the server too, not only by the browser.
        await page.GotoAsync("/portal/print");
        await page.Locator("#DestinationZip").EvaluateAsync("e => e.removeAttribute('required')");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#price-button"));
        Assert.Contains(await PortalPages.Errors(page), e => e.Contains("destination_zip_required", StringComparison.Ordinal));

        await PortalPages.FillPrintForm(page, who.DeviceId, "first_class/letter", "1", "20260", PortalPages.TodayUtc);
        await page.GetByLabel("Saved address").SelectOptionAsync(new SelectOptionValue { Label = "ADA LOVELACE, WASHINGTON DC 20260" });
        // The default return address comes preselected; "none" and every saved address can be chosen instead.
        await Expect(page.Locator("#FromAddressId option:checked")).ToHaveTextAsync("JOURNEY MAILER LLC, BETHESDA MD 20814 (default)");
        await Expect(page.Locator("#FromAddressId option")).ToHaveCountAsync(3);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#price-button"));
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#quote-postage")).ToHaveTextAsync("$0.740");
        await Expect(page.Locator("#quote-available")).ToHaveTextAsync("$99.260");
        await Expect(page.Locator("#print-button")).ToHaveTextAsync("Print for $0.740");
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("ADA LOVELACE"); // kept as USPS addresses are: in capitals
        Assert.Equal("100.000", await Descending(api, who.DeviceId)); // a price costs nothing
        await PortalPages.Screenshot(page, "print-confirm");

        // Changed after the price was shown: the new price is shown, nothing is spent.
        await page.GetByLabel("Weight (oz)").FillAsync("2");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#print-button"));
        await Expect(page.Locator("#price-changed")).ToBeVisibleAsync();
        await Expect(page.Locator("#print-button")).ToHaveTextAsync("Print for $1.030");
        Assert.Equal("100.000", await Descending(api, who.DeviceId));

        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#print-button"));
        Assert.Empty(await PortalPages.Errors(page));
        var printed = page.Locator("#printed");
        await Expect(printed).ToBeVisibleAsync();
        await Expect(page.Locator("#postage")).ToHaveTextAsync("$1.030");
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$98.970");
        await Expect(page.Locator("#imb")).ToBeVisibleAsync(); // the saved address was printed with its IMb
        // The result comes first: above the form, in the first screen.
        var result = (await printed.BoundingBoxAsync())!;
        var form = (await page.Locator("#print-form").BoundingBoxAsync())!;
        Assert.True(result.Y < form.Y, $"the result (y={result.Y}) is above the form (y={form.Y})");
        Assert.True(result.Y < 300, $"the result starts in the first screen (y={result.Y})");
        Assert.True(await page.Locator("#printed img.preview").EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 300"), "the preview image loads");
        await Expect(page.Locator("#download-pdf")).ToBeVisibleAsync();
        await Expect(page.Locator("#print-now")).ToBeVisibleAsync();
        Assert.Equal("98.970", await Descending(api, who.DeviceId));
        await Expect(page.Locator("#from-address")).ToContainTextAsync("GRACE HOPPER, JOURNEY MAILER LLC, 1 MARKET ST, BETHESDA MD 20814");
        await PortalPages.Screenshot(page, "print-result-top");

        // History shows who sent it; its reprint is drawn with the same stored return address.
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#history-link"));
        await Expect(page.Locator("#history tbody tr").First.Locator(".from-address")).ToHaveTextAsync("from GRACE HOPPER");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#history tbody tr").First.Locator("a.reprint"));
        await Expect(page.Locator("#from-address")).ToContainTextAsync("JOURNEY MAILER LLC");
        Assert.Equal("98.970", await Descending(api, who.DeviceId));
    }

    [SkippableFact]
    public async Task Licensee_UploadsACsvOfThree_SeesTheBadRowBeforeSpending_AndPrintsTheTwoGoodOnes()
    {
        var (page, api, who, context) = await SignedIn("Batch Mailer");
        await using var _ = context;
        using var __ = api;
        var csv = "mail_class,rate_category,weight_oz,destination_zip,to_name,to_line1,to_city,to_state,to_zip5\n" +
                  "first_class,letter,1,20260,Ada Lovelace,475 L'Enfant Plaza SW,Washington,DC,20260\n" +
                  "first_class,letter,99,10001,,,,,\n" +
                  "first_class,letter,2,30301,,,,,\n";
        await page.GotoAsync("/portal/batch");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "pieces.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#preview-button"));
        Assert.Empty(await PortalPages.Errors(page));

        await Expect(page.Locator("#preview tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#preview tr[data-line='2'] td.amount")).ToHaveTextAsync("$0.740");
        await Expect(page.Locator("#preview tr[data-line='3'] .row-error")).ToContainTextAsync("weight_invalid");
        await Expect(page.Locator("#preview tr[data-line='4'] td.amount")).ToHaveTextAsync("$1.030");
        await Expect(page.Locator("#batch-total")).ToHaveTextAsync("$1.770");
        await Expect(page.Locator("#print-batch-button")).ToHaveTextAsync("Print 2 pieces for $1.770");
        Assert.Equal("100.000", await Descending(api, who.DeviceId)); // the preview spends nothing
        await PortalPages.Screenshot(page, "batch-preview");

        // The print form is idempotent (post/redirect/get): posted twice at once (a double click) it prints
        // once, and both land on the one batch; the button pressed afterwards (a resend) lands there too.
        var replies = await page.EvaluateAsync<string[]>(
            """
            async () => {
                const form = document.querySelector('#batch-print');
                const body = new FormData(form);
                const both = await Promise.all([1, 2].map(() => fetch(form.action, { method: 'POST', body })));
                return both.map(r => r.status + ' ' + r.url);
            }
            """);
        Assert.All(replies, r => Assert.StartsWith("200 ", r, StringComparison.Ordinal));
        var batch = replies.Select(r => r[4..].Split("&done=")[0]).Distinct().ToList();
        Assert.Single(batch);
        Assert.Contains("/portal/batch?device=", batch[0], StringComparison.Ordinal);
        Assert.Equal("98.230", await Descending(api, who.DeviceId));
        var batchForm = await AccountPages.Keep(page, "#batch-print");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#print-batch-button"));
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#notice")).ToContainTextAsync("already printed");
        Assert.StartsWith(batch[0], page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#printed-count")).ToHaveTextAsync("2");
        await Expect(page.Locator("#printed-total")).ToHaveTextAsync("$1.770");
        await Expect(page.Locator("#printed-list li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#label-sheet")).ToBeVisibleAsync();
        Assert.Equal("98.230", await Descending(api, who.DeviceId));
        var list = await (await api.GetAsync("v1/indicia")).Body();
        Assert.Equal(2, list["data"]!.AsArray().Count);
        await PortalPages.Screenshot(page, "batch-printed");

        // The answer kept for the form lost (its key released after the batch was printed, as when the first post
        // is aborted before it is answered): the device's copy of the key answers the resends with the same batch.
        var key = AccountPages.Field(batchForm, "RequestKey");
        Assert.Equal(1, await server.App.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(
            db.IdempotencyKeys.Where(k => k.Key == key && k.Scope.StartsWith("portal-form/")))));
        var resent = await AccountPages.Resend(page, batchForm);
        Assert.All(resent, r => Assert.Equal(batch[0], r[4..].Split("&done=")[0]));
        Assert.Equal("98.230", await Descending(api, who.DeviceId));
        Assert.Equal(2, (await (await api.GetAsync("v1/indicia")).Body())["data"]!.AsArray().Count); // two pieces for the form
    }

    [SkippableFact]
    public async Task Licensee_FindsAPieceInHistory_AndReprintsItWithoutASecondDebit()
    {
        var (page, api, who, context) = await SignedIn("History Mailer");
        await using var _ = context;
        using var __ = api;
        string Piece(string zip) => $$"""{"mail_class":"first_class","rate_category":"letter","weight_oz":1,"mailing_date":"{{PortalPages.TodayUtc}}","destination_zip":"{{zip}}"}""";
        var first = await (await api.PostAsync($"v1/devices/{who.DeviceId}/indicia", new StringContent(Piece("30301"), Encoding.UTF8, "application/json"))).Body();
        await api.PostAsync($"v1/devices/{who.DeviceId}/indicia", new StringContent(Piece("20260"), Encoding.UTF8, "application/json"));
        var id = (string)first["id"]!;
        var before = await (await api.GetAsync($"v1/devices/{who.DeviceId}")).Body();
        Assert.Equal("98.520", (string)before["descending_register"]!["amount"]!);

        await page.GotoAsync("/portal/history");
        await Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(2);
        await page.GetByLabel("Destination ZIP").FillAsync("30301");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#search-button"));
        await Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#history tr[data-id='{id}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#refund-{id}")).ToHaveAttributeAsync("href", $"/portal/refunds?indicia={id}&device={who.DeviceId}");
        await PortalPages.Screenshot(page, "history-search");

        // The export holds what the search found.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("indicium_id,", exported, StringComparison.Ordinal);
        Assert.Contains(id, exported, StringComparison.Ordinal);
        Assert.Equal(2, exported.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // A label sheet of the ticked pieces.
        await page.Locator($"#pick-{id}").CheckAsync();
        var sheet = await page.RunAndWaitForDownloadAsync(() => page.Locator("#labels-button").ClickAsync());
        Assert.Equal("labels.pdf", sheet.SuggestedFilename);
        Assert.Equal("%PDF", Encoding.ASCII.GetString((await File.ReadAllBytesAsync((await sheet.PathAsync())!))[..4]));

        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator($"#reprint-{id}"));
        await Expect(page.Locator("#printed h2")).ToHaveTextAsync($"Printed {id}");
        await Expect(page.Locator("#reprint-note")).ToBeVisibleAsync();
        await Expect(page.Locator("#download-pdf")).ToHaveAttributeAsync("href", $"/v1/indicia/{id}.pdf");
        var pdf = await page.APIRequest.GetAsync($"/v1/indicia/{id}.pdf");
        Assert.Equal(200, pdf.Status);
        var after = await (await api.GetAsync($"v1/devices/{who.DeviceId}")).Body();
        Assert.Equal(before.ToJsonString(), after.ToJsonString()); // no second debit, no new piece
        await PortalPages.Screenshot(page, "history-reprint");

        // "Request refund" opens the refund form with the piece listed.
        await page.GotoAsync($"/portal/history?zip=30301");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator($"#refund-{id}"));
        await Expect(page.Locator("textarea[name='Indicia']")).ToHaveValueAsync(id);

        // Sent, then the same form posted twice at once and once more (issue 18): each lands on the one
        // refund request, and no second Form 3533 is made.
        var form = await AccountPages.Keep(page, "#refund-form");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#ask-refund"));
        Assert.Empty(await PortalPages.Errors(page));
        Assert.Matches("/portal/refunds/[A-Za-z0-9_]+$", page.Url);
        var requested = page.Url;
        var landed = await AccountPages.Resend(page, form);
        Assert.All(landed, l => Assert.Equal("200 " + requested, l.Split('?')[0]));
        await page.GotoAsync(landed[^1][4..]);
        await Expect(page.Locator("#notice")).ToContainTextAsync("no second refund was asked for");
        await page.GotoAsync("/portal/refunds");
        await Expect(page.Locator("#refunds tbody tr")).ToHaveCountAsync(1);
    }
}
