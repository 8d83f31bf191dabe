using System.Net.Http.Json;
using System.Text;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// The deposit account pages in a browser (issue 7): the licensee funds its account and closes it;
/// the provider sees its licensees' accounts and advances funds. Each test uses a fresh licensee:
/// deposit account $900.000 after its first reset. Every money form is posted again the ways a browser
/// does it (issue 18: a double click, the back button and "resend") and must move the money once and
/// land where the first post did — also when the answer kept for the form was lost (its key released
/// after the money moved), which the account's own copy of the key then answers.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccountPageTests(BrowserFixture browser, PortalServer server) : IClassFixture<PortalServer>
{
    private const string Routing = "011000015";
    private const string BankAccount = "9876543210";

    [SkippableFact]
    public async Task Licensee_FundsTheAccountByAch_BalanceRises_AndOnlyTheMaskedNumberIsShown()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Funding Mailer");
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;

        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#account-link"));
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/portal/account");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$900.000");
        await Expect(page.Locator("#pending")).ToContainTextAsync("none");
        // P050 3.5a: offered in the Postal Service's order of preference, ACH debit first.
        var methods = await page.Locator("#method option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(["ach_debit", "ach_credit", "wire", "debit_card", "credit_card", "check"], methods);
        await Expect(page.GetByLabel("Card number")).ToBeHiddenAsync();

        await AccountPages.FundByBank(page, "250.00", "ach_debit", Routing, BankAccount);

        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#notice")).ToContainTextAsync("Deposit of $250.000 by ACH debit received and credited");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$1150.000");
        var row = page.Locator("#deposits tbody tr").First;
        await Expect(row.Locator(".instrument")).ToHaveTextAsync("••••3210");
        await Expect(row.Locator(".amount")).ToHaveTextAsync("$250.000");
        await Expect(row).ToContainTextAsync("confirmed");
        // The full account number is nowhere on the page, not even in a form field.
        Assert.DoesNotContain(BankAccount, await page.ContentAsync());
        Assert.Equal("", await page.GetByLabel("Account number").InputValueAsync());
        await Expect(page.Locator("#ledger tbody tr").First).ToContainTextAsync("1150.000");
        await PortalPages.Screenshot(page, "account-after-deposit");

        // A reload after the redirect shows the same page and deposits nothing more.
        var deposits = await page.Locator("#deposits tbody tr").CountAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$1150.000");
        await Expect(page.Locator("#deposits tbody tr")).ToHaveCountAsync(deposits);

        // This month's statement downloads as a PDF with the portal session.
        var statement = page.Locator("#statements tbody tr").First;
        var download = await page.RunAndWaitForDownloadAsync(() => statement.Locator("a.statement-pdf").ClickAsync());
        Assert.Null(await download.FailureAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.StartsWith("%PDF-", Encoding.Latin1.GetString(bytes, 0, 8));
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task DepositPostedTwiceAtOnce_OrResent_DepositsOnce_AndLandsOnTheSameDeposit()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Double Depositor");
        var account = await server.App.AccountOf(who.LicenseeId);
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;
        await page.GotoAsync("/portal/account");
        var before = await Money(account);

        await page.GetByLabel("Amount ($)").FillAsync("250.00");
        await page.GetByLabel("Payment method").SelectOptionAsync("ach_debit");
        await page.GetByLabel("Routing number").FillAsync(Routing);
        await page.GetByLabel("Account number").FillAsync(BankAccount);
        var form = await AccountPages.Keep(page, "#deposit-form");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#deposit-button"));
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$1150.000");
        var deposited = Query(page.Url, "deposited");
        Assert.StartsWith("dep_", deposited, StringComparison.Ordinal);
        var after = await Money(account);
        Assert.Equal((before.Balance + 250_000, before.Deposits + 1), (after.Balance, after.Deposits));

        // The same form, posted twice at once and once more: each lands on the one deposit, nothing is deposited again.
        var landed = await AccountPages.Resend(page, form);
        Assert.All(landed, l => Assert.StartsWith("200 ", l, StringComparison.Ordinal));
        Assert.All(landed, l => Assert.Equal(deposited, Query(l[4..], "deposited")));
        Assert.Equal(after, await Money(account));
        await page.GotoAsync(landed[^1][4..]);
        await Expect(page.Locator("#notice")).ToContainTextAsync("nothing was deposited twice");
        await Expect(page.Locator("#notice")).ToContainTextAsync("Deposit of $250.000 by ACH debit received and credited");
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$1150.000");

        // The answer kept for the form lost (its key released after the deposit was recorded, as when the first
        // post is aborted before it is answered): the account's copy of the key answers the resend with the same deposit.
        Assert.Equal(1, await ForgetForm(AccountPages.Field(form, "DepositKey")));
        landed = await AccountPages.Resend(page, form);
        Assert.All(landed, l => Assert.Equal(deposited, Query(l[4..], "deposited")));
        Assert.Equal(after, await Money(account));
    }

    [SkippableFact]
    public async Task Licensee_ClosesTheAccount_SeesTheRefund_AndALaterDepositIsRefused()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Closing Mailer");
        // An account closes only once none of its devices holds postage (§502.27(b)): the provider checks the
        // device out first, whose $100.000 is credited back to the account once the district MATS coordinator approves the refund.
        var checkOut = await server.Api(server.Sandbox.ProviderApiKey!).PostAsJsonAsync($"/v1/devices/{who.DeviceId}/check-out", new Dictionary<string, string> { ["reason"] = "account closing" });
        Assert.Equal(System.Net.HttpStatusCode.Created, checkOut.StatusCode);
        // §502.27(b)(4): the balance is credited once the district MATS coordinator approves the refund.
        var refundId = (string)System.Text.Json.Nodes.JsonNode.Parse(await checkOut.Content.ReadAsStringAsync())!["refund_id"]!;
        var duties = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(server.App.DataDirectory, "sandbox-credentials.json")))!["duty_api_keys"]!;
        var approved = await server.Api((string)duties["refund_coordinator"]!).PostAsync($"/v1/refunds/{refundId}/approval", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, approved.StatusCode);
        var (context, page) = await DevicePages.SignedIn(browser, server, who.Logins.Single());
        await using var _ = context;
        await page.GotoAsync("/portal/account");
        // A second tab, opened before the closing, still shows the deposit form.
        var stale = await context.NewPageAsync();
        await stale.GotoAsync("/portal/account");

        await AccountPages.Close(page, "Closing Mailer Treasury", confirm: false);
        Assert.Contains(await PortalPages.Errors(page), e => e.Contains("(confirmation_required)", StringComparison.Ordinal));
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$1000.000");

        await page.GetByLabel("Pay the refund to").FillAsync("Closing Mailer Treasury");
        await page.Locator("#CloseConfirmed").CheckAsync();
        var closing = await AccountPages.Keep(page, "#close-form");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#close-button"));

        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#notice")).ToContainTextAsync("refund of $1000.000 will be sent by check to Closing Mailer Treasury");
        await Expect(page.Locator("#refund-amount")).ToHaveTextAsync("$1000.000");
        await Expect(page.Locator("#refund-payee")).ToHaveTextAsync("Closing Mailer Treasury");
        await Expect(page.Locator("#refund-requested-on")).ToHaveTextAsync(PortalPages.TodayUtc);
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$0.000");
        await Expect(page.Locator("#account-status")).ToHaveTextAsync("closed");
        await Expect(page.Locator("#deposit-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#close-form")).ToHaveCountAsync(0);
        await PortalPages.Screenshot(page, "account-closed");

        // The closing form posted again (a double click, a resend): it lands on the closed account, refunding nothing more.
        var account = await server.App.AccountOf(who.LicenseeId);
        var closed = await Money(account);
        Assert.Equal(1, closed.Refunds);
        var landed = await AccountPages.Resend(page, closing);
        Assert.All(landed, l => Assert.Equal("True", Query(l[4..], "closed")));
        Assert.Equal(closed, await Money(account));
        Assert.Equal(1, await ForgetForm(AccountPages.Field(closing, "CloseKey")));
        landed = await AccountPages.Resend(page, closing);
        Assert.All(landed, l => Assert.Equal("True", Query(l[4..], "closed")));
        Assert.Equal(closed, await Money(account));

        var depositsBefore = await page.Locator("#deposits tbody tr").CountAsync();
        await AccountPages.FundByBank(stale, "10", "ach_debit", Routing, BankAccount);
        Assert.Contains(await PortalPages.Errors(stale), e => e.Contains("(account_closed)", StringComparison.Ordinal));
        await Expect(stale.Locator("#balance")).ToHaveTextAsync("$0.000");
        await Expect(stale.Locator("#deposits tbody tr")).ToHaveCountAsync(depositsBefore);
        Assert.DoesNotContain(BankAccount, await stale.ContentAsync());
    }

    [SkippableFact]
    public async Task Provider_SeesItsLicenseesAccounts_SetsTheLimit_AndAdvancesFunds()
    {
        Requires.That(BrowserFixture.ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var who = await server.App.NewLicensee("Advanced Mailer");
        var account = await server.App.AccountOf(who.LicenseeId);
        var (context, page) = await DevicePages.SignedIn(browser, server, server.Provider());
        await using var _ = context;

        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#accounts-link"));
        var row = page.Locator($"#accounts tr[data-id='{account}']");
        await Expect(row).ToContainTextAsync("Advanced Mailer");
        await Expect(row.Locator(".balance")).ToHaveTextAsync("$900.000");
        await PortalPages.SubmitAndWaitForNextPage(page, row.Locator("a.account-link"));
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/portal/accounts/{account}");

        await page.GetByLabel("Advance ($)").FillAsync("40");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#advance-button"));
        Assert.Contains(await PortalPages.Errors(page), e => e.Contains("(advance_limit_exceeded)", StringComparison.Ordinal));
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$900.000");

        await page.GetByLabel("Limit ($)").FillAsync("100");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#limit-button"));
        await Expect(page.Locator("#advance-limit")).ToHaveTextAsync("$100.000");
        await page.GetByLabel("Advance ($)").FillAsync("40");
        var advance = await AccountPages.Keep(page, "#advance-form");
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#advance-button"));

        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$940.000");
        await Expect(page.Locator("#advance-outstanding")).ToHaveTextAsync("$40.000");
        await Expect(page.Locator("#available")).ToContainTextAsync("$1000.000");
        await PortalPages.Screenshot(page, "provider-account");

        // The advance form posted again (a double click, a resend; then with its kept answer lost): advanced once.
        var advanced = await Money(account);
        var landed = await AccountPages.Resend(page, advance);
        Assert.All(landed, l => Assert.Equal("True", Query(l[4..], "advanced")));
        Assert.Equal(advanced, await Money(account));
        Assert.Equal(1, await ForgetForm(AccountPages.Field(advance, "AdvanceKey")));
        landed = await AccountPages.Resend(page, advance);
        Assert.All(landed, l => Assert.Equal("True", Query(l[4..], "advanced")));
        Assert.Equal(advanced, await Money(account));
        await page.ReloadAsync();
        await Expect(page.Locator("#balance")).ToHaveTextAsync("$940.000");
        await Expect(page.Locator("#advance-outstanding")).ToHaveTextAsync("$40.000");

        // Another provider's page for an unknown account is the not-found page.
        var missing = await page.GotoAsync("/portal/accounts/acct_AAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(404, missing!.Status);
    }

    /// <summary>What the account holds and has done: any money moved twice changes it.</summary>
    private sealed record AccountMoney(long Balance, long AdvanceOutstanding, int Deposits, int LedgerLines, int Refunds);

    private Task<AccountMoney> Money(string account) => server.App.WithDb(async db =>
    {
        var row = await db.DepositAccounts.AsNoTracking().SingleAsync(a => a.Id == account);
        return new AccountMoney(row.BalanceMills, row.AdvanceOutstandingMills, await db.Deposits.CountAsync(d => d.AccountId == account),
            await db.Ledger.CountAsync(e => e.AccountId == account), await db.Refunds.CountAsync(r => r.AccountId == account && r.Kind == "account_closing"));
    });

    /// <summary>Deletes the answer the portal kept for a form's key, as if it had never been recorded; how many were deleted.</summary>
    private Task<int> ForgetForm(string key) =>
        server.App.WithDb(db => db.IdempotencyKeys.Where(k => k.Key == key && k.Scope.StartsWith("portal-form/")).ExecuteDeleteAsync());

    private static string? Query(string url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue(name, out var v) ? v.ToString() : null;
}
