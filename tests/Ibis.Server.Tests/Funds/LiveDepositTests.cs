using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Funds;

/// <summary>
/// Money in a live installation (P050 3.5a, §502.25): the sandbox gateway never takes a live
/// deposit; with the manual gateway a live deposit stays pending until the provider confirms it
/// (checks, wires, cards) — live ACH debits settle only through the ACH round trip.
/// </summary>
public abstract class LiveDepositTests(DatabaseKind kind) : IDisposable
{
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15), TimeSpan.Zero));
    private IbisApp? _app;

    protected IbisApp Start(Dictionary<string, string>? settings = null) => _app ??= new IbisApp(kind, _clock, settings);

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task TheSandboxGateway_RefusesALiveDeposit_AndStoresNothing()
    {
        var app = Start();
        var live = await app.New();
        var client = app.ClientFor(live.ApiKey);
        foreach (var method in new[] { "ach_debit", "wire", "check", "credit_card" })
            await BadInputTests.AssertProblem(await client.Deposit(live.AccountId, "100.000", method), 422, "payment_gateway_sandbox_only", null, method);
        Assert.Equal("900.000", await client.Balance(live.AccountId));
        Assert.Equal(1, await app.WithDb(db => db.Deposits.CountAsync(d => d.AccountId == live.AccountId))); // the sandbox funding only

        // Sandbox accounts keep clearing at once.
        var sandbox = await app.NewLicensee();
        var cleared = await (await app.ClientFor(sandbox.ApiKey).Deposit(await app.AccountOf(sandbox.LicenseeId), "100.000")).Body();
        Assert.Equal("confirmed", (string)cleared["status"]!);
    }

    [SkippableFact]
    public async Task ManualGateway_ALiveCheckStaysPending_UntilTheProviderConfirmsIt()
    {
        var app = Start(AchFiles.ManualGateway());
        var live = await app.New();
        var client = app.ClientFor(live.ApiKey);
        var deposit = await (await client.Deposit(live.AccountId, "250.000", "check")).Body();
        Assert.Equal("pending", (string)deposit["status"]!);
        Assert.Null((string?)deposit["payment_reference"]);
        Assert.Equal("900.000", await client.Balance(live.AccountId));

        var confirmed = await (await app.ClientFor(live.ProviderApiKey).PostJson($"/v1/deposits/{(string)deposit["id"]!}/confirmation", new { succeeded = true })).Body();
        Assert.Equal("confirmed", (string)confirmed["status"]!);
        Assert.Equal("1150.000", await client.Balance(live.AccountId));
        await LedgerIsBalanced(client, live.AccountId);

        // A sandbox account on the same installation still uses the sandbox gateway.
        var sandbox = await app.NewLicensee();
        var cleared = await (await app.ClientFor(sandbox.ApiKey).Deposit(await app.AccountOf(sandbox.LicenseeId), "100.000", "check")).Body();
        Assert.Equal("confirmed", (string)cleared["status"]!);
    }

    [SkippableFact]
    public async Task ManualGateway_ALiveAchDebit_IsInWholeCents_AndIsNotConfirmedByHand()
    {
        var app = Start(AchFiles.ManualGateway());
        var live = await app.New();
        var client = app.ClientFor(live.ApiKey);
        await BadInputTests.AssertProblem(await client.Deposit(live.AccountId, "10.005"), 400, "amount_not_whole_cents", "amount", "a mill is not a cent");
        await BadInputTests.AssertProblem(await client.Deposit(live.AccountId, "100000000.000"), 400, "amount_not_whole_cents", "amount", "more than the 10-digit field");
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/accounts/{live.AccountId}/deposits", new Dictionary<string, string>
        {
            ["amount"] = "10.000", ["method"] = "ach_debit", ["routing_number"] = "011000015", ["account_number"] = "123456789", ["account_holder"] = "trust",
        }), 400, "account_holder_invalid", "account_holder", "PPD or CCD only");
        Assert.Equal(1, await app.WithDb(db => db.Deposits.CountAsync(d => d.AccountId == live.AccountId)));

        var deposit = await (await client.Deposit(live.AccountId, "10.000")).Body();
        Assert.Equal("pending", (string)deposit["status"]!);
        await BadInputTests.AssertProblem(await app.ClientFor(live.ProviderApiKey).PostJson($"/v1/deposits/{(string)deposit["id"]!}/confirmation", new { succeeded = true }),
            409, "deposit_settles_by_ach", null, "confirmed by hand");
        Assert.Equal("900.000", await client.Balance(live.AccountId));
        Assert.Equal(Domain.Funds.DepositStatus.Pending, await app.WithDb(db => db.Deposits.Where(d => d.Id == (string)deposit["id"]!).Select(d => d.Status).SingleAsync()));
    }

    /// <summary>Every transaction's lines sum to zero; the deposit balance is never negative and equals its lines.</summary>
    internal static async Task LedgerIsBalanced(HttpClient client, string accountId)
    {
        var lines = (await (await client.GetAsync($"/v1/accounts/{accountId}/ledger?limit=100")).Body())["data"]!.AsArray().Select(l => l!).ToList();
        foreach (var txn in lines.GroupBy(l => (string)l["transaction_id"]!))
            Assert.Equal(0L, txn.Sum(l => MillsOf(l["amount"]!)));
        var deposit = lines.Where(l => (string)l["book"]! == "deposit").ToList();
        // Each line's balance_after is its own book's; the deposit book (the licensee's money) is never negative.
        Assert.All(deposit, l => Assert.True(MillsOf(l["balance_after"]!) >= 0, "a negative balance"));
        Assert.All(lines, l => Assert.True(MillsOf(l["account_balance_after"]!) >= 0, "a negative account balance"));
        Assert.Equal(deposit.Sum(l => MillsOf(l["amount"]!)), Domain.Money.Mills.ParseDollars(await client.Balance(accountId)).Value.Value);
    }

    private static long MillsOf(JsonNode money) => Domain.Money.Mills.ParseDollars((string)money["amount"]!).Value.Value;
}

public sealed class SqliteLiveDepositTests() : LiveDepositTests(DatabaseKind.Sqlite);

public sealed class PostgresLiveDepositTests() : LiveDepositTests(DatabaseKind.Postgres);
