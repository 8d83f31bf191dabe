using System.Net;
using System.Text.Json.Nodes;
using Ibis.Rendering;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Psd;
using SkiaSharp;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>
/// Issue 14 item 4: the provider's grading of a quality-assurance sample measures, on the scan, the indicium's
/// distance from the top and right edges, its orientation and the clear zone around its barcode (P050 4.4), and
/// records a deficiency for what is out of tolerance. The scans are whole #10 envelopes as Ibis renders them:
/// once as printed, then shifted into the corner, turned upside down, and with print crowding the barcode.
/// </summary>
public abstract class QualityPlacementTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    [SkippableFact]
    public async Task AWellPlacedIndicium_Passes_AndItsPositionIsRecorded()
    {
        var (mailer, envelope) = await Envelope("Well Placed Mailer");
        var graded = await Grade(mailer, envelope);
        Assert.Equal("passed", (string)graded["status"]!);
        Assert.Empty(graded["deficiencies"]!.AsArray());
        var m = graded["measurements"]!;
        Assert.Equal(300, (int)m["dpi"]!);
        Assert.False((bool)m["dpi_assumed"]!);
        // A #10 envelope, 9½ × 4⅛ in, to the whole pixel the renderer rounds up to.
        Assert.InRange((double)m["piece_width_inches"]!, 9.49, 9.51);
        Assert.InRange((double)m["piece_height_inches"]!, 4.12, 4.13);
        // P050 4.4: at least ¼ in from the top and right edges; the renderer leaves 1/32 in to spare, the barcode sits inside the block.
        Assert.InRange((double)m["from_top_inches"]!, 0.25, 1.5);
        Assert.InRange((double)m["from_right_inches"]!, 0.25, 1.5);
        Assert.InRange((double)m["rotation_degrees"]! % 360, 0, 2);
        Assert.True((double)m["quiet_zone_ink"]! <= 0.05);
    }

    [SkippableFact]
    public async Task AnIndiciumInTheCorner_UpsideDown_OrCrowded_FailsWithEachDeficiencyNamed()
    {
        var (mailer, envelope) = await Envelope("Misplaced Mailer");
        var right = (await Grade(mailer, envelope))["measurements"]!;
        var (top, fromRight) = ((double)right["from_top_inches"]!, (double)right["from_right_inches"]!);

        // Fed too far: everything moves up and right until the barcode is 0.1 in from both edges.
        var shifted = Transform(envelope, (canvas, w, h) => canvas.DrawImage(w, (float)((fromRight - 0.1) * 300), (float)(-(top - 0.1) * 300), SKSamplingOptions.Default));
        var cornered = await Grade(mailer, shifted);
        Assert.Equal("failed", (string)cornered["status"]!);
        var deficiencies = Texts(cornered);
        Assert.Contains(deficiencies, d => d.Contains("from the top edge") && d.Contains("P050 4.4"));
        Assert.Contains(deficiencies, d => d.Contains("from the right edge") && d.Contains("P050 4.4"));
        Assert.Equal(0.1, (double)cornered["measurements"]!["from_top_inches"]!, 1);

        // Fed upside down: the indicium ends in the lower left, turned 180°.
        var turned = Transform(envelope, (canvas, w, h) =>
        {
            canvas.RotateDegrees(180, w.Width / 2f, w.Height / 2f);
            canvas.DrawImage(w, 0, 0, SKSamplingOptions.Default);
        });
        var upsideDown = Texts(await Grade(mailer, turned));
        Assert.Contains(upsideDown, d => d.Contains("horizontally oriented"));
        Assert.Contains(upsideDown, d => d.Contains("upper right corner"));

        // Print right beside the barcode's top and right sides, inside its one-module (4 px) clear zone, a pixel clear of the symbol.
        var crowded = Transform(envelope, (canvas, w, h) =>
        {
            canvas.DrawImage(w, 0, 0, SKSamplingOptions.Default);
            var (barcodeW, barcodeH) = ((float)((double)right["barcode_width_inches"]! * 300), (float)((double)right["barcode_height_inches"]! * 300));
            var barcodeRight = (float)((9.5 - fromRight) * 300);
            var barcodeTop = (float)(top * 300);
            using var ink = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(barcodeRight + 1.5f, barcodeTop - 4, 2.5f, barcodeH + 8, ink);
            canvas.DrawRect(barcodeRight - barcodeW - 4, barcodeTop - 4, barcodeW + 8, 2.5f, ink);
        });
        var zone = Texts(await Grade(mailer, crowded));
        Assert.Contains(zone, d => d.Contains("clear zone around the barcode"));
        Assert.DoesNotContain(zone, d => d.Contains("from the top edge"));
    }

    private async Task<(LiveLicensee Mailer, byte[] Png)> Envelope(string name)
    {
        var mailer = await App.LiveMailer(name);
        await App.LivePostal();
        var printed = await App.ClientFor(mailer.ApiKey).Print(mailer.DeviceId).Ok(HttpStatusCode.Created);
        var image = await App.ClientFor(mailer.ApiKey).GetAsync($"/v1/indicia/{printed["id"]}.png?medium=envelope-10");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        return (mailer, await image.Content.ReadAsByteArrayAsync());
    }

    private async Task<JsonNode> Grade(LiveLicensee mailer, byte[] png)
    {
        var sample = await App.ClientFor(mailer.ApiKey).PostJson($"/v1/devices/{mailer.DeviceId}/quality-samples",
            new Dictionary<string, string> { ["scan_png"] = Convert.ToBase64String(png) }).Ok(HttpStatusCode.Created);
        return await App.ClientFor(mailer.ProviderApiKey).PostJson($"/v1/quality-samples/{sample["id"]}/evaluation",
            new { guidance = "feed the envelope against the right guide, address side up" }).Ok();
    }

    private static List<string> Texts(JsonNode graded) => graded["deficiencies"]!.AsArray().Select(d => (string)d!).ToList();

    /// <summary>The envelope redrawn on a white piece of the same size at 300 dpi, as a scanner would give it.</summary>
    private static byte[] Transform(byte[] png, Action<SKCanvas, SKImage, SKBitmap> draw)
    {
        using var source = SKImage.FromEncodedData(png);
        using var target = new SKBitmap(source.Width, source.Height);
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(SKColors.White);
            draw(canvas, source, target);
        }
        using var data = target.Encode(SKEncodedImageFormat.Png, 100);
        return PngDpi.Insert(data.AsSpan(), 300);
    }
}

[Collection("sqlite")]
public sealed class SqliteQualityPlacementTests(SqliteAppFixture f) : QualityPlacementTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresQualityPlacementTests(PostgresAppFixture f) : QualityPlacementTests(() => f.App), IClassFixture<PostgresAppFixture>;
