using System.Net;
using Ibis.Domain.Psd;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// Issue 17, SQLite: a batch print is prepared — its device read, its pieces priced and signed, its registers sealed, its
/// answer made — before its turn at the write gate, which it then holds for its writes alone (PsdTransaction), so two
/// batches sign at once. What stands in for the lock it did not hold while it read: one operation at a time per device in
/// the process (DeviceTurns), and an UPDATE of the device row that matches only the row as it was read. A writer outside
/// both (another process, a status set outside a device transaction) must make the batch start again inside its
/// transaction, never print on a row it did not see; one that wants to save on its own (a first IMb slot) runs inside its
/// transaction from the start.
/// </summary>
[Collection("sqlite")]
public sealed class PreparedBatchTests : IClassFixture<SqliteAppFixture>
{
    private readonly IbisApp _app;
    private readonly WriteGateHold _gate;

    public PreparedBatchTests(SqliteAppFixture fixture)
    {
        _app = fixture.App;
        _gate = new WriteGateHold(_app);
    }

    [Fact]
    public async Task ABatchPreparedBeforeItsTurn_WhoseDeviceWasLockedMeanwhile_IsRefused_AndPrintsNothing()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await Batch(client, who.DeviceId)).StatusCode);
        var before = await Printed(who.DeviceId);
        using var outcomes = new PreparedOutcomes();

        await _gate.Baseline();
        Task<HttpResponseMessage> print;
        using (await _gate.Hold())
        {
            print = Task.Run(() => Batch(client, who.DeviceId));
            await _gate.UntilQueued(2); // prepared and signed, waiting for its turn
            // Another writer, outside the device's turn and the gate, as another process would be: the device locked.
            await _app.WithDb(async db =>
            {
                var device = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
                device.Status = DeviceStatus.Locked;
                device.LockReason = "locked by another writer while a print waited for its turn";
                return await db.SaveChangesAsync();
            });
            Assert.False(print.IsCompleted, "the batch was answered while the write gate was held");
        }

        await BadInputTests.AssertProblem(await print, 422, "device_locked", null, "a batch prepared on the device before it was locked");
        Assert.Equal(before, await Printed(who.DeviceId));
        Assert.True(outcomes.Count("moved") >= 1, "the batch did not find its device moved at its turn");
    }

    [Fact]
    public async Task ABatchPreparedBeforeItsTurn_WhoseDeviceRowAnotherWriterChangedMeanwhile_PrintsAgainOnTheNewRow_KeepingTheChange()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await Batch(client, who.DeviceId)).StatusCode);
        using var outcomes = new PreparedOutcomes();

        await _gate.Baseline();
        Task<HttpResponseMessage> print;
        using (await _gate.Hold())
        {
            print = Task.Run(() => Batch(client, who.DeviceId));
            await _gate.UntilQueued(2);
            // A column neither the seal nor the version covers, written by another process: an inspection noted.
            await _app.WithDb(async db =>
            {
                var device = await db.Devices.SingleAsync(d => d.Id == who.DeviceId);
                device.InspectedAt = DateTimeOffset.UtcNow;
                device.InspectedBy = "another writer, while a print waited for its turn";
                return await db.SaveChangesAsync();
            });
        }

        Assert.Equal(HttpStatusCode.Created, (await print).StatusCode);
        var (pieces, rows) = await Printed(who.DeviceId);
        Assert.Equal(4, pieces);
        Assert.Equal(4, rows);
        Assert.True(outcomes.Count("moved") >= 1, "a column the seal does not cover moved, and the batch did not notice");
        Assert.Equal("another writer, while a print waited for its turn", await _app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.InspectedBy).SingleAsync()));
        // The row it wrote is sealed over what it read the second time: the next print verifies it.
        Assert.Equal(HttpStatusCode.Created, (await Batch(client, who.DeviceId)).StatusCode);
    }

    [Fact]
    public async Task AFirstAddressedBatch_TakesItsImbSlotInsideItsTransaction()
    {
        var who = await _app.NewLicensee();
        using var outcomes = new PreparedOutcomes();
        var addressed = new Dictionary<string, object?>((Dictionary<string, object?>)PrintingTests.Letter()) { ["to_address"] = RecipientAndFimTests.ToAddress() };
        var batch = new Dictionary<string, object> { ["pieces"] = new object[] { addressed, PrintingTests.Letter() } };
        Assert.Equal(HttpStatusCode.Created, (await _app.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", batch)).StatusCode);
        Assert.NotNull(await _app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.ImbSlot).SingleAsync()));
        Assert.True(outcomes.Count("saves") >= 1, "the first addressed batch was not refused its own save before its turn");
    }

    [Fact]
    public async Task BatchesOfOneDevice_AtOnce_EachMoveTheRegistersOnce()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Batch(client, who.DeviceId))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal((12L, 12), await Printed(who.DeviceId));
        var d = await (await client.GetAsync($"/v1/devices/{who.DeviceId}")).Body();
        Assert.Equal("8.880", (string)d["ascending_register"]!["amount"]!); // twelve letters at 0.740
    }

    [Fact]
    public async Task ADevicesTurn_WaitsForTheOneBefore_AndNotForAnotherDevice()
    {
        var turns = new DeviceTurns();
        var first = await turns.Take("psd_a", default);
        var second = turns.Take("psd_a", default);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        (await turns.Take("psd_b_on_another_stripe_most_likely", default)).Dispose(); // ends at once unless the ids share a stripe
        first.Dispose();
        first.Dispose(); // a second end releases nothing more
        (await second).Dispose();
        var third = turns.Take("psd_a", default);
        Assert.True(third.IsCompleted, "a device's turn stayed taken after it ended");
        (await third).Dispose();
    }

    /// <summary>A batch of two letters at 0.740.</summary>
    private static Task<HttpResponseMessage> Batch(HttpClient client, string deviceId) =>
        client.PostJson($"/v1/devices/{deviceId}/indicia/batch",
            new Dictionary<string, object> { ["pieces"] = new[] { PrintingTests.Letter(zip: null), PrintingTests.Letter(zip: null) } });

    private Task<(long Pieces, int Rows)> Printed(string deviceId) => _app.WithDb(async db =>
        (await db.Devices.Where(d => d.Id == deviceId).Select(d => d.PieceCount).SingleAsync(), await db.Indicia.CountAsync(i => i.DeviceId == deviceId)));
}
