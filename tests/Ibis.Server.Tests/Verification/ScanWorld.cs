using System.Net;
using System.Text.Json.Nodes;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>Mailers, pieces and a live Postal Service for scan-event tests.</summary>
internal static class ScanWorld
{
    /// <summary>A live API key of the Postal Service (the sandbox's postal key is a test key).</summary>
    public static async Task<HttpClient> LivePostal(this IbisApp app)
    {
        var postal = await app.LiveKey(Caller.PostalRole);
        // Live postage is never priced from a sample list (P050 1.5): the Postal Service loads its own once.
        if (!await app.WithDb(db => db.RateTables.AnyAsync(t => t.Name == LivePrices)))
        {
            var prices = Rates.PriceLists.Edited(LivePrices, DateOnly.FromDateTime(DateTime.UtcNow), "0.740");
            var loaded = await postal.PostAsync("/v1/rate-tables", new StringContent(prices, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(loaded.IsSuccessStatusCode, await loaded.Content.ReadAsStringAsync());
        }
        return postal;
    }

    /// <summary>A live API key of a Postal Service role (postal, auditor, inspector).</summary>
    public static async Task<HttpClient> LiveKey(this IbisApp app, string role)
    {
        var key = ApiKeys.NewKey(test: false);
        await app.WithDb(db =>
        {
            db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = key[..14], Hash = ApiKeys.Hash(key), Mode = "live", Role = role, CreatedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
        return app.ClientFor(key);
    }

    private const string LivePrices = "usps-live-scan-test";

    /// <summary>A live mailer whose certificates are live too, so its pieces verify as live postage.</summary>
    public static async Task<LiveLicensee> LiveMailer(this IbisApp app, string name)
    {
        var mailer = await app.New(name);
        await app.WithDb(db => db.Certificates.Where(c => c.DeviceId == mailer.DeviceId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Sandbox, false)));
        return mailer;
    }

    /// <summary>Prints <paramref name="count"/> letters in one batch; their barcode bytes (base64), in piece order.</summary>
    public static async Task<List<string>> PrintPieces(this HttpClient client, string deviceId, int count)
    {
        var body = new Dictionary<string, object> { ["pieces"] = Enumerable.Range(0, count).Select(_ => PrintingTests.Letter(zip: null)).ToArray() };
        var response = await client.PostJson($"/v1/devices/{deviceId}/indicia/batch", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Body())["data"]!.AsArray().Select(p => (string)p!["barcode_data"]!).ToList();
    }

    /// <summary>P050 2.8: the device reported lost at <paramref name="at"/>, as the device's status and history record it.</summary>
    public static Task<int> ReportLost(this IbisApp app, string deviceId, DateTimeOffset at) => app.WithDb(async db =>
    {
        var device = await db.Devices.SingleAsync(d => d.Id == deviceId);
        db.DeviceEvents.Add(new DeviceEventRow { DeviceId = deviceId, Id = Ids.New("dev"), Kind = "reported_lost", FromStatus = device.Status, ToStatus = DeviceStatus.Lost, Actor = "test", CreatedAt = at });
        device.Status = DeviceStatus.Lost;
        return await db.SaveChangesAsync();
    });

    public static object Event(string barcode, string site, DateTimeOffset at) => new Dictionary<string, object>
    {
        ["barcode_data"] = barcode,
        ["site"] = site,
        ["scanned_at"] = at.ToString("O"),
    };

    public static async Task<JsonArray> Scan(this HttpClient postal, IEnumerable<object> events)
    {
        var response = await postal.PostJson("/v1/scan-events", new Dictionary<string, object> { ["events"] = events.ToArray() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Body())["results"]!.AsArray();
    }

    /// <summary>
    /// Genuine indicia of the device numbered <paramref name="pieceNumbers"/>: <paramref name="printed"/> with
    /// its piece number changed and signed again by the device's own key, as the device would have made them.
    /// For batches larger than a device's funds could print.
    /// </summary>
    public static async Task<List<string>> SignedAs(this IbisApp app, string deviceId, string printed, IEnumerable<long> pieceNumbers)
    {
        var handle = await app.WithDb(db => db.Devices.Where(d => d.Id == deviceId).Select(d => d.KeyHandle).SingleAsync());
        var keys = app.Services.GetRequiredService<Ibis.Security.Keys.IKeyStore>();
        var data = Ibis.Domain.Indicia.IndiciumCodec.Parse(Convert.FromBase64String(printed)).Value!;
        return pieceNumbers.Select(n =>
        {
            var piece = data with { PieceCount = (uint)n };
            var signed = piece with { Signature = keys.Sign(handle, Ibis.Domain.Indicia.IndiciumCodec.SignedMessage(piece)) };
            return Convert.ToBase64String(Ibis.Domain.Indicia.IndiciumCodec.Encode(signed));
        }).ToList();
    }

    /// <summary>The same bytes with one bit of the signature flipped: a forgery.</summary>
    public static string Forged(string barcode, int signatureByte = 10)
    {
        var bytes = Convert.FromBase64String(barcode);
        bytes[60 + signatureByte] ^= 0x04;
        return Convert.ToBase64String(bytes);
    }
}
