using System.Net;
using Ibis.Barcodes.Postal;
using Ibis.Rendering.Indicia;
using Ibis.Rendering.Tests;
using Ibis.Rendering.Tests.Mailpieces;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using SkiaSharp;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// What a piece is printed with beyond the indicium, stored with it and used by every image: the
/// recipient's address block with its Intelligent Mail barcode (USPS-B-3200; in the OCR read area,
/// clear of the indicium, P050 4.4) and FIM A on a courtesy reply envelope (P050 4.12). Every image
/// is measured from the served PNG's pixels. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract partial class RecipientAndFimTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private const int Dpi = 300;

    internal static Dictionary<string, object?> ToAddress(string state = "dc", string zip5 = "20260", string? zip4 = "4000", string? deliveryPoint = "00", string? city = "Washington") => new()
    {
        ["name"] = "Jane Q Mailer",
        ["lines"] = new[] { "475 L'Enfant Plz SW Rm 4000" },
        ["city"] = city,
        ["state"] = state,
        ["zip5"] = zip5,
        ["zip4"] = zip4,
        ["delivery_point"] = deliveryPoint,
    };

    private static Dictionary<string, object?> Addressed(object? to, string medium = "envelope-10", bool? courtesyReply = null)
    {
        var body = new Dictionary<string, object?>((Dictionary<string, object?>)PrintingTests.Letter()) { ["medium"] = medium, ["to_address"] = to };
        if (courtesyReply is not null) body["courtesy_reply"] = courtesyReply;
        return body;
    }

    private static async Task<string> Registers(HttpClient client, string deviceId)
    {
        var d = await (await client.GetAsync($"/v1/devices/{deviceId}")).Body();
        return $"{d["ascending_register"]!["amount"]}|{d["descending_register"]!["amount"]}|{d["piece_count"]}";
    }

    [SkippableFact]
    public async Task Address_IsPrintedWithAnImbInTheReadArea_AndTheIndiciumStillDecodes()
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var who = await App.NewLicensee("Addressed Mailer");
        var client = App.ClientFor(who.ApiKey);
        var url = $"/v1/devices/{who.DeviceId}/indicia";
        var printed = await (await client.PostJson(url, Addressed(ToAddress()))).Body();
        Assert.Equal("DC", (string)printed["to_address"]!["state"]!);
        Assert.Equal("WASHINGTON", (string)printed["to_address"]!["city"]!);

        // USPS-B-3200: routing code = ZIP + ZIP+4 + delivery point; tracking code = barcode ID 00,
        // STID 300, the sandbox mailer ID, and a 9-digit serial: the device's IMb slot under that mailer
        // ID (3 digits) and the piece number (ImbTrackingCode).
        var tracking = (string)printed["imb"]!["tracking_code"]!;
        var routing = (string)printed["imb"]!["routing_code"]!;
        Assert.Equal("20260400000", routing);
        var slot = await App.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Devices.Where(d => d.Id == who.DeviceId).Select(d => new { d.ImbMailerId, d.ImbSlot })));
        Assert.Equal("899999", slot.ImbMailerId);
        Assert.Equal("00" + "300" + "899999" + slot.ImbSlot!.Value.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + "000001", tracking);
        var second = await (await client.PostJson(url, Addressed(ToAddress()))).Body();
        Assert.Equal(tracking[..^6] + "000002", (string)second["imb"]!["tracking_code"]!); // unique per mailer ID: the piece number moves on

        var png = await client.GetByteArrayAsync((string)printed["links"]!["png"]!);
        var image = GrayImage.Decode(png);
        Assert.Equal((int)Math.Round(9.5 * Dpi), image.Width); // a #10 envelope, as printed
        var h = image.Height;
        int Px(double inches) => (int)Math.Round(inches * Dpi);

        // The IMb read back from the pixels spells the bars of the reported codes, and lies in the OCR
        // read area (½ in side margins, 2¾ in to ⅝ in above the bottom edge), above the address lines.
        var (letters, bars) = ImbReading.Read(image, Dpi, h - Px(2.75), h - Px(0.625));
        Assert.Equal(IntelligentMailBarcode.EncodeToLetters(tracking, routing), letters);
        Assert.True(bars.Left >= Px(0.5) && bars.Right <= image.Width - Px(0.5), $"IMb x {bars.Left}–{bars.Right}");
        Assert.True(bars.Top >= h - Px(2.75) && bars.Bottom <= h - Px(0.625), $"IMb y {bars.Top}–{bars.Bottom}");
        var lines = image.DarkBounds(bars.Left - Px(0.2), bars.Bottom + 2, image.Width - Px(0.5), h - Px(0.625));
        Assert.True(lines is { } l && l.Bottom - l.Top >= Px(0.3), "three address lines under the IMb");
        Assert.Equal(0, image.CountDark(image.Width - Px(4.75), h - Px(0.625), image.Width, h)); // barcode clear zone

        // The indicium, upper right, still decodes with an independent reader.
        var crop = Path.Combine(App.DataDirectory, $"addressed-{Guid.NewGuid():N}.png");
        CropUpperRight(png, crop, 1.75, 1.5); // right of the FIM clear zone
        Assert.Equal(Convert.FromBase64String((string)printed["barcode_data"]!), Scanners.ZXingBytes(zxing, crop));

        // The address is stored with the piece: the JSON, the SVG and PDF show it too.
        var again = await (await client.GetAsync($"/v1/indicia/{(string)printed["id"]!}")).Body();
        Assert.Equal(tracking, (string)again["imb"]!["tracking_code"]!);
        Assert.Contains("<path", await client.GetStringAsync((string)printed["links"]!["svg"]!));
    }

    [SkippableTheory]
    [InlineData("envelope-6-3-4")]
    [InlineData("flat-9x12")]
    [InlineData("label-4x6")]
    public async Task Address_AndImb_FitTheSmallestEnvelope_TheFlat_AndTheLabel(string medium)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var printed = await (await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Addressed(ToAddress(zip4: null, deliveryPoint: null), medium))).Body();
        Assert.Equal("20260", (string)printed["imb"]!["routing_code"]!); // a 5-digit routing code
        var image = GrayImage.Decode(await client.GetByteArrayAsync((string)printed["links"]!["png"]!));
        // Below the indicium (and any postal marking), the 65 bars read back as the reported codes.
        var (letters, bars) = ImbReading.Read(image, Dpi, image.Height / 3, image.Height);
        Assert.Equal(IntelligentMailBarcode.EncodeToLetters((string)printed["imb"]!["tracking_code"]!, "20260"), letters);
        Assert.True(bars.Right <= image.Width - Dpi / 4 && bars.Bottom <= image.Height - Dpi / 4, $"IMb {bars} inside the piece's margins");
    }

    public static TheoryData<string, Dictionary<string, object?>, string, string> BadAddresses => new()
    {
        { "unknown state", ToAddress(state: "XX"), "to_address_state_invalid", "to_address.state" },
        { "4-digit ZIP", ToAddress(zip5: "2026"), "to_address_zip_invalid", "to_address.zip5" },
        { "ZIP 00000", ToAddress(zip5: "00000"), "to_address_zip_invalid", "to_address.zip5" },
        { "ZIP+4 of 2 digits", ToAddress(zip4: "40"), "to_address_zip4_invalid", "to_address.zip4" },
        { "delivery point of 1 digit", ToAddress(deliveryPoint: "7"), "to_address_delivery_point_invalid", "to_address.delivery_point" },
        { "delivery point without ZIP+4", ToAddress(zip4: null), "to_address_delivery_point_invalid", "to_address.delivery_point" },
        { "no city", ToAddress(city: null), "to_address_city_required", "to_address.city" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadAddresses))]
    public async Task BadAddress_Is400NamingTheField_AndSpendsNothing(string name, Dictionary<string, object?> to, string code, string field)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await Registers(client, who.DeviceId);
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Addressed(to)), 400, code, field, name);
        Assert.Equal(before, await Registers(client, who.DeviceId));
    }

    [SkippableFact]
    public async Task Address_OnASheetLabel_IsRefusedBeforePostageIsSpent()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await Registers(client, who.DeviceId);
        // P050 4.4: a 2⅝ x 1 in indicium label has no room for the address block.
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Addressed(ToAddress(), "sheet-label-2-5-8x1")),
            422, "layout_violation", "to_address", "address on a sheet label");
        Assert.Equal(before, await Registers(client, who.DeviceId));
    }

    [SkippableFact]
    public async Task CourtesyReply_IsStoredWithThePiece_AndEveryImageBearsFimA()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var url = $"/v1/devices/{who.DeviceId}/indicia";
        var reply = await (await client.PostJson(url, Addressed(null, courtesyReply: true))).Body();
        Assert.True((bool)reply["courtesy_reply"]!);
        var plain = await (await client.PostJson(url, Addressed(null))).Body();
        Assert.False((bool)plain["courtesy_reply"]!);

        // P050 4.12: FIM A on the courtesy reply envelope, FIM D on the other letter; measured on the pixels.
        new PieceMeasurement(GrayImage.Decode(await client.GetByteArrayAsync((string)reply["links"]!["png"]!)), Dpi).AssertFim(FacingIdentificationMark.PatternA.ToArray());
        new PieceMeasurement(GrayImage.Decode(await client.GetByteArrayAsync((string)plain["links"]!["png"]!)), Dpi).AssertFim(FacingIdentificationMark.PatternD.ToArray());
        // Another medium of the same piece keeps it: the 6 x 9 envelope is a letter too.
        new PieceMeasurement(GrayImage.Decode(await client.GetByteArrayAsync((string)reply["links"]!["png"]! + "?medium=envelope-6x9")), Dpi).AssertFim(FacingIdentificationMark.PatternA.ToArray());
        // A label is not a letter or a flat: no FIM at all, courtesy reply or not.
        var label = GrayImage.Decode(await client.GetByteArrayAsync((string)reply["links"]!["png"]! + "?medium=label-4x6"));
        Assert.Equal(0, label.CountDark(0, 0, label.Width, (int)Math.Round(0.2 * Dpi)));
    }

    public static TheoryData<string, string, object, string, string?, bool[]?> FimByClassAndMedium => new()
    {
        // P050 4.12 follows the piece's shape, whatever the class: letters and flats bear FIM D, labels none.
        { "first_class", "postcard", 1, "envelope-6-3-4", null, FacingIdentificationMark.PatternD.ToArray() },
        { "priority", "single_piece", 16, "flat-9x12", "22030", FacingIdentificationMark.PatternD.ToArray() },
        { "priority", "single_piece", 16, "label-4x6", "22030", null },
        { "standard", "letter", 2, "envelope-10", null, FacingIdentificationMark.PatternD.ToArray() },
    };

    [SkippableTheory]
    [MemberData(nameof(FimByClassAndMedium))]
    public async Task Fim_FollowsTheShapeOfThePiece_ForEveryClass(string mailClass, string category, object weight, string medium, string? destination, bool[]? fim)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var printed = await (await client.PostJson($"/v1/devices/{who.DeviceId}/indicia",
            MailClassesAndVariantsTests.Piece(mailClass, category, weight, ("medium", medium), ("destination_zip", destination)))).Body();
        var image = GrayImage.Decode(await client.GetByteArrayAsync((string)printed["links"]!["png"]!));
        if (fim is not null) new PieceMeasurement(image, Dpi).AssertFim(fim);
        else Assert.Equal(0, image.CountDark(0, 0, image.Width, (int)Math.Round(0.2 * Dpi))); // nothing along the top edge
    }

    [SkippableFact]
    public async Task CourtesyReply_OnALabel_IsRefused_RegistersUnchanged()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await Registers(client, who.DeviceId);
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Addressed(null, "label-4x6", courtesyReply: true)),
            422, "layout_violation", "courtesy_reply", "P050 4.12: a label bears no FIM");
        Assert.Equal(before, await Registers(client, who.DeviceId));
    }

    private static void CropUpperRight(byte[] source, string target, double widthInches, double heightInches)
    {
        using var full = SKBitmap.Decode(source) ?? throw new InvalidOperationException("cannot decode the PNG");
        var w = Math.Min(full.Width, (int)Math.Round(widthInches * Dpi));
        var h = Math.Min(full.Height, (int)Math.Round(heightInches * Dpi));
        using var part = new SKBitmap();
        Assert.True(full.ExtractSubset(part, SKRectI.Create(full.Width - w, 0, w, h)), "crop failed");
        using var image = SKImage.FromBitmap(part);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(target);
        png.SaveTo(file);
    }
}

[Collection("sqlite")]
public sealed class SqliteRecipientAndFimTests(SqliteAppFixture f) : RecipientAndFimTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresRecipientAndFimTests(PostgresAppFixture f) : RecipientAndFimTests(() => f.App), IClassFixture<PostgresAppFixture>;
