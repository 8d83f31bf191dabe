using System.Net;
using Ibis.Data.Entities;
using Ibis.Server.Funds;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Funds;

/// <summary>
/// Issue 16 item 4: the ledger export is streamed — written while the lines are read, never built
/// whole in memory — so an account with many lines exports completely.
/// </summary>
public abstract class LedgerExportStreamingTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private const int Lines = 20_000;

    [SkippableFact]
    public async Task LedgerCsv_OfManyLines_IsExportedWhole_WithRunningBookBalances()
    {
        var who = await App.NewLicensee("Many Lines Co");
        var client = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        var before = await App.WithDb(db => Task.FromResult(db.Ledger.Where(e => e.AccountId == account).Select(e => (long?)e.Sequence).Max() ?? 0));
        var existing = await App.WithDb(db => Task.FromResult(db.Ledger.Count(e => e.AccountId == account)));
        await App.WithDb(async db =>
        {
            var at = DateTimeOffset.UtcNow;
            for (var i = 1; i <= Lines; i++)
            {
                var tx = "txn_stream" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
                db.Ledger.Add(new LedgerEntryRow
                {
                    AccountId = account, Sequence = before + i, Id = "led_stream" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), TransactionId = tx,
                    Book = "advance", AmountMills = 1, BalanceAfterMills = 0, Cause = "correction", CauseId = tx, Memo = "line \"" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"", CreatedAt = at,
                });
            }
            return await db.SaveChangesAsync();
        });

        using var response = await client.GetAsync($"/v1/accounts/{account}/ledger.csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(LedgerCsvStream.Header.TrimEnd('\n'), await reader.ReadLineAsync());
        var count = 0;
        string? last = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            count++;
            last = line;
        }
        Assert.Equal(existing + Lines, count);
        // The advance book's running balance after the last of the 20,000 one-mill lines.
        var cells = last!.Split(',');
        Assert.Equal("advance", cells[3]);
        Assert.Equal("\"line \"\"20000\"\"\"", cells[^1]);
        Assert.Equal(Ibis.Domain.Money.Mills.FromMills(await App.WithDb(db => Task.FromResult(db.Ledger.Where(e => e.AccountId == account && e.Book == "advance").Sum(e => e.AmountMills)))).ToString(), cells[7]);
    }

    /// <summary>The writer sends lines on before the source is exhausted: nothing waits for the whole ledger.</summary>
    [Fact]
    public async Task Writer_SendsLinesBeforeTheLastIsRead()
    {
        using var body = new MemoryStream();
        long writtenWhenHalfRead = -1;
        async IAsyncEnumerable<LedgerEntryRow> Source()
        {
            for (var i = 1; i <= 10_000; i++)
            {
                if (i == 5_000) writtenWhenHalfRead = body.Length;
                await Task.Yield();
                yield return new LedgerEntryRow
                {
                    AccountId = "acc_x", Sequence = i, Id = "led_" + i, TransactionId = "txn_" + i, Book = "deposit", AmountMills = 1000, BalanceAfterMills = i * 1000L,
                    Cause = "deposit", CauseId = "dep_" + i, CreatedAt = DateTimeOffset.UnixEpoch,
                };
            }
        }
        await LedgerCsvStream.Write(body, Source(), runningBookBalances: false, CancellationToken.None);
        Assert.True(writtenWhenHalfRead > 100_000, $"only {writtenWhenHalfRead} bytes were written when half the lines had been read");
        var lines = System.Text.Encoding.UTF8.GetString(body.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10_001, lines.Length);
        Assert.EndsWith(",1.000,10000.000,\"\"", lines[^1], StringComparison.Ordinal);
    }
}

[Collection("sqlite")]
public sealed class SqliteLedgerExportStreamingTests(SqliteAppFixture f) : LedgerExportStreamingTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresLedgerExportStreamingTests(PostgresAppFixture f) : LedgerExportStreamingTests(() => f.App), IClassFixture<PostgresAppFixture>;
