using System.Net;
using System.Text;
using CsCheck;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Funds;

/// <summary>
/// A month of simulated activity — deposits, resets, prints, a closing — day by day with a movable
/// clock, then: the ledger, the registers and the daily transmissions reconcile to $0.000, and a
/// tampered transmission is flagged.
/// </summary>
public abstract class MonthOfActivityTests : IDisposable
{
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(9), TimeSpan.Zero));
    private readonly Lazy<IbisApp> _app;

    protected MonthOfActivityTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Today => _clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task AMonthOfActivity_ReconcilesToTheMill()
    {
        var licensees = new[] { await App.NewLicensee("Alpha Mail"), await App.NewLicensee("Beta Post") };
        var random = new Random(20261125);
        var days = new List<string>();
        for (var day = 0; day < 30; day++)
        {
            days.Add(Today);
            foreach (var who in licensees)
            {
                var client = App.ClientFor(who.ApiKey);
                var account = await App.AccountOf(who.LicenseeId);
                if (random.Next(4) == 0) await client.Deposit(account, $"{random.Next(20, 200)}.{random.Next(1000):D3}");
                for (var i = random.Next(0, 4); i > 0; i--)
                    await client.Print(who.DeviceId, $"{random.Next(0, 3)}.{random.Next(740, 1000):D3}");
                if (random.Next(3) == 0) await client.Reset(who.DeviceId, $"{random.Next(1, 60)}.{random.Next(1000):D3}");
            }
            _clock.Advance(TimeSpan.FromDays(1));
        }
        // The month ends with one licensee closing its account.
        var closer = licensees[1];
        // Its device is checked out first, its DR credited to the account (issue 12: no closing while a device holds postage).
        await App.CheckOutAndRefund(closer.DeviceId); // §502.27(b)(4): credited once the district MATS coordinator approves
        var closing = await App.ClientFor(closer.ApiKey).PostJson($"/v1/accounts/{await App.AccountOf(closer.LicenseeId)}/closing",
            new Dictionary<string, string> { ["requested_on"] = Today });
        Assert.Equal(HttpStatusCode.Created, closing.StatusCode);

        // Every day's file matches the ledger, to the mill.
        long transmittedTotal = 0;
        foreach (var day in days)
        {
            var sent = await App.Provider().PostJson("/v1/transmissions/daily-financial-transactions", new Dictionary<string, string> { ["date"] = day });
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            var id = (string)(await sent.Body())["id"]!;
            var result = await (await App.Postal().PostRaw($"/v1/transmissions/{id}/reconciliation", "")).Body();
            Assert.True((bool)result["matches"]!, result.ToJsonString());
            transmittedTotal += Domain.Money.Mills.ParseDollars((string)result["transmitted_total"]!["amount"]!).Value.Value;
        }

        await App.WithDb(async db =>
        {
            var ids = licensees.Select(l => l.LicenseeId).ToList();
            var devices = await db.Devices.AsNoTracking().Where(d => d.LicenseeId != null && ids.Contains(d.LicenseeId)).ToListAsync();
            var accounts = await db.DepositAccounts.AsNoTracking().Where(a => ids.Contains(a.LicenseeId)).ToListAsync();
            var accountIds = accounts.Select(a => a.Id).ToList();
            var lines = await db.Ledger.AsNoTracking().Where(e => accountIds.Contains(e.AccountId)).ToListAsync();
            var resets = await db.Resets.AsNoTracking().Where(r => devices.Select(d => d.Id).Contains(r.DeviceId)).ToListAsync();
            var confirmed = await db.Deposits.AsNoTracking().Where(d => accountIds.Contains(d.AccountId) && d.Status == Domain.Funds.DepositStatus.Confirmed).SumAsync(d => d.AmountMills);
            var refunds = await db.Refunds.AsNoTracking().Where(r => accountIds.Contains(r.AccountId)).SumAsync(r => r.AmountMills);
            var deviceIds = devices.Select(d => d.Id).ToList();
            var checkedOut = (await db.ActivityReports.AsNoTracking().Where(a => deviceIds.Contains(a.DeviceId)).Select(a => a.ValidatedRefundMills).ToListAsync()).Sum();

            Assert.All(lines.GroupBy(l => l.TransactionId), t => Assert.Equal(0, t.Sum(l => l.AmountMills)));   // debits = credits
            Assert.Equal(devices.Sum(d => d.ControlTotalMills), resets.Sum(r => r.AmountMills));               // Σ resets = Σ control totals
            Assert.Equal(devices.Sum(d => d.ControlTotalMills) - checkedOut, lines.Where(l => l.Book.StartsWith("psd:", StringComparison.Ordinal)).Sum(l => l.AmountMills));
            // The daily files cover every reset of the provider's devices (the sandbox's own device too).
            var allResets = await db.Resets.AsNoTracking().ToListAsync();
            Assert.Equal(allResets.Where(r => days.Contains(r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).Sum(r => r.AmountMills), transmittedTotal);
            // Money in = money on deposit + postage sold − device balances refunded at check-out + refunds paid: drift $0.000.
            Assert.Equal(confirmed, accounts.Sum(a => a.BalanceMills) + resets.Sum(r => r.AmountMills) - checkedOut + refunds);
            foreach (var d in devices) Assert.Equal(d.ControlTotalMills, d.AscendingMills + d.DescendingMills);
            return true;
        });

        // A transmission edited after the fact is flagged by the postal side.
        var list = await (await App.Postal().GetAsync("/v1/transmissions?kind=daily_financial_transactions")).Body();
        var victim = list["data"]!.AsArray().First(t => (int)t!["body"]!["count"]! > 0)!;
        var victimId = (string)victim["id"]!;
        var body = await App.WithDb(db => db.Transmissions.Where(t => t.Id == victimId).Select(t => t.Body).SingleAsync());
        var tampered = Encoding.UTF8.GetString(body);
        var firstAmount = (string)victim["body"]!["records"]!.AsArray()[0]!["amount"]!;
        tampered = tampered.Replace($"\"amount\":\"{firstAmount}\"", "\"amount\":\"0.001\"", StringComparison.Ordinal);
        await App.Sql($"UPDATE transmissions SET \"Body\" = {Encoding.UTF8.GetBytes(tampered)} WHERE \"Id\" = {victimId}");
        var flagged = await (await App.Postal().PostRaw($"/v1/transmissions/{victimId}/reconciliation", "")).Body();
        Assert.False((bool)flagged["matches"]!);
        Assert.Contains(flagged["differences"]!.AsArray(), d => ((string)d!).Contains("SHA-256", StringComparison.Ordinal));
        Assert.Contains(flagged["differences"]!.AsArray(), d => ((string)d!).Contains("the ledger debited", StringComparison.Ordinal));
    }
}

public sealed class SqliteMonthOfActivityTests() : MonthOfActivityTests(DatabaseKind.Sqlite);

public sealed class PostgresMonthOfActivityTests() : MonthOfActivityTests(DatabaseKind.Postgres);
