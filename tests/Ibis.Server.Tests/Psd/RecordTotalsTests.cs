using System.Globalization;
using System.Net;
using CsCheck;
using Ibis.Data;
using Ibis.Security.Keys;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// The audit before a reset (§502.25(a)) compares the device's report with running totals of the
/// provider's records instead of summing the device's history. These tests hold the totals to the
/// records: after any sequence of prints, batches, resets and refusals they equal the sums of the
/// indicium and reset rows; the seal covers them; and a device sealed before they existed still
/// works and is resealed with them.
/// </summary>
public abstract class RecordTotalsTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, object> Letter(long mills) => new()
    {
        ["mail_class"] = "first_class", ["rate_category"] = "letter", ["weight_oz"] = 1m,
        ["postage"] = Domain.Money.Mills.FromMills(mills).ToString(), ["mailing_date"] = Today,
    };

    private enum Kind { Print, Batch, Reset, Refused, Audit }

    [SkippableFact]
    public async Task RandomOperations_KeepTheRunningTotals_EqualToTheRecords()
    {
        var op = Gen.OneOf(
            Gen.Int[740, 20_000].Select(m => (Kind.Print, m, 1)),
            Gen.Select(Gen.Int[740, 3_000], Gen.Int[2, 12], (m, n) => (Kind.Batch, m, n)),
            Gen.Int[1_000, 60_000].Select(m => (Kind.Reset, m, 1)),
            // Below the rate, or more than DR holds: refused, and nothing may move.
            Gen.OneOf(Gen.Int[1, 600], Gen.Int[600_000, 900_000]).Select(m => (Kind.Refused, m, 1)),
            Gen.Const((Kind.Audit, 0, 0)));

        await op.Array[1, 10].SampleAsync(async ops =>
        {
            var who = await App.NewLicensee();
            var client = App.ClientFor(who.ApiKey);
            var provider = App.Provider();
            foreach (var (kind, mills, count) in ops)
            {
                var response = kind switch
                {
                    Kind.Print or Kind.Refused => await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter(mills)),
                    Kind.Batch => await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch",
                        new Dictionary<string, object> { ["pieces"] = Enumerable.Range(0, count).Select(_ => Letter(mills)).ToList() }),
                    Kind.Reset => await client.Reset(who.DeviceId, Domain.Money.Mills.FromMills(mills).ToString()),
                    _ => await provider.PostRaw($"/v1/devices/{who.DeviceId}/audits", ""),
                };
                // Every request either succeeds or is refused by a rule (DR, cap, rate); none is a server error.
                Assert.True((int)response.StatusCode < 500, $"{kind} {mills}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (kind is Kind.Refused) Assert.NotEqual(HttpStatusCode.Created, response.StatusCode);
                if (kind is Kind.Audit) Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                await AssertTotalsMatchTheRecords(who.DeviceId);
            }
            // The provider's audit reconciles the totals with the records themselves: it passes.
            Assert.Equal(HttpStatusCode.Created, (await provider.PostRaw($"/v1/devices/{who.DeviceId}/audits", "")).StatusCode);
        }, iter: 8, threads: 1);
    }

    [SkippableFact]
    public async Task ConcurrentPrintsAndResets_KeepTheRunningTotals_EqualToTheRecords()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => i % 4 == 0
            ? client.Reset(who.DeviceId, "10.000")
            : client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter(9_000)))));
        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        await AssertTotalsMatchTheRecords(who.DeviceId);
    }

    [SkippableFact]
    public async Task AnEditedRunningTotal_BreaksTheSeal_AndLocksTheDevice()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
        // Someone makes the records look as if less postage was printed; the seal covers the totals.
        await App.Sql($"UPDATE devices SET \"RecordedPostageMills\" = \"RecordedPostageMills\" - 740 WHERE \"Id\" = {who.DeviceId}");
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "5.000"), 409, "register_integrity_failure", null, "edited total");
        Assert.Equal("locked", (string)(await App.Provider().Device(who.DeviceId))["status"]!);
    }

    [SkippableFact]
    public async Task ADeviceSealedBeforeTheTotals_IsBackfilled_AndResealedWithThem()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId, "1.000")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "3.000")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId, "2.000")).StatusCode);

        // The row as the release before the totals left it: no totals, a layout-1 MAC over the registers.
        await App.WithDb(async db =>
        {
            var keys = App.Services.GetRequiredService<IKeyStore>();
            var d = await db.Devices.SingleAsync(x => x.Id == who.DeviceId);
            d.RecordedPostageMills = d.RecordedResetsMills = d.RecordedPieces = 0;
            d.SealVersion = 0;
            d.RegisterMac = keys.ComputeMac(d.MacKeyHandle, RegisterSeal.StateOf(d).CanonicalBytes(d.PreviousMac));
            await db.SaveChangesAsync();
            // The migration's backfill.
            await db.Database.ExecuteSqlRawAsync(RecordTotalsBackfill.Sql);
            return true;
        });
        await AssertTotalsMatchTheRecords(who.DeviceId, sealLayout: 0);

        // The old seal still verifies; the reset's audit reads the backfilled totals; the new seal covers them.
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "1.000")).StatusCode);
        await AssertTotalsMatchTheRecords(who.DeviceId);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
        await AssertTotalsMatchTheRecords(who.DeviceId);
    }

    /// <summary>Totals = sums of the records, = the registers they describe, and sealed in the current layout.</summary>
    private async Task AssertTotalsMatchTheRecords(string deviceId, int sealLayout = RegisterSeal.CurrentLayout)
    {
        await App.WithDb(async db =>
        {
            var d = await db.Devices.AsNoTracking().SingleAsync(x => x.Id == deviceId);
            var resets = await db.Resets.Where(r => r.DeviceId == deviceId).SumAsync(r => (long?)r.AmountMills) ?? 0;
            var postage = await db.Indicia.Where(i => i.DeviceId == deviceId).SumAsync(i => (long?)i.PostageMills) ?? 0;
            var pieces = await db.Indicia.LongCountAsync(i => i.DeviceId == deviceId);
            Assert.Equal(resets, d.RecordedResetsMills);
            Assert.Equal(postage, d.RecordedPostageMills);
            Assert.Equal(pieces, d.RecordedPieces);
            Assert.Equal(d.ControlTotalMills, d.RecordedResetsMills);
            Assert.Equal(d.AscendingMills, d.RecordedPostageMills);
            Assert.Equal(d.PieceCount, d.RecordedPieces);
            Assert.Equal(sealLayout, d.SealVersion);
            return true;
        });
    }
}

[Collection("sqlite")]
public sealed class SqliteRecordTotalsTests(SqliteAppFixture f) : RecordTotalsTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresRecordTotalsTests(PostgresAppFixture f) : RecordTotalsTests(() => f.App), IClassFixture<PostgresAppFixture>;
