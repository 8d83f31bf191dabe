using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ibis.Domain;
using Ibis.Domain.Funds.Ach;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Funds;

/// <summary>
/// ACH debit, the Postal Service's preferred way to fund a deposit account (P050 3.5a, §502.25), in
/// a live installation: the provider's debit file, the bank's return file, the settlement. A
/// returned entry fails its deposit and reverses a credit with a new ledger transaction; the
/// ledger stays balanced and never negative.
/// </summary>
public abstract class AchRoundTripTests(DatabaseKind kind) : IDisposable
{
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15), TimeSpan.Zero));
    private IbisApp? _app;

    private IbisApp Start(Dictionary<string, string>? settings = null) => _app ??= new IbisApp(kind, _clock, settings ?? AchFiles.ManualGateway());

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Today(int days = 0) => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> DepositId(Task<HttpResponseMessage> response)
    {
        var r = await response;
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var body = await r.Body();
        Assert.Equal("pending", (string)body["status"]!);
        return (string)body["id"]!;
    }

    private static Task<HttpResponseMessage> Individual(HttpClient c, string account, string amount, string accountNumber) =>
        c.PostJson($"/v1/accounts/{account}/deposits", new Dictionary<string, string>
        {
            ["amount"] = amount, ["method"] = "ach_debit", ["routing_number"] = "231380104", ["account_number"] = accountNumber, ["account_holder"] = "individual",
        });

    private async Task<string> DebitFile(HttpClient provider, string date)
    {
        var response = await provider.GetAsync($"/v1/ach/debit-file?date={date}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<JsonNode> Post(HttpClient provider, string url, string? file = null)
    {
        var response = file is null ? await provider.PostAsync(url, null) : await provider.PostRaw(url, file, "text/plain");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    private async Task<string> Status(string depositId) => (await Start().WithDb(db => db.Deposits.Where(d => d.Id == depositId).Select(d => d.Status).SingleAsync())).ToText();

    [SkippableFact]
    public async Task DebitFile_Returns_Settlement_AndALateReturn_KeepTheLedgerBalanced()
    {
        var app = Start();
        var a = await app.New("Acme Mailing Co");
        var b = await app.New("Beta Letters LLC");
        var provider = app.ClientFor(a.ProviderApiKey);
        var clientA = app.ClientFor(a.ApiKey);
        var clientB = app.ClientFor(b.ApiKey);
        var a1 = await DepositId(clientA.Deposit(a.AccountId, "250.000"));
        var a2 = await DepositId(Individual(clientA, a.AccountId, "100.000", "00987654321"));
        var b1 = await DepositId(clientB.Deposit(b.AccountId, "75.500"));

        // The debit file: a CCD batch and a PPD batch, amounts in cents, individual id = deposit id.
        var file = await DebitFile(provider, Today());
        var lines = file.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Equal(94, l.Length));
        Assert.Equal(0, lines.Length % 10);
        Assert.Equal(["CCD", "PPD"], lines.Where(l => l[0] == '5').Select(l => l[50..53]).ToArray());
        var entryA1 = AchFiles.EntryOf(file, a1);
        Assert.Equal(25_000, entryA1.AmountCents);
        Assert.Equal(("011000015", "123456789", 27, "ACME MAILING CO"), (entryA1.ReceivingRouting, entryA1.AccountNumber, entryA1.TransactionCode, entryA1.IndividualName));
        Assert.StartsWith("02100002", entryA1.TraceNumber);
        Assert.Equal((10_000L, "00987654321", "231380104"), (AchFiles.EntryOf(file, a2).AmountCents, AchFiles.EntryOf(file, a2).AccountNumber, AchFiles.EntryOf(file, a2).ReceivingRouting));
        Assert.Equal(7_550, AchFiles.EntryOf(file, b1).AmountCents);
        Assert.Equal(3, AchFiles.Entries(file).Count);

        // The account number is in the file only: not in clear in the database, not in any answer.
        var stored = await app.WithDb(db => db.Deposits.AsNoTracking().Where(d => d.Id == a2).SingleAsync());
        Assert.DoesNotContain("00987654321", System.Text.Encoding.Latin1.GetString(stored.InstrumentEncrypted!));
        Assert.DoesNotContain("00987654321", stored.PaymentReference!);
        var deposits = await (await clientA.GetAsync($"/v1/accounts/{a.AccountId}/deposits")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("00987654321", deposits);
        Assert.Contains("\"status\":\"pending\"", deposits);

        // Asked again, the same file, byte for byte; nothing is credited before settlement.
        Assert.Equal(file, await DebitFile(provider, Today()));
        Assert.Equal("900.000", await clientA.Balance(a.AccountId));

        // The bank returns a1 (R01) before settlement: it fails; there was no credit to reverse.
        var first = await Post(provider, "/v1/ach/returns", AchFiles.Returns(file, (a1, "R01")));
        var r1 = first["returned"]!.AsArray().Single()!;
        Assert.Equal((a1, "R01", false), ((string)r1["deposit_id"]!, (string)r1["return_code"]!, (bool)r1["reversed"]!));
        Assert.Equal("failed", await Status(a1));
        Assert.Equal("900.000", await clientA.Balance(a.AccountId));

        // Within the settlement window nothing is confirmed; after it, every entry not returned is.
        var early = await Post(provider, "/v1/ach/settlements");
        Assert.Empty(early["confirmed"]!.AsArray());
        Assert.Equal(2, (int)early["not_yet_due"]!);
        _clock.Advance(TimeSpan.FromDays(4)); // two banking days after any weekday
        var settled = await Post(provider, "/v1/ach/settlements");
        Assert.Equal(new[] { a2, b1 }.Order(), settled["confirmed"]!.AsArray().Select(x => (string)x!).Order());
        Assert.Equal("1000.000", await clientA.Balance(a.AccountId));
        Assert.Equal("975.500", await clientB.Balance(b.AccountId));
        Assert.Empty((await Post(provider, "/v1/ach/settlements"))["confirmed"]!.AsArray());

        // A late return (R10) reverses the credit with a new transaction; the credit's lines stay.
        var late = AchFiles.Returns(file, (a2, "R10"));
        var second = await Post(provider, "/v1/ach/returns", late);
        Assert.True((bool)second["returned"]![0]!["reversed"]!);
        Assert.Equal("failed", await Status(a2));
        Assert.Equal("900.000", await clientA.Balance(a.AccountId));
        var ledger = (await (await clientA.GetAsync($"/v1/accounts/{a.AccountId}/ledger?limit=100")).Body())["data"]!.AsArray();
        Assert.Contains(ledger, l => (string)l!["cause"]! == "deposit" && (string)l["cause_id"]! == a2 && (string)l["book"]! == "deposit" && (string)l["amount"]!["amount"]! == "100.000");
        Assert.Contains(ledger, l => (string)l!["cause"]! == "ach_return" && (string)l["cause_id"]! == a2 && (string)l["book"]! == "deposit" && (string)l["amount"]!["amount"]! == "-100.000");
        var deposit = await (await clientA.GetAsync($"/v1/accounts/{a.AccountId}/deposits")).Body();
        Assert.Contains("R10", (string)deposit["data"]!.AsArray().Single(d => (string)d!["id"]! == a2)!["failure_reason"]!);

        // The same return file again changes nothing.
        var again = await Post(provider, "/v1/ach/returns", late);
        Assert.Empty(again["returned"]!.AsArray());
        Assert.Equal([a2], again["already_returned"]!.AsArray().Select(x => (string)x!).ToArray());
        Assert.Equal("900.000", await clientA.Balance(a.AccountId));
        await LiveDepositTests.LedgerIsBalanced(clientA, a.AccountId);
        await LiveDepositTests.LedgerIsBalanced(clientB, b.AccountId);
    }

    [SkippableFact]
    public async Task ADepositMadeAfterTheFile_GoesIntoTheNextDatesFile()
    {
        var app = Start();
        var a = await app.New();
        var provider = app.ClientFor(a.ProviderApiKey);
        var client = app.ClientFor(a.ApiKey);
        var first = await DepositId(client.Deposit(a.AccountId, "10.000"));
        var today = await DebitFile(provider, Today());
        var later = await DepositId(client.Deposit(a.AccountId, "20.000"));
        Assert.Equal(today, await DebitFile(provider, Today()));
        var tomorrow = await DebitFile(provider, Today(1));
        Assert.Equal([first[..15].ToUpperInvariant()], AchFiles.Entries(today).Select(e => e.IndividualId).ToArray());
        Assert.Equal([later[..15].ToUpperInvariant()], AchFiles.Entries(tomorrow).Select(e => e.IndividualId).ToArray());
        // Trace numbers never repeat across files: the day of the year is part of them.
        Assert.NotEqual(AchFiles.Entries(today)[0].TraceNumber, AchFiles.Entries(tomorrow)[0].TraceNumber);
        // A date with nothing pending is an empty but well-formed file.
        Assert.Empty(AchFiles.Entries(await DebitFile(provider, Today(2))));
    }

    [SkippableFact]
    public async Task AReturnAfterTheMoneyWasSpent_NeverMakesTheBalanceNegative_TheRestIsAProviderAdvance()
    {
        var app = Start();
        var a = await app.New(extraDevices: 2);
        var provider = app.ClientFor(a.ProviderApiKey);
        var client = app.ClientFor(a.ApiKey);
        var deposit = await DepositId(client.Deposit(a.AccountId, "1000.000"));
        var file = await DebitFile(provider, Today());
        _clock.Advance(TimeSpan.FromDays(4));
        await Post(provider, "/v1/ach/settlements");
        Assert.Equal("1900.000", await client.Balance(a.AccountId));
        // The licensee resets its devices with the money (P050 3.5): 400 + 500 + 500. The licensee-wide
        // cap of P050 3.6 is not this test's subject (LicenseeCap tests cover it): it is lifted in the
        // database so that more than the deposit can be spent before the return arrives.
        await app.WithDb(db => db.Licensees.Where(l => l.Id == a.LicenseeId).ExecuteUpdateAsync(x => x.SetProperty(l => l.DrCapMills, 1_500_000)));
        foreach (var (device, amount) in a.DeviceIds.Zip(new[] { "400.000", "500.000", "500.000" }))
            Assert.Equal(HttpStatusCode.Created, (await client.Reset(device, amount)).StatusCode);
        Assert.Equal("500.000", await client.Balance(a.AccountId));

        var result = await Post(provider, "/v1/ach/returns", AchFiles.Returns(file, (deposit, "R01")));
        Assert.True((bool)result["returned"]![0]!["reversed"]!);
        var account = await client.Account(a.AccountId);
        Assert.Equal("0.000", (string)account["balance"]!["amount"]!);
        Assert.Equal("500.000", (string)account["advance_outstanding"]!["amount"]!);
        var ledger = (await (await client.GetAsync($"/v1/accounts/{a.AccountId}/ledger?limit=100")).Body())["data"]!.AsArray();
        var reversal = ledger.Where(l => (string)l!["cause"]! == "ach_return").Select(l => ((string)l!["book"]!, (string)l["amount"]!["amount"]!)).Order().ToArray();
        Assert.Equal(new[] { ("advance", "-500.000"), ("bank", "1000.000"), ("deposit", "-500.000") }, reversal);
        await LiveDepositTests.LedgerIsBalanced(client, a.AccountId);
    }

    [SkippableFact]
    public async Task BadAchRequests_AreRefusedWithAStableCode_AndChangeNothing()
    {
        var app = Start();
        var a = await app.New();
        var provider = app.ClientFor(a.ProviderApiKey);
        var deposit = await DepositId(app.ClientFor(a.ApiKey).Deposit(a.AccountId, "10.000"));

        await BadInputTests.AssertProblem(await app.ClientFor(a.ApiKey).GetAsync($"/v1/ach/debit-file?date={Today()}"), 403, "forbidden", null, "a licensee");
        await BadInputTests.AssertProblem(await app.Provider().GetAsync($"/v1/ach/debit-file?date={Today()}"), 403, "mode_mismatch", null, "a test key");
        await BadInputTests.AssertProblem(await provider.GetAsync("/v1/ach/debit-file"), 400, "date_invalid", "date", "no date");
        await BadInputTests.AssertProblem(await provider.GetAsync("/v1/ach/debit-file?date=2026-13-01"), 400, "date_invalid", "date", "no such date");
        await BadInputTests.AssertProblem(await provider.GetAsync($"/v1/ach/debit-file?date={Today(-1)}"), 400, "date_invalid", "date", "a new file in the past");
        Assert.Null(await app.WithDb(db => db.Deposits.Where(d => d.Id == deposit).Select(d => d.PaymentReference).SingleAsync()));

        var file = await DebitFile(provider, Today());
        var returns = AchFiles.Returns(file, (deposit, "R01"));
        await BadInputTests.AssertProblem(await provider.PostRaw("/v1/ach/returns", "not a NACHA file", "text/plain"), 400, "ach_file_invalid", "body", "garbage");
        await BadInputTests.AssertProblem(await provider.PostRaw("/v1/ach/returns", returns.Replace("R01", "X01", StringComparison.Ordinal), "text/plain"), 400, "ach_file_invalid", "body", "a bad reason code");
        var unknown = returns.Replace(AchFiles.EntryOf(file, deposit).TraceNumber, "021000210000000", StringComparison.Ordinal);
        await BadInputTests.AssertProblem(await provider.PostRaw("/v1/ach/returns", unknown, "text/plain"), 422, "ach_return_unknown_entry", "body", "a trace number of no deposit");
        await BadInputTests.AssertProblem(await app.ClientFor(a.ApiKey).PostRaw("/v1/ach/returns", returns, "text/plain"), 403, "forbidden", null, "a licensee");
        await BadInputTests.AssertProblem(await app.ClientFor(a.ApiKey).PostAsync("/v1/ach/settlements", null), 403, "forbidden", null, "a licensee settles");
        Assert.Equal("pending", await Status(deposit));
        Assert.Equal("900.000", await app.ClientFor(a.ApiKey).Balance(a.AccountId));
    }

    [SkippableFact]
    public async Task WithoutAnOriginator_NoDebitFileIsWritten()
    {
        var app = Start(AchFiles.ManualGateway(withOriginator: false));
        var a = await app.New();
        await BadInputTests.AssertProblem(await app.ClientFor(a.ProviderApiKey).GetAsync($"/v1/ach/debit-file?date={Today()}"), 409, "ach_originator_not_configured", null, "no ACH settings");
    }
}

public sealed class SqliteAchRoundTripTests() : AchRoundTripTests(DatabaseKind.Sqlite);

public sealed class PostgresAchRoundTripTests() : AchRoundTripTests(DatabaseKind.Postgres);
