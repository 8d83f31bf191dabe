using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>Withdrawal with zeroization (§502.20(e)) and batch printing (all or nothing).</summary>
public abstract class WithdrawalAndBatchTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static object Batch(int count, string postage = "0.740") =>
        new Dictionary<string, object> { ["pieces"] = Enumerable.Range(0, count).Select(_ => PrintingTests.Letter(postage: postage, zip: null)).ToArray() };

    [SkippableFact]
    public async Task Withdrawal_RecordsFinalRegisters_AndDestroysTheKey()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var printed = await (await client.Print(who.DeviceId)).Body();

        var response = await App.Provider().PostJson($"/v1/devices/{who.DeviceId}/withdrawal", new Dictionary<string, string> { ["reason"] = "lease ended" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.Body();
        Assert.Equal("3601-C", (string)report["form"]!);
        Assert.Equal("0.740", report.Amount("ascending_register"));
        Assert.Equal("99.260", report.Amount("refund_due"));
        Assert.Equal(1L, (long)report["piece_count"]!);

        Assert.Equal("withdrawn", (string)(await client.Device(who.DeviceId))["status"]!);
        var handle = await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.KeyHandle).SingleAsync());
        Assert.Empty(handle); // the wrapped private key is gone from the database
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 422, "device_withdrawn", null, "print after withdrawal");
        await BadInputTests.AssertProblem(await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/audits", ""), 422, "device_withdrawn", null, "audit after withdrawal");
        await BadInputTests.AssertProblem(await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/withdrawal", ""), 409, "device_withdrawn", null, "twice");

        // Mail printed before the withdrawal still verifies.
        var verdict = await (await App.CreateClient().PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = (string)printed["barcode_data"]! })).Body();
        Assert.True((bool)verdict["valid"]!, verdict.ToJsonString());
    }

    [SkippableFact]
    public async Task WithdrawnKey_CannotSign_EvenThroughTheKeyStoreDirectly()
    {
        var who = await App.NewLicensee();
        var handle = await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.KeyHandle).SingleAsync());
        Assert.Equal(HttpStatusCode.Created, (await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/withdrawal", "")).StatusCode);
        var keys = (Ibis.Security.Keys.IKeyStore)App.Services.GetService(typeof(Ibis.Security.Keys.IKeyStore))!;
        var e = Assert.Throws<Ibis.Security.Keys.KeyStoreException>(() => keys.Sign(handle, [1, 2, 3]));
        Assert.Equal("key_destroyed", e.Code);
    }

    [SkippableFact]
    public async Task Batch_PrintsAllPieces_InOneTransaction_WithArRisingPieceByPiece()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var response = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", Batch(25));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Body();
        var pieces = body["data"]!.AsArray();
        Assert.Equal(25, pieces.Count);
        Assert.Equal("18.500", body.Amount("total_postage"));
        for (var i = 0; i < pieces.Count; i++)
        {
            Assert.Equal(i + 1L, (long)pieces[i]!["piece_number"]!);
            Assert.Equal(Domain.Money.Mills.FromMills(740L * (i + 1)).ToString(), pieces[i]!.Amount("ascending_register"));
        }
        Assert.Equal("81.500", (await client.Device(who.DeviceId)).Amount("descending_register"));
    }

    [SkippableFact]
    public async Task Batch_IsAllOrNothing()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await client.Snapshot(who.DeviceId);
        // 21 × $5 = $105 > DR $100: the 21st piece fails, so none is printed.
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", Batch(21, "5.000")), 402, "insufficient_postage", null, "over DR");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
        Assert.Equal(0, await App.WithDb(db => db.Indicia.CountAsync(i => i.DeviceId == who.DeviceId)));

        var pieces = Enumerable.Range(0, 5).Select(_ => PrintingTests.Letter(zip: null)).ToList();
        pieces[3] = PrintingTests.Letter(zip: null, weight: 9);
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", new Dictionary<string, object> { ["pieces"] = pieces }), 400, "weight_invalid", "pieces[3].weight_oz", "bad piece");
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", Batch(1001, "0.001")), 400, "batch_size_invalid", "pieces", "too many");
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", new Dictionary<string, object> { ["pieces"] = Array.Empty<object>() }), 400, "batch_size_invalid", "pieces", "empty");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
    }

    [SkippableFact]
    public async Task Batch_Retried_WithTheSameKey_PrintsOnce()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var first = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", Batch(3), "batch-1");
        var again = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", Batch(3), "batch-1");
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(3L, (long)(await client.Device(who.DeviceId))["piece_count"]!);
    }
}

[Collection("sqlite")]
public sealed class SqliteWithdrawalAndBatchTests(SqliteAppFixture f) : WithdrawalAndBatchTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresWithdrawalAndBatchTests(PostgresAppFixture f) : WithdrawalAndBatchTests(() => f.App), IClassFixture<PostgresAppFixture>;
