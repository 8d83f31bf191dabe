using System.Net;
using System.Text.Json.Nodes;
using Ibis.Domain.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// Printing every class of P050 1.4 priced from the rate table (zones for Priority and Express),
/// the complete date of P050 4.6, REDATE (4.8) and postage correction (4.9, 1.6) indicia, the
/// advertising approval workflow (4.10, §502.20(d)) and the design registry (4.1), through the API
/// on a real database.
/// </summary>
public abstract class MailClassesAndVariantsTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static Dictionary<string, object?> Piece(string mailClass, string category, object weight, params (string Key, object? Value)[] more)
    {
        var body = new Dictionary<string, object?> { ["mail_class"] = mailClass, ["rate_category"] = category, ["weight_oz"] = weight, ["mailing_date"] = Today };
        foreach (var (k, v) in more) body[k] = v;
        return body.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    private async Task<(HttpClient Client, string Url, string DeviceId)> Licensee(string name = "Classes Mailer")
    {
        var who = await App.NewLicensee(name);
        return (App.ClientFor(who.ApiKey), $"/v1/devices/{who.DeviceId}/indicia", who.DeviceId);
    }

    private static async Task<string> Registers(HttpClient client, string deviceId)
    {
        var d = await (await client.GetAsync($"/v1/devices/{deviceId}")).Body();
        return $"{d["ascending_register"]!["amount"]}|{d["descending_register"]!["amount"]}|{d["piece_count"]}";
    }

    [SkippableFact]
    public async Task PriorityAndExpress_ArePricedByTheZoneOfOriginAndDestination()
    {
        var (client, url, _) = await Licensee();
        // Licensing post office 20066 (ZIP3 200) to Virginia 22030 (214-268): zone 2 in the sample chart.
        var priority = await (await client.PostJson(url, Piece("priority", "single_piece", 16, ("destination_zip", "22030")))).Body();
        Assert.Equal("10.930", (string)priority["amount_due"]!["amount"]!);
        Assert.Equal(2, (int)priority["zone"]!);
        Assert.Equal("20066", (string)priority["origin_zip"]!);
        var data = IndiciumCodec.Parse(Convert.FromBase64String((string)priority["barcode_data"]!)).Value;
        Assert.Equal(0x0201, data.RateCategory); // P050 4.5: the rate category is in the barcode

        // Mailed from New York to New York: zone 1.
        var express = await (await client.PostJson(url, Piece("express", "single_piece", 8, ("origin_zip", "10001"), ("destination_zip", "10010")))).Body();
        Assert.Equal("28.750", (string)express["postage"]!["amount"]!);
        Assert.Equal(1, (int)express["zone"]!);

        var pdf = await client.GetAsync((string)express["links"]!["pdf"]!);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task StandardMail_MayOmitTheDay_FirstClassMayNot()
    {
        var (client, url, deviceId) = await Licensee();
        var standard = await client.PostJson(url, Piece("standard", "flat", 5, ("omit_day", true), ("medium", "flat-9x12")));
        Assert.Equal(HttpStatusCode.Created, standard.StatusCode);
        var body = await standard.Body();
        Assert.True((bool)body["omit_day"]!);
        Assert.Equal("0.950", (string)body["postage"]!["amount"]!);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await client.GetByteArrayAsync((string)body["links"]!["pdf"]!), 0, 4));

        var before = await Registers(client, deviceId);
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 1, ("omit_day", true))), 400, "mailing_date_day_required", "omit_day", "P050 4.6");
        Assert.Equal(before, await Registers(client, deviceId));
    }

    [SkippableFact]
    public async Task Redate_ShowsTheDateAndRedate_SpendsNothing()
    {
        var (client, url, deviceId) = await Licensee();
        var original = await (await client.PostJson(url, PrintingTests.Letter())).Body();
        var before = await Registers(client, deviceId);

        var response = await client.PostJson(url, Piece("first_class", "letter", 1, ("variant", "redate"), ("corrects_indicium_id", (string)original["id"]!)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var redate = await response.Body();
        Assert.StartsWith("rdt_", (string)redate["id"]!);
        Assert.Equal("redate", (string)redate["variant"]!);
        Assert.Null(redate["barcode_data"]); // P050 4.8: no two-dimensional barcode
        Assert.Equal(before, await Registers(client, deviceId)); // and no postage
        Assert.Equal("redate", (string)(await (await client.GetAsync($"/v1/indicia/{(string)redate["id"]!}")).Body())["variant"]!);
        var png = await client.GetAsync((string)redate["links"]!["png"]!);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);

        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 1, ("variant", "redate"), ("postage", "0.740"))), 400, "redate_postage_not_allowed", "postage", "P050 4.8");
        Assert.Equal(before, await Registers(client, deviceId));
    }

    [SkippableFact]
    public async Task PostageCorrection_AddsTheShortfall_WithABarcode()
    {
        var (client, url, deviceId) = await Licensee();
        // The piece weighed 2 oz (1.030 due) but carries 0.740: 0.290 short.
        var shortPaid = await (await client.PostJson(url, PrintingTests.Letter(postage: "0.740"))).Body();
        var before = await Registers(client, deviceId);
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 2, ("variant", "postage_correction"), ("postage", "0.289"),
            ("corrects_indicium_id", (string)shortPaid["id"]!))), 422, "postage_below_rate", "postage", "not enough");
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 2, ("variant", "postage_correction"))), 400, "postage_required", "postage", "no amount");
        Assert.Equal(before, await Registers(client, deviceId));

        var correction = await (await client.PostJson(url, Piece("first_class", "letter", 2, ("variant", "postage_correction"), ("postage", "0.290"),
            ("corrects_indicium_id", (string)shortPaid["id"]!), ("medium", "envelope-10")))).Body();
        Assert.Equal("postage_correction", (string)correction["variant"]!);
        Assert.Equal("0.290", (string)correction["postage"]!["amount"]!);
        Assert.Equal("0.290", (string)correction["amount_due"]!["amount"]!);
        Assert.Equal(124, Convert.FromBase64String((string)correction["barcode_data"]!).Length); // P050 4.9: every element but the FIM
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync((string)correction["links"]!["pdf"]!)).StatusCode);
    }

    [SkippableFact]
    public async Task Advertising_IsSubmittedByTheProvider_ApprovedByThePostalService_ThenPrints()
    {
        var (client, url, deviceId) = await Licensee("Acme Widgets");
        var provider = App.Provider();
        await BadInputTests.AssertProblem(await provider.PostJson("/v1/advertisements", new { name = "Sale", kind = "art", text = "Spring sale!" }), 400, "ad_mailer_not_identified", "text", "P050 4.10");
        await BadInputTests.AssertProblem(await client.PostJson("/v1/advertisements", new { name = "Sale", text = "Mailer's Message\nSpring sale!" }), 403, "forbidden", null, "licensee submits");
        var ad = await (await provider.PostJson("/v1/advertisements", new { name = "Sale", kind = "art", text = "Mailer's Message\nSpring sale!" })).Body();
        var adId = (string)ad["id"]!;
        Assert.Equal("submitted", (string)ad["status"]!);

        var before = await Registers(client, deviceId);
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 1, ("ad_id", adId))), 422, "ad_not_approved", "ad_id", "not yet approved");
        Assert.Equal(before, await Registers(client, deviceId));
        // The provider must obtain the approval; it cannot give it (P050 4.10, §502.20(d)).
        await BadInputTests.AssertProblem(await provider.PostJson($"/v1/advertisements/{adId}/approve", new { }), 403, "forbidden", null, "provider approves itself");
        var approved = await (await App.Postal().PostJson($"/v1/advertisements/{adId}/approve", new { reason = "suitable" })).Body();
        Assert.Equal("approved", (string)approved["status"]!);
        Assert.Contains((await (await client.GetAsync("/v1/advertisements")).Body())["data"]!.AsArray(), a => (string)a!["id"]! == adId);

        var printed = await (await client.PostJson(url, Piece("first_class", "letter", 1, ("ad_id", adId), ("medium", "envelope-10")))).Body();
        Assert.Equal(adId, (string)printed["ad_id"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync((string)printed["links"]!["pdf"]!)).StatusCode);

        // A sheet label has no room for the art: refused by the layout rules before any postage is spent.
        before = await Registers(client, deviceId);
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 1, ("ad_id", adId), ("medium", "sheet-label-2-5-8x1"))), 422, "layout_violation", null, "ad on a small label");
        Assert.Equal(before, await Registers(client, deviceId));

        // Rejection needs a reason; a decided ad cannot be decided again.
        var other = await (await provider.PostJson("/v1/advertisements", new { name = "Other", text = "MAILER'S MESSAGE" })).Body();
        await BadInputTests.AssertProblem(await App.Postal().PostJson($"/v1/advertisements/{(string)other["id"]!}/reject", new { }), 400, "reason_required", "reason", "no reason");
        Assert.Equal("rejected", (string)(await (await App.Postal().PostJson($"/v1/advertisements/{(string)other["id"]!}/reject", new { reason = "deceptive" })).Body())["status"]!);
        await BadInputTests.AssertProblem(await App.Postal().PostJson($"/v1/advertisements/{(string)other["id"]!}/approve", new { }), 409, "already_decided", null, "decided twice");
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 1, ("ad_id", (string)other["id"]!))), 422, "ad_not_approved", "ad_id", "rejected ad");
    }

    [SkippableFact]
    public async Task Designs_OnlyRegisteredAndApprovedOnesPrint()
    {
        var (client, url, deviceId) = await Licensee();
        var provider = App.Provider();
        await BadInputTests.AssertProblem(await provider.PostJson("/v1/indicium-designs", new { name = "Mine", layout = "hand-drawn", approval_reference = "MTM-1" }), 400, "layout_unknown", "layout", "unknown layout");
        var design = await (await provider.PostJson("/v1/indicium-designs", new { name = "Compact label", layout = "ibis-label-v1", approval_reference = "MTM-2026-17" })).Body();
        var designId = (string)design["id"]!;

        var before = await Registers(client, deviceId);
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 1, ("design_id", designId), ("medium", "sheet-label-2-5-8x1"))), 422, "design_not_approved", "design_id", "P050 4.1");
        await BadInputTests.AssertProblem(await client.PostJson(url, Piece("first_class", "letter", 1, ("design_id", "dsg_nothing_here"))), 400, "design_unknown", "design_id", "unknown design");
        Assert.Equal(before, await Registers(client, deviceId));

        await App.Postal().PostJson($"/v1/indicium-designs/{designId}/approve", new { });
        var printed = await (await client.PostJson(url, Piece("first_class", "letter", 1, ("design_id", designId), ("medium", "sheet-label-2-5-8x1")))).Body();
        Assert.Equal(designId, (string)printed["design_id"]!);
        Assert.Equal("sheet-label-2-5-8x1", (string)printed["medium"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync((string)printed["links"]!["png"]!)).StatusCode);
        var designs = await (await client.GetAsync("/v1/indicium-designs")).Body();
        Assert.Contains(designs["data"]!.AsArray(), d => (string)d!["id"]! == "dsg_ibis_standard_v1");
    }

    [SkippableFact]
    public async Task MultiDenomination_OnASheetOfLabels_EachLabelIsAWholeIndicium()
    {
        var (client, url, _) = await Licensee();
        // A 13 oz flat ($5.110 due) paid on three labels (P050 4.5, last sentence: the post office on each one).
        object Label(string postage) => Piece("first_class", "flat", 13, ("postage", postage), ("piece_group", "flat-1"), ("medium", "sheet-label-2-5-8x1"));
        await BadInputTests.AssertProblem(await client.PostJson($"{url}/batch", new { pieces = new[] { Label("2.000"), Label("2.000"), Label("1.000") } }),
            422, "postage_below_rate", "pieces[2].postage", "labels short of the amount due");
        var batch = await (await client.PostJson($"{url}/batch", new { pieces = new[] { Label("2.000"), Label("2.000"), Label("1.110") } })).Body();
        Assert.Equal("5.110", (string)batch["total_postage"]!["amount"]!);
        var ids = string.Join(',', batch["data"]!.AsArray().Select(i => (string)i!["id"]!));
        var sheet = await client.GetAsync($"/v1/label-sheets?ids={ids}&position=4&format=pdf");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await sheet.Content.ReadAsByteArrayAsync(), 0, 4));
        await BadInputTests.AssertProblem(await client.GetAsync($"/v1/label-sheets?ids={ids}&position=29"), 422, "layout_violation", null, "off the sheet");
        var stranger = App.ClientFor((await App.NewLicensee("Stranger")).ApiKey);
        await BadInputTests.AssertProblem(await stranger.GetAsync($"/v1/label-sheets?ids={ids}"), 404, "indicium_not_found", null, "someone else's labels");
    }

    [SkippableFact]
    public async Task Medium_And_SheetPosition_AreChosenWhenTheImageIsMade()
    {
        var (client, url, _) = await Licensee();
        var printed = await (await client.PostJson(url, PrintingTests.Letter())).Body();
        var pdf = (string)printed["links"]!["pdf"]!;
        // FIM A (courtesy reply, P050 4.12) is a property of the printed piece: RecipientAndFimTests.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(pdf + "?medium=sheet-label-2-5-8x1&position=30")).StatusCode);
        await BadInputTests.AssertProblem(await client.GetAsync(pdf + "?medium=sheet-label-2-5-8x1&position=31"), 400, "sheet_position_invalid", "position", "no label 31");
        await BadInputTests.AssertProblem(await client.GetAsync(pdf + "?medium=envelope-11"), 400, "medium_unknown", "medium", "unknown medium");
    }

    [SkippableFact]
    public async Task MailedFromZip_And_ClassifiedBranch_ChangeThePostOfficeLine()
    {
        var who = await App.NewLicensee("Branch Mailer");
        var client = App.ClientFor(who.ApiKey);
        var url = $"/v1/devices/{who.DeviceId}/indicia";
        var printed = await (await client.PostJson(url, Piece("first_class", "letter", 1, ("mailed_from_zip", "20815"), ("medium", "envelope-10")))).Body();
        Assert.Equal("20815", (string)printed["mailed_from_zip"]!);
        var svg = await client.GetStringAsync(((string)printed["links"]!["svg"]!));
        System.Xml.Linq.XDocument.Parse(svg);

        var licenseId = await App.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.LicenseId)));
        await BadInputTests.AssertProblem(await client.PutAsync($"/v1/licenses/{licenseId}/classified-branch", System.Net.Http.Json.JsonContent.Create(new { branch_name = "Friendship" })), 403, "forbidden", null, "licensee approves");
        Assert.Equal(HttpStatusCode.OK, (await App.Postal().PutAsync($"/v1/licenses/{licenseId}/classified-branch", System.Net.Http.Json.JsonContent.Create(new { branch_name = "Friendship" }))).StatusCode);
        var branch = await (await client.PostJson(url, Piece("first_class", "letter", 1, ("medium", "envelope-10")))).Body();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync((string)branch["links"]!["pdf"]!)).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class SqliteMailClassesAndVariantsTests(SqliteAppFixture f) : MailClassesAndVariantsTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresMailClassesAndVariantsTests(PostgresAppFixture f) : MailClassesAndVariantsTests(() => f.App), IClassFixture<PostgresAppFixture>;
