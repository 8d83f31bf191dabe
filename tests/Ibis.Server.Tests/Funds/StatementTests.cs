using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Funds;

/// <summary>
/// Issue 7: "statements match the ledger line by line". A month with deposits, a reset, an advance
/// and its repayment, framed by a line one second before the month and one just after it; the
/// statement CSV and PDF of that month must list exactly the month's deposit-book lines of
/// GET /v1/accounts/{id}/ledger, with the same amounts and balances after, and the PDF must open
/// at the balance of the last line before the month.
/// </summary>
public abstract class StatementTests : IDisposable
{
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(9), TimeSpan.Zero));
    private readonly Lazy<IbisApp> _app;

    protected StatementTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record Line(long Sequence, string Amount, string BalanceAfter);

    private sealed record Scenario(string AccountId, HttpClient Client, string Month, List<Line> Expected, string Opening, string Closing);

    /// <summary>Activity before, in and after the month after the clock's start.</summary>
    private async Task<Scenario> AMonthOfActivity()
    {
        var who = await App.NewLicensee("Statement Mailing Co");
        var client = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        var account = await App.AccountOf(who.LicenseeId);
        var start = _clock.GetUtcNow();
        var month = new DateTimeOffset(start.Year, start.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);

        Assert.Equal(HttpStatusCode.Created, (await client.Deposit(account, "250.000")).StatusCode);
        _clock.Set(month.AddSeconds(-1));
        Assert.Equal(HttpStatusCode.Created, (await client.Deposit(account, "10.001", "wire")).StatusCode);
        _clock.Set(month);
        Assert.Equal(HttpStatusCode.Created, (await client.Deposit(account, "20.000", "credit_card")).StatusCode);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "50.500")).StatusCode);
        _clock.Advance(TimeSpan.FromDays(3));
        var limit = new HttpRequestMessage(HttpMethod.Put, $"/v1/accounts/{account}/advance-limit")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string> { ["amount"] = "100.000" }),
        };
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(limit)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await provider.PostJson($"/v1/accounts/{account}/advances", new Dictionary<string, string> { ["amount"] = "30.000" })).StatusCode);
        _clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/accounts/{account}/advance-repayments", new Dictionary<string, string> { ["amount"] = "30.000" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Deposit(account, "0.007", "check")).StatusCode);
        _clock.Set(month.AddMonths(1));
        Assert.Equal(HttpStatusCode.Created, (await client.Deposit(account, "5.000")).StatusCode);

        // What the ledger API says about the month, page by page.
        var all = new List<JsonNode>();
        string? after = null;
        while (true)
        {
            var page = await (await client.GetAsync($"/v1/accounts/{account}/ledger?limit=3" + (after is null ? "" : $"&starting_after={after}"))).Body();
            var data = page["data"]!.AsArray();
            all.AddRange(data.Select(d => d!));
            if (data.Count == 0 || page["has_more"]?.GetValue<bool>() != true) break;
            after = (string)data[^1]!["id"]!;
        }
        var deposit = all.Where(l => (string)l["book"]! == "deposit").ToList();
        DateTimeOffset At(JsonNode l) => DateTimeOffset.Parse((string)l["created_at"]!, CultureInfo.InvariantCulture);
        var expected = deposit.Where(l => At(l) >= month && At(l) < month.AddMonths(1))
            .Select(l => new Line((long)l["sequence"]!, (string)l["amount"]!["amount"]!, (string)l["balance_after"]!["amount"]!)).ToList();
        var opening = (string)deposit.Last(l => At(l) < month)["balance_after"]!["amount"]!;
        return new Scenario(account, client, month.ToString("yyyy-MM", CultureInfo.InvariantCulture), expected, opening, expected[^1].BalanceAfter);
    }

    [SkippableFact]
    public async Task StatementCsv_ListsTheMonthsLedgerLines_LineByLine()
    {
        var s = await AMonthOfActivity();
        Assert.Equal(5, s.Expected.Count); // deposit, reset, advance, repayment, deposit
        var response = await s.Client.GetAsync($"/v1/accounts/{s.AccountId}/statements/{s.Month}.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sequence,date,transaction_id,book,cause,cause_id,amount,balance_after", rows[0]);
        var csv = rows.Skip(1).Select(r => r.Split(',')).Select(f => new Line(long.Parse(f[0], CultureInfo.InvariantCulture), f[6], f[7])).ToList();
        Assert.Equal(s.Expected, csv);
        // Without an extension the statement is the CSV too, as before the PDF existed.
        Assert.Equal(await response.Content.ReadAsStringAsync(), await s.Client.GetStringAsync($"/v1/accounts/{s.AccountId}/statements/{s.Month}"));
    }

    [SkippableFact]
    public async Task StatementPdf_ListsTheMonthsLedgerLines_LineByLine_FromTheOpeningBalance()
    {
        var pdftotext = Requires.Tool("pdftotext", "poppler-utils");
        var s = await AMonthOfActivity();
        var response = await s.Client.GetAsync($"/v1/accounts/{s.AccountId}/statements/{s.Month}.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{s.AccountId}-{s.Month}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-", System.Text.Encoding.Latin1.GetString(bytes, 0, 8));

        var path = Path.Combine(Path.GetTempPath(), $"ibis-statement-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var (code, text, stderr) = Requires.Run(pdftotext, "-layout", path, "-");
            Assert.True(code == 0, stderr);
            Assert.Contains("Statement Mailing Co", text);
            Assert.Contains(s.AccountId, text);
            Assert.Matches($@"Opening balance\s+\${Regex.Escape(s.Opening)}", text);
            Assert.Matches($@"Closing balance\s+\${Regex.Escape(s.Closing)}", text);
            // A table row: number, date, type, description … amount, balance after.
            var rows = Regex.Matches(text, @"^\s*(\d+)\s+\d{4}-\d\d-\d\d\s+.*?\s(-?\d+\.\d{3})\s+(-?\d+\.\d{3})\s*$", RegexOptions.Multiline)
                .Select(m => new Line(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, m.Groups[3].Value)).ToList();
            Assert.Equal(s.Expected, rows);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public async Task Statement_OfAnotherLicenseesAccount_IsNotFound()
    {
        var s = await AMonthOfActivity();
        var other = await App.NewLicensee("Nosy Neighbour");
        var response = await App.ClientFor(other.ApiKey).GetAsync($"/v1/accounts/{s.AccountId}/statements/{s.Month}.pdf");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var bad = await s.Client.GetAsync($"/v1/accounts/{s.AccountId}/statements/2026-13.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("month_invalid", (string)(await bad.Body())["code"]!);
    }
}

[Collection("sqlite")]
public sealed class SqliteStatementTests() : StatementTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresStatementTests() : StatementTests(DatabaseKind.Postgres);
