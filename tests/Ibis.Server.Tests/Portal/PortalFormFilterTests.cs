using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// The portal's two page filters (issue 18): a form posted twice acts once (IdempotentFormFilter), and a
/// refused form leaves the database as it was and shows the refusal (RefusalFilter). One journey, one
/// server: a double-clicked print spends once, a later resend lands on the same piece and the form sent
/// again with another weight is refused; a reset above
/// the cap (P050 3.6) is refused on the page with nothing written — no register, ledger or reset moves,
/// and the form's key is released, so the corrected form (same key) then resets. A form whose kept answer is
/// lost after its effect (the post aborted) is answered by the device's copy of the key: one piece, one reset per form.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalFormFilterTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    private sealed record Snapshot(long Descending, long Ascending, long Balance, int Resets, int Indicia, int FormKeys);

    private Task<Snapshot> Take(string deviceId, string licenseeId) => server.App.WithDb(async db =>
    {
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId);
        var balance = await db.DepositAccounts.AsNoTracking().Where(a => a.LicenseeId == licenseeId).OrderBy(a => a.Id).Select(a => a.BalanceMills).FirstAsync();
        return new Snapshot(device.DescendingMills, device.AscendingMills, balance,
            await db.Resets.CountAsync(r => r.DeviceId == deviceId), await db.Indicia.CountAsync(i => i.DeviceId == deviceId),
            await db.IdempotencyKeys.CountAsync(k => k.Scope.StartsWith("portal-form/")));
    });

    [SkippableFact]
    public async Task DoubleSubmittedPrint_SpendsOnce_AndARefusedReset_ChangesNothing()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Double Clicker");
        var licenseeId = await server.App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.LicenseeId!).SingleAsync());
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;
        var start = await Take(who.DeviceId, licenseeId);

        // The price is shown and confirmed; then the same confirmed form is posted twice at once (a double
        // click) and once more afterwards (the back button and "resend").
        await page.GotoAsync("/portal/print");
        await PortalPages.FillPrintForm(page, who.DeviceId, "first_class/letter", "1", "20260", PortalPages.TodayUtc);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#price-button"));
        Assert.Empty(await PortalPages.Errors(page));
        var replies = await page.EvaluateAsync<string[]>(
            """
            async () => {
                const form = document.querySelector('#print-form');
                const body = new FormData(form);
                const both = await Promise.all([1, 2].map(() => fetch(form.action, { method: 'POST', body })));
                const again = await fetch(form.action, { method: 'POST', body });
                return [...both, again].map(r => r.status + ' ' + r.url);
            }
            """);
        Assert.All(replies, r => Assert.StartsWith("200 ", r, StringComparison.Ordinal));
        var landed = replies.Select(r => r[4..]).Distinct().ToList();
        Assert.Single(landed); // all three show the one piece printed
        Assert.Contains("?printed=ind_", landed[0], StringComparison.Ordinal);
        var printed = await Take(who.DeviceId, licenseeId);
        Assert.Equal(start.Indicia + 1, printed.Indicia);
        Assert.Equal(start.Descending - 740, printed.Descending); // $0.740, once
        Assert.Equal(start.Ascending + 740, printed.Ascending);
        Assert.Equal(start.FormKeys + 1, printed.FormKeys); // the print's key, kept with its answer

        // The same form with another weight (back, edit, print): refused on the page, nothing printed.
        var edited = await page.EvaluateAsync<string>(
            """
            async () => {
                const form = document.querySelector('#print-form');
                const body = new FormData(form);
                body.set('WeightOz', '2');
                const reply = await fetch(form.action, { method: 'POST', body });
                return reply.status + ' ' + await reply.text();
            }
            """);
        Assert.StartsWith("200 ", edited, StringComparison.Ordinal);
        Assert.Contains("(form_already_submitted)", edited, StringComparison.Ordinal);
        Assert.Contains("id=\"print-form\"", edited, StringComparison.Ordinal); // the form again, with its choices
        Assert.Contains(who.DeviceId, edited, StringComparison.Ordinal);
        Assert.Equal(printed, await Take(who.DeviceId, licenseeId));

        // The answer kept for the form lost (its key released after the piece was printed, as when the first post
        // is aborted before it is answered): the device's copy of the key answers the resends with the same piece.
        var printForm = await AccountPages.Keep(page, "#print-form");
        Assert.Equal(1, await ForgetForm(AccountPages.Field(printForm, "RequestKey")));
        var resent = await AccountPages.Resend(page, printForm);
        Assert.All(resent, r => Assert.Equal("200 " + landed[0], r));
        Assert.Equal(printed, await Take(who.DeviceId, licenseeId)); // one indicium for the form

        // A reset above the cap: refused on the page, and nothing written (the refused form's key is released too).
        await page.GotoAsync($"/portal/devices/{who.DeviceId}");
        await DevicePages.RequestReset(page, "450");
        Assert.Contains(await PortalPages.Errors(page), e => e.EndsWith("(reset_exceeds_cap)", StringComparison.Ordinal));
        await Expect(page.Locator("#errors")).ToContainTextAsync("would exceed the cap");
        Assert.Equal(printed, await Take(who.DeviceId, licenseeId));

        // The corrected form, under the same key, resets once.
        await page.GetByLabel("Amount ($)").FillAsync("40");
        var resetForm = await AccountPages.Keep(page, "#reset-form");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#reset-button"));
        Assert.Empty(await PortalPages.Errors(page));
        var reset = await Take(who.DeviceId, licenseeId);
        Assert.Equal(printed.Descending + 40_000, reset.Descending);
        Assert.Equal(printed.Balance - 40_000, reset.Balance);
        Assert.Equal(printed.Resets + 1, reset.Resets);
        Assert.Equal(printed.FormKeys + 1, reset.FormKeys);

        // Its kept answer lost too: the resends land on the one reset, and nothing moves again.
        Assert.Contains("reset=rst_", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await ForgetForm(AccountPages.Field(resetForm, "ResetKey")));
        var again = await AccountPages.Resend(page, resetForm);
        Assert.All(again, r => Assert.Equal("200 " + page.Url, r));
        Assert.Equal(reset, await Take(who.DeviceId, licenseeId)); // one reset for the form
    }

    /// <summary>Deletes the answer the filter kept for a form's key, as a post aborted after its effect leaves it.</summary>
    private Task<int> ForgetForm(string key) =>
        server.App.WithDb(db => db.IdempotencyKeys.Where(k => k.Key == key && k.Scope.StartsWith("portal-form/")).ExecuteDeleteAsync());
}
