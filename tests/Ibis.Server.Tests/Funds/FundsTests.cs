using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Funds;

/// <summary>Deposit accounts on a double-entry ledger (P050 3.1–3.5, §502.25, §502.27(c)).</summary>
public abstract class FundsTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    [SkippableFact]
    public async Task PaymentMethods_AreListedInTheOrderOfPreference()
    {
        var who = await App.NewLicensee();
        var list = await (await App.ClientFor(who.ApiKey).GetAsync("/v1/payment-methods")).Body();
        Assert.Equal(["ach_debit", "ach_credit", "wire", "debit_card", "credit_card", "check"], list["data"]!.AsArray().Select(m => (string)m!["code"]!).ToArray());
    }

    [SkippableFact]
    public async Task Deposit_CreditsTheAccount_OnTheLedger_WithBankDataMaskedAndEncrypted()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        Assert.Equal("900.000", await client.Balance(account));

        var response = await client.Deposit(account, "250.000");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deposit = await response.Body();
        Assert.Equal("confirmed", (string)deposit["status"]!);
        Assert.Equal("••••6789", (string)deposit["instrument"]!);
        Assert.DoesNotContain("123456789", deposit.ToJsonString());
        Assert.Equal("1150.000", await client.Balance(account));

        var stored = await App.WithDb(db => db.Deposits.AsNoTracking().SingleAsync(d => d.Id == (string)deposit["id"]!));
        Assert.NotNull(stored.InstrumentEncrypted);
        Assert.DoesNotContain("123456789", System.Text.Encoding.UTF8.GetString(stored.InstrumentEncrypted!));

        var ledger = await (await client.GetAsync($"/v1/accounts/{account}/ledger")).Body();
        var lines = ledger["data"]!.AsArray();
        // Every transaction's lines sum to zero; the deposit lines carry the balance after.
        foreach (var txn in lines.GroupBy(l => (string)l!["transaction_id"]!))
            Assert.Equal(0L, txn.Sum(l => Domain.Money.Mills.ParseDollars((string)l!["amount"]!["amount"]!).Value.Value));
        Assert.Contains(lines, l => (string)l!["cause"]! == "deposit" && (string)l["book"]! == "deposit" && (string)l["amount"]!["amount"]! == "250.000");
    }

    public static TheoryData<string, string, string, int, string> BadDeposits => new()
    {
        { "zero", "0", "ach_debit", 400, "amount_invalid" },
        { "negative", "-10.000", "ach_debit", 400, "amount_invalid" },
        { "over-precise", "10.0001", "ach_debit", 400, "amount_too_precise" },
        { "unsupported method", "10.000", "bitcoin", 400, "payment_method_unsupported" },
        { "bad routing checksum", "10.000", "ach_debit", 400, "routing_number_invalid" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadDeposits))]
    public async Task BadDeposit_IsRefused_AndChangesNothing(string name, string amount, string method, int status, string code)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        var response = name == "bad routing checksum" ? await client.Deposit(account, amount, method, routing: "011000016") : await client.Deposit(account, amount, method);
        await BadInputTests.AssertProblem(response, status, code, null, name);
        Assert.Equal("900.000", await client.Balance(account));
        Assert.Equal(0, await App.WithDb(db => db.Deposits.CountAsync(d => d.AccountId == account && d.Status != Domain.Funds.DepositStatus.Confirmed)));
    }

    [SkippableFact]
    public async Task CardSecurityCode_IsNeverTaken()
    {
        var who = await App.NewLicensee();
        var account = await App.AccountOf(who.LicenseeId);
        var response = await App.ClientFor(who.ApiKey).PostJson($"/v1/accounts/{account}/deposits", new Dictionary<string, string>
        {
            ["amount"] = "10.000", ["method"] = "credit_card", ["card_number"] = "4111111111111111", ["card_security_code"] = "123",
        });
        await BadInputTests.AssertProblem(response, 400, "card_security_code_not_accepted", "card_security_code", "CVV");
    }

    [SkippableFact]
    public async Task DeclinedAndPendingDeposits_CreditNothing_UntilConfirmed()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        var declined = await (await client.Deposit(account, "10.013")).Body();
        Assert.Equal("failed", (string)declined["status"]!);
        var pending = await (await client.Deposit(account, "10.017")).Body();
        Assert.Equal("pending", (string)pending["status"]!);
        Assert.Equal("900.000", await client.Balance(account));

        // The processor's callback, through the provider.
        var confirmed = await App.Provider().PostJson($"/v1/deposits/{(string)pending["id"]!}/confirmation", new Dictionary<string, bool> { ["succeeded"] = true });
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        Assert.Equal("910.017", await client.Balance(account));
        await BadInputTests.AssertProblem(await App.Provider().PostJson($"/v1/deposits/{(string)pending["id"]!}/confirmation", new Dictionary<string, bool> { ["succeeded"] = true }),
            409, "deposit_already_settled", null, "twice");
        Assert.Equal("910.017", await client.Balance(account));
    }

    [SkippableFact]
    public async Task Deposit_IsExactlyOnce_UnderRetries()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        var first = await client.Deposit(account, "40.000", key: "dep-7");
        var replays = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => client.Deposit(account, "40.000", key: "dep-7"))));
        Assert.All(replays, r => Assert.Equal("true", r.Headers.GetValues("Idempotency-Replay").Single()));
        Assert.Equal((string)(await first.Body())["id"]!, (string)(await replays[0].Body())["id"]!);
        Assert.Equal("940.000", await client.Balance(account));
        await BadInputTests.AssertProblem(await client.Deposit(account, "41.000", key: "dep-7"), 409, "idempotency_key_reused", "Idempotency-Key", "other body");
    }

    [SkippableFact]
    public async Task ParallelResets_OnSeveralDevices_NeverExceedTheLicenseeCap_NorOverdrawTheAccount()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        var devices = new[] { who.DeviceId, await App.AddDevice(who.LicenseeId), await App.AddDevice(who.LicenseeId), await App.AddDevice(who.LicenseeId) };
        // P050 3.6 "$500 for a given user at any time": the first device holds $100, so of 12 concurrent
        // resets of $150 over four devices exactly two fit under the licensee's cap ($400 more).
        var responses = await Task.WhenAll(devices.SelectMany(d => Enumerable.Range(0, 3).Select(_ => Task.Run(() => client.Reset(d, "150.000")))));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            Assert.Contains((string)(await refused.Body())["code"]!, new[] { "licensee_cap_exceeded", "reset_exceeds_cap" });
        var total = await App.WithDb(db => db.Devices.Where(d => d.LicenseeId == who.LicenseeId).SumAsync(d => d.DescendingMills));
        Assert.Equal(400_000, total);
        Assert.Equal("600.000", await client.Balance(account));
        await AssertBooksBalance(who.LicenseeId);
    }

    [SkippableFact]
    public async Task ProviderAdvance_CoversAResetBeyondTheBalance_WithinItsLimit_AndIsRepaid()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        await client.Reset(who.DeviceId, "400.000"); // DR $500, balance $500
        Assert.Equal("500.000", await client.Balance(account));
        await client.Print(who.DeviceId, "450.000"); // DR $50
        await BadInputTests.AssertProblem(await App.Provider().PostJson($"/v1/accounts/{account}/advances", new Dictionary<string, string> { ["amount"] = "1.000" }),
            422, "advance_limit_exceeded", "amount", "no limit yet");

        var limit = new HttpRequestMessage(HttpMethod.Put, $"/v1/accounts/{account}/advance-limit") { Content = new StringContent("{\"amount\":\"200.000\"}", System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.OK, (await App.Provider().SendAsync(limit)).StatusCode);
        // A licensee may not grant itself credit.
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/accounts/{account}/advances", new Dictionary<string, string> { ["amount"] = "1.000" }), 403, "forbidden", null, "licensee advance");

        // Spend the deposit, then reset $150 more than the balance: the advance covers it.
        await client.Reset(who.DeviceId, "450.000"); // DR $500, balance $50
        await client.Print(who.DeviceId, "200.000"); // DR $300
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "200.000")).StatusCode); // $50 deposit + $150 advance
        var view = await client.Account(account);
        Assert.Equal("0.000", (string)view["balance"]!["amount"]!);
        Assert.Equal("150.000", (string)view["advance_outstanding"]!["amount"]!);
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "0.001"), 422, "reset_exceeds_cap", "amount", "cap first");

        await client.Deposit(account, "100.000");
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/accounts/{account}/advance-repayments", new Dictionary<string, string> { ["amount"] = "100.000" })).StatusCode);
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/accounts/{account}/advance-repayments", new Dictionary<string, string> { ["amount"] = "60.000" }),
            422, "repayment_exceeds_advance", "amount", "over-repay");
        Assert.Equal("50.000", (string)(await client.Account(account))["advance_outstanding"]!["amount"]!);
        await AssertBooksBalance(who.LicenseeId);
    }

    [SkippableFact]
    public async Task Closing_RefundsTheBalanceByCheck_NotifiesTheAccountingCentre_AndAcceptsNothingAfter()
    {
        var who = await App.NewLicensee("Closing Mailer Co");
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var pending = await (await client.Deposit(account, "5.017")).Body();
        var refused = await client.PostJson($"/v1/accounts/{account}/closing", new Dictionary<string, string> { ["requested_on"] = today });
        await BadInputTests.AssertProblem(refused, 422, "pending_deposits", null, "pending deposit");
        await App.Provider().PostJson($"/v1/deposits/{(string)pending["id"]!}/confirmation", new Dictionary<string, object> { ["succeeded"] = false, ["failure_reason"] = "returned" });
        // Issue 12: not while a device holds postage; its check-out refunds the DR to the account first (§502.27(b)).
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/accounts/{account}/closing", new Dictionary<string, string> { ["requested_on"] = today }), 409, "devices_hold_postage", null, "device holds postage");
        await App.CheckOutAndRefund(who.DeviceId); // §502.27(b)(4): credited once the district MATS coordinator approves

        var response = await client.PostJson($"/v1/accounts/{account}/closing", new Dictionary<string, string> { ["requested_on"] = today }, "close-1");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var closing = await response.Body();
        Assert.Equal("closed", (string)closing["account"]!["status"]!);
        Assert.Equal("1000.000", (string)closing["refund"]!["amount"]!["amount"]!);
        Assert.Equal("Closing Mailer Co", (string)closing["refund"]!["payee"]!);
        Assert.Equal("check", (string)closing["refund"]!["method"]!);
        Assert.Equal("0.000", await client.Balance(account));
        var again = await client.PostJson($"/v1/accounts/{account}/closing", new Dictionary<string, string> { ["requested_on"] = today }, "close-1");
        Assert.Equal("true", again.Headers.GetValues("Idempotency-Replay").Single());

        var transmission = await (await App.Postal().GetAsync($"/v1/transmissions/{(string)closing["transmission_id"]!}")).Body();
        Assert.Equal("account_closing", (string)transmission["kind"]!);
        Assert.Equal("1000.000", (string)transmission["body"]!["refund_amount"]!);

        await BadInputTests.AssertProblem(await client.Deposit(account, "1.000"), 422, "account_closed", null, "deposit after closing");
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "1.000"), 422, "device_withdrawn", null, "reset after closing and check-out");
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/accounts/{account}/closing", new Dictionary<string, string> { ["requested_on"] = today }), 422, "account_closed", null, "close twice");
        await AssertBooksBalance(who.LicenseeId);
    }

    [SkippableFact]
    public async Task Provider_OpensANewAccount_WithTheDepositAcknowledgement_AfterAClosing()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var old = await App.AccountOf(who.LicenseeId);
        var open = new Dictionary<string, object> { ["licensee_id"] = who.LicenseeId, ["deposit_requirement_acknowledged"] = true };
        await BadInputTests.AssertProblem(await App.Provider().PostJson("/v1/accounts", open), 409, "account_exists", null, "second open account");
        await BadInputTests.AssertProblem(await App.Provider().PostJson("/v1/accounts", new Dictionary<string, object> { ["licensee_id"] = who.LicenseeId, ["deposit_requirement_acknowledged"] = false }),
            400, "deposit_requirement_not_acknowledged", "deposit_requirement_acknowledged", "no acknowledgement");
        await BadInputTests.AssertProblem(await client.PostJson("/v1/accounts", open), 403, "forbidden", null, "licensee opens");

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // The device prints its whole DR first: an account closes only when no device holds postage (issue 12).
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId, "100.000")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/accounts/{old}/closing", new Dictionary<string, string> { ["requested_on"] = today })).StatusCode);
        var created = await App.Provider().PostJson("/v1/accounts", open);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await created.Body();
        Assert.NotNull((string?)account["deposit_requirement_acknowledged_at"]);
        var fresh = (string)account["id"]!;

        Assert.Equal(HttpStatusCode.Created, (await client.Deposit(fresh, "60.000")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "25.000")).StatusCode); // paid from the open account
        Assert.Equal("35.000", await client.Balance(fresh));

        var monthly = new HttpRequestMessage(HttpMethod.Patch, $"/v1/accounts/{fresh}") { Content = new StringContent("{\"monthly_statement\":true}", System.Text.Encoding.UTF8, "application/json") };
        Assert.True((bool)(await (await client.SendAsync(monthly)).Body())["monthly_statement"]!);
    }

    [SkippableFact]
    public async Task AnotherLicenseesAccount_IsInvisible()
    {
        var mine = await App.NewLicensee();
        var theirs = await App.NewLicensee();
        var theirAccount = await App.AccountOf(theirs.LicenseeId);
        var client = App.ClientFor(mine.ApiKey);
        await BadInputTests.AssertProblem(await client.GetAsync($"/v1/accounts/{theirAccount}"), 404, "account_not_found", null, "get");
        await BadInputTests.AssertProblem(await client.GetAsync($"/v1/accounts/{theirAccount}/ledger"), 404, "account_not_found", null, "ledger");
        await BadInputTests.AssertProblem(await client.Deposit(theirAccount, "1.000"), 404, "account_not_found", null, "deposit");
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/accounts/{theirAccount}/closing", new Dictionary<string, string> { ["requested_on"] = "2026-01-01" }), 404, "account_not_found", null, "close");
        var listed = await (await client.GetAsync("/v1/accounts")).Body();
        Assert.DoesNotContain(listed["data"]!.AsArray(), a => (string)a!["id"]! == theirAccount);
    }

    [SkippableFact]
    public async Task Ledger_PaginatesByCursor_AndExportsCsv()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        for (var i = 0; i < 4; i++) await client.Deposit(account, "1.000");
        var page1 = await (await client.GetAsync($"/v1/accounts/{account}/ledger?limit=3")).Body();
        Assert.True((bool)page1["has_more"]!);
        var last = (string)page1["data"]!.AsArray()[^1]!["id"]!;
        var page2 = await (await client.GetAsync($"/v1/accounts/{account}/ledger?limit=100&starting_after={last}")).Body();
        Assert.False((bool)page2["has_more"]!);
        var all = page1["data"]!.AsArray().Concat(page2["data"]!.AsArray()).Select(l => (long)l!["sequence"]!).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all);

        var csv = await client.GetStringAsync($"/v1/accounts/{account}/ledger.csv");
        var rows = csv.Trim().Split('\n');
        Assert.StartsWith("sequence,date,transaction_id,book,cause,cause_id,amount,balance_after,memo", rows[0]);
        Assert.Equal(all.Count + 1, rows.Length);
    }

    private async Task AssertBooksBalance(string licenseeId)
    {
        await App.WithDb(async db =>
        {
            var account = await db.DepositAccounts.AsNoTracking().SingleAsync(a => a.LicenseeId == licenseeId);
            var lines = await db.Ledger.AsNoTracking().Where(e => e.AccountId == account.Id).ToListAsync();
            Assert.All(lines.GroupBy(l => l.TransactionId), t => Assert.Equal(0, t.Sum(l => l.AmountMills)));
            Assert.Equal(account.BalanceMills, lines.Where(l => l.Book == "deposit").Sum(l => l.AmountMills));
            Assert.True(account.BalanceMills >= 0);
            // balance = deposits − resets − refunds + advances − repayments + device balances refunded at check-out
            long Sum(string cause) => lines.Where(l => l.Book == "deposit" && l.Cause == cause).Sum(l => l.AmountMills);
            Assert.Equal(account.BalanceMills, Sum("deposit") + Sum("reset") + Sum("refund") + Sum("advance") + Sum("repayment") + Sum("check_out"));
            Assert.Equal(-account.AdvanceOutstandingMills, lines.Where(l => l.Book == "advance").Sum(l => l.AmountMills));
            // Each device's control total is the sum of its resets, which is what the ledger credited it.
            foreach (var device in await db.Devices.AsNoTracking().Where(d => d.LicenseeId == licenseeId).ToListAsync())
            {
                // …less what left it at check-out (Form 3601-C, §502.27(b)).
                var refunded = (await db.ActivityReports.AsNoTracking().Where(a => a.DeviceId == device.Id).Select(a => a.ValidatedRefundMills).ToListAsync()).Sum();
                Assert.Equal(device.ControlTotalMills - refunded, lines.Where(l => l.Book == "psd:" + device.Id).Sum(l => l.AmountMills));
                Assert.Equal(device.ControlTotalMills, await db.Resets.Where(r => r.DeviceId == device.Id).SumAsync(r => r.AmountMills));
            }
            return true;
        });
    }
}

[Collection("sqlite")]
public sealed class SqliteFundsTests(SqliteAppFixture f) : FundsTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresFundsTests(PostgresAppFixture f) : FundsTests(() => f.App), IClassFixture<PostgresAppFixture>;
