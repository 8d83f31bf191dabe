using System.Net;
using CsCheck;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// The registers can neither lose nor mint a mill: AR + DR = control total after every print,
/// DR never negative, AR and piece count never decrease, and concurrent printers can never
/// overspend the descending register — on one node or two nodes sharing the database.
/// </summary>
public abstract class RegisterInvariantTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static object Piece(string postage) => PrintingTests.Letter(postage: postage, zip: null);

    [SkippableFact]
    public async Task ConcurrentPrints_AgainstShortDescendingRegister_ExactlyFiveSucceed()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        // DR $100.000 covers exactly five $20.000 pieces.
        var responses = await Task.WhenAll(Enumerable.Range(0, 32)
            .Select(_ => Task.Run(() => client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Piece("20.000")))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
            Assert.Equal("insufficient_postage", (string)(await refused.Body())["code"]!);
        }
        await AssertDeviceConsistent(who.DeviceId, expectedPieces: 5, expectedAscendingMills: 100_000);
    }

    [SkippableFact]
    public async Task TwoNodes_PrintingOnOneDevice_NeverOverspend()
    {
        using var second = new IbisApp(App);
        var who = await App.NewLicensee();
        var clients = new[] { App.ClientFor(who.ApiKey), second.ClientFor(who.ApiKey) };
        var responses = await Task.WhenAll(Enumerable.Range(0, 24)
            .Select(i => Task.Run(() => clients[i % 2].PostJson($"/v1/devices/{who.DeviceId}/indicia", Piece("20.000")))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode));
        await AssertDeviceConsistent(who.DeviceId, expectedPieces: 5, expectedAscendingMills: 100_000);
    }

    /// <summary>Random print sequences checked step by step against a two-register model.</summary>
    [SkippableFact]
    public async Task RandomPrintSequences_KeepInvariants_AndMatchTheModel()
    {
        var step = Gen.OneOf(
            Gen.Int[740, 30_000].Select(m => (Category: "letter", Weight: 1m, Mills: m)),
            Gen.Int[1_630, 60_000].Select(m => (Category: "flat", Weight: 4m, Mills: m)),
            Gen.Int[610, 2_000].Select(m => (Category: "postcard", Weight: 1m, Mills: m)),
            // Below the rate: always refused, never changes anything.
            Gen.Int[1, 600].Select(m => (Category: "letter", Weight: 1m, Mills: m)));

        await step.Array[1, 12].SampleAsync(async ops =>
        {
            var who = await App.NewLicensee();
            var client = App.ClientFor(who.ApiKey);
            long ar = 0, dr = 100_000, pieces = 0;
            foreach (var op in ops)
            {
                var body = new Dictionary<string, object>
                {
                    ["mail_class"] = "first_class", ["rate_category"] = op.Category, ["weight_oz"] = op.Weight,
                    ["postage"] = Domain.Money.Mills.FromMills(op.Mills).ToString(),
                    ["mailing_date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                };
                var response = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", body);
                var due = Domain.Rates.RateTable.BuiltInSample.AmountDue(Domain.Rates.RateCategory.Find("first_class", op.Category)!, op.Weight).Value;
                if (op.Mills < due)
                {
                    Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                }
                else if (op.Mills > dr)
                {
                    Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    ar += op.Mills; dr -= op.Mills; pieces++;
                    var printed = await response.Body();
                    Assert.Equal(Domain.Money.Mills.FromMills(ar).ToString(), (string)printed["ascending_register"]!["amount"]!);
                    Assert.Equal(Domain.Money.Mills.FromMills(dr).ToString(), (string)printed["descending_register"]!["amount"]!);
                    Assert.Equal(pieces, (long)printed["piece_number"]!);
                }
            }
            await AssertDeviceConsistent(who.DeviceId, pieces, ar);
        }, iter: 12, threads: 1);
    }

    /// <summary>Re-checks the invariants from the database itself, not from API responses.</summary>
    private async Task AssertDeviceConsistent(string deviceId, long expectedPieces, long expectedAscendingMills)
    {
        await App.WithDb(async db =>
        {
            var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId);
            var resets = await db.Resets.AsNoTracking().Where(r => r.DeviceId == deviceId).SumAsync(r => r.AmountMills);
            var indicia = await db.Indicia.AsNoTracking().Where(i => i.DeviceId == deviceId).OrderBy(i => i.PieceNumber).ToListAsync();
            Assert.Equal(resets, device.AscendingMills + device.DescendingMills); // control total = sum of resets
            Assert.True(device.DescendingMills >= 0);
            Assert.Equal(expectedPieces, device.PieceCount);
            Assert.Equal(expectedAscendingMills, device.AscendingMills);
            Assert.Equal(expectedPieces, indicia.Count);
            Assert.Equal(device.AscendingMills, indicia.Sum(i => i.PostageMills));
            // AR rises piece by piece; each indicium carries the registers after itself.
            long ar = 0;
            for (var i = 0; i < indicia.Count; i++)
            {
                Assert.Equal(i + 1, indicia[i].PieceNumber);
                ar += indicia[i].PostageMills;
                Assert.Equal(ar, indicia[i].AscendingAfterMills);
                Assert.Equal(resets - ar, indicia[i].DescendingAfterMills);
            }
            return true;
        });
    }
}

[Collection("sqlite")]
public sealed class SqliteRegisterInvariantTests(SqliteAppFixture f) : RegisterInvariantTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresRegisterInvariantTests(PostgresAppFixture f) : RegisterInvariantTests(() => f.App), IClassFixture<PostgresAppFixture>;
