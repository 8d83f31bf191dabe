using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// USPS-B-3200: an IMb serial must not repeat for one mailer ID within 45 days. Each device printing
/// addressed pieces holds a slot of its own under the mailer ID, and the serial is slot + piece number,
/// so devices never share serials, whatever their device serials; when the slots run out the piece is
/// refused and nothing is spent. Each test uses a mailer ID of its own (a second node on the same
/// database configured with it), so the slots other tests took do not count. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class ImbSerialUniquenessTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static Dictionary<string, object?> Addressed() =>
        new((Dictionary<string, object?>)PrintingTests.Letter()) { ["to_address"] = RecipientAndFimTests.ToAddress() };

    private static async Task<string> Registers(HttpClient client, string deviceId)
    {
        var d = await (await client.GetAsync($"/v1/devices/{deviceId}")).Body();
        return $"{d["ascending_register"]!["amount"]}|{d["descending_register"]!["amount"]}|{d["piece_count"]}";
    }

    private IbisApp NodeWithMailerId(string mailerId, int? slots = null)
    {
        var settings = new Dictionary<string, string> { ["Ibis:Imb:MailerId"] = mailerId };
        if (slots is { } n) settings["Ibis:Imb:DeviceSlots"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new IbisApp(App, settings);
    }

    private Task<long> SerialOf(string deviceId) =>
        App.WithDb(db => db.Devices.Where(d => d.Id == deviceId).Select(d => d.Serial).SingleAsync());

    [SkippableFact]
    public async Task DevicesWhoseSerialsEndAlike_PrintDifferentImbSerials()
    {
        using var node = NodeWithMailerId("812345");
        var a = await App.NewLicensee();
        var b = await App.NewLicensee();
        // Before slots, serials came from the device serial's last 3 digits: give both the same ones.
        var serialA = await SerialOf(a.DeviceId);
        var serialB = await SerialOf(b.DeviceId) / 1000 * 1000 + serialA % 1000;
        if (serialB == serialA) serialB += 1000;
        await App.Sql($"UPDATE devices SET \"Serial\" = {serialB} WHERE \"Id\" = {b.DeviceId}");

        var codes = new List<string>();
        foreach (var who in new[] { a, b, a, b })
        {
            var printed = await (await node.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia", Addressed())).Body();
            codes.Add((string)printed["imb"]!["tracking_code"]!);
        }

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Equal("00300812345", c[..11]));
        // Slot digits: the first device to print takes slot 0, the next slot 1; then the piece number.
        Assert.Equal(["000000001", "001000001", "000000002", "001000002"], codes.Select(c => c[11..]));
    }

    [SkippableFact]
    public async Task DevicesTakingSlotsAtOnce_OnTwoNodes_GetDistinctSlots()
    {
        using var first = NodeWithMailerId("823456");
        using var second = NodeWithMailerId("823456");
        var who = new List<Ibis.Server.Sandbox.SandboxCredentials>();
        for (var i = 0; i < 6; i++) who.Add(await App.NewLicensee());

        var responses = await Task.WhenAll(who.Select((w, i) => Task.Run(async () =>
            await (await (i % 2 == 0 ? first : second).ClientFor(w.ApiKey).PostJson($"/v1/devices/{w.DeviceId}/indicia", Addressed())).Body())));

        var slots = responses.Select(r => ((string)r["imb"]!["tracking_code"]!)[11..14]).ToList();
        Assert.Equal(["000", "001", "002", "003", "004", "005"], slots.Order());
    }

    [SkippableFact]
    public async Task WhenEverySlotIsTaken_AnAddressedPieceIsRefused_AndNothingIsSpent()
    {
        using var node = NodeWithMailerId("834567", slots: 1);
        var holder = await App.NewLicensee();
        var late = await App.NewLicensee();
        var held = await (await node.ClientFor(holder.ApiKey).PostJson($"/v1/devices/{holder.DeviceId}/indicia", Addressed())).Body();
        Assert.Equal("00300834567000000001", (string)held["imb"]!["tracking_code"]!);

        var client = node.ClientFor(late.ApiKey);
        var before = await Registers(client, late.DeviceId);
        var refused = await client.PostJson($"/v1/devices/{late.DeviceId}/indicia", Addressed());
        await BadInputTests.AssertProblem(refused, 422, "imb_serials_exhausted", "to_address", "the only slot of the mailer ID is taken");
        Assert.Contains("another mailer ID", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await Registers(client, late.DeviceId));
        Assert.Null(await App.WithDb(db => db.Devices.Where(d => d.Id == late.DeviceId).Select(d => d.ImbSlot).SingleAsync()));

        // The holder keeps printing under its slot, and the refused device still prints without an address.
        var again = await (await node.ClientFor(holder.ApiKey).PostJson($"/v1/devices/{holder.DeviceId}/indicia", Addressed())).Body();
        Assert.Equal("00300834567000000002", (string)again["imb"]!["tracking_code"]!);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/devices/{late.DeviceId}/indicia", PrintingTests.Letter())).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class SqliteImbSerialUniquenessTests(SqliteAppFixture f) : ImbSerialUniquenessTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresImbSerialUniquenessTests(PostgresAppFixture f) : ImbSerialUniquenessTests(() => f.App), IClassFixture<PostgresAppFixture>;
