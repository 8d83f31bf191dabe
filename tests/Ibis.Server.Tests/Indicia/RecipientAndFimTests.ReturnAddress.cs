using Ibis.Data.Entities;
using Ibis.Rendering.Tests;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// The sender's return address (EasyPost's from_address): inline, an address book entry, the
/// licensee's default, or none; stored with the indicium and printed upper left on every image of
/// the envelope; bad fields refused with their param and another licensee's entry not found, with
/// nothing spent on a refusal. The signed indicium data is the same with or without it.
/// </summary>
public abstract partial class RecipientAndFimTests
{
    internal static Dictionary<string, object?> FromAddress(string state = "MD", string zip5 = "20814", string? zip4 = "1234", string? company = "Acme Widgets LLC") => new()
    {
        ["name"] = "Pat Sender",
        ["company"] = company,
        ["lines"] = new[] { "100 Main St Ste 200" },
        ["city"] = "Bethesda",
        ["state"] = state,
        ["zip5"] = zip5,
        ["zip4"] = zip4,
    };

    private const string SheetLabel = "sheet-label-2-5-8x1";

    private static Dictionary<string, object?> Sent(string medium = "envelope-10", object? from = null, string? fromId = null)
    {
        var body = new Dictionary<string, object?>((Dictionary<string, object?>)PrintingTests.Letter()) { ["medium"] = medium };
        if (from is not null) body["from_address"] = from;
        if (fromId is not null) body["from_address_id"] = fromId;
        return body;
    }

    private Task<string> Saved(string licenseeId, string name, bool defaultReturn) => App.WithDb(async db =>
    {
        var row = new AddressBookEntryRow
        {
            Id = Ibis.Domain.Ids.New("adr"), LicenseeId = licenseeId, Sandbox = true, Name = name.ToUpperInvariant(), Company = "SENDER CO",
            Line1 = "1 SENDER WAY", City = "ROCKVILLE", State = "MD", Zip5 = "20850", DefaultReturn = defaultReturn, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.AddressBook.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    });

    /// <summary>Ink in the upper-left corner of the envelope image (left of the ad area, above the read area).</summary>
    private static async Task<int> UpperLeftInk(HttpClient client, System.Text.Json.Nodes.JsonNode printed)
    {
        var image = GrayImage.Decode(await client.GetByteArrayAsync((string)printed["links"]!["png"]!));
        return image.CountDark(0, 0, (int)(3.0 * Dpi), (int)(1.25 * Dpi));
    }

    [SkippableFact]
    public async Task ReturnAddress_Inline_FromTheAddressBook_TheDefault_OrNone_AndRefusalsSpendNothing()
    {
        var who = await App.NewLicensee("Return Address Mailer");
        var client = App.ClientFor(who.ApiKey);
        var url = $"/v1/devices/{who.DeviceId}/indicia";

        // None anywhere: no return address, nothing in the upper-left corner.
        var plain = await (await client.PostJson(url, Sent())).Body();
        Assert.Null(plain["from_address"]);
        Assert.Equal(0, await UpperLeftInk(client, plain));

        // Inline: checked, normalised, stored, printed upper left; the signed data does not carry it.
        var inline = await (await client.PostJson(url, Sent(from: FromAddress()))).Body();
        Assert.Equal("PAT SENDER", (string)inline["from_address"]!["name"]!);
        Assert.Equal("ACME WIDGETS LLC", (string)inline["from_address"]!["company"]!);
        Assert.Equal("100 MAIN ST STE 200", (string)inline["from_address"]!["lines"]![0]!);
        Assert.Equal("1234", (string)inline["from_address"]!["zip4"]!);
        Assert.Equal(Convert.FromBase64String((string)plain["barcode_data"]!).Length, Convert.FromBase64String((string)inline["barcode_data"]!).Length);
        Assert.True(await UpperLeftInk(client, inline) > 500, "the return address is printed upper left");
        // The same envelope again (History's reprint) is drawn from the stored return address.
        var again = await (await client.GetAsync($"/v1/indicia/{inline["id"]}")).Body();
        Assert.Equal("PAT SENDER", (string)again["from_address"]!["name"]!);
        Assert.Equal("application/pdf", (await client.GetAsync((string)again["links"]!["pdf"]!)).Content.Headers.ContentType?.MediaType);

        // An address book entry by id; the default when the request names none; "none" overrides the default.
        var entry = await Saved(who.LicenseeId, "Chosen Sender", defaultReturn: false);
        var byId = await (await client.PostJson(url, Sent(fromId: entry))).Body();
        Assert.Equal("CHOSEN SENDER", (string)byId["from_address"]!["name"]!);
        Assert.Equal("SENDER CO", (string)byId["from_address"]!["company"]!);
        await Saved(who.LicenseeId, "Default Sender", defaultReturn: true);
        var byDefault = await (await client.PostJson(url, Sent())).Body();
        Assert.Equal("DEFAULT SENDER", (string)byDefault["from_address"]!["name"]!);
        Assert.True(await UpperLeftInk(client, byDefault) > 500);
        var label = await (await client.PostJson(url, Sent("label-4x6"))).Body();
        Assert.Equal("DEFAULT SENDER", (string)label["from_address"]!["name"]!);
        var none = await (await client.PostJson(url, Sent(fromId: "none"))).Body();
        Assert.Null(none["from_address"]);
        // The default stays off where there is no place for it: a sheet label.
        var sheet = await (await client.PostJson(url, Sent(SheetLabel))).Body();
        Assert.StartsWith("ind_", (string)sheet["id"]!, StringComparison.Ordinal);
        Assert.Null(sheet["from_address"]);
        // In a batch too, piece by piece.
        var batch = await (await client.PostJson($"{url}/batch", new { pieces = new[] { Sent(fromId: entry), Sent() } })).Body();
        Assert.Equal("CHOSEN SENDER", (string)batch["data"]![0]!["from_address"]!["name"]!);
        Assert.Equal("DEFAULT SENDER", (string)batch["data"]![1]!["from_address"]!["name"]!);

        // Refusals: nothing is spent.
        var before = await Registers(client, who.DeviceId);
        await BadInputTests.AssertProblem(await client.PostJson(url, Sent(from: FromAddress(zip5: "2081"))), 400, "from_address_zip_invalid", "from_address.zip5", "a 4-digit ZIP");
        await BadInputTests.AssertProblem(await client.PostJson(url, Sent(from: FromAddress(state: "XX"))), 400, "from_address_state_invalid", "from_address.state", "no such state");
        await BadInputTests.AssertProblem(await client.PostJson(url, Sent(from: FromAddress(zip4: "12"))), 400, "from_address_zip4_invalid", "from_address.zip4", "a short ZIP+4");
        var nameless = FromAddress(company: null);
        nameless["name"] = " ";
        await BadInputTests.AssertProblem(await client.PostJson(url, Sent(from: nameless)), 400, "from_address_name_required", "from_address.name", "no name or company");
        await BadInputTests.AssertProblem(await client.PostJson(url, Sent(from: FromAddress(), fromId: entry)), 400, "from_address_conflict", "from_address_id", "both given");
        await BadInputTests.AssertProblem(await client.PostJson(url, Sent(SheetLabel, fromId: entry)), 422, "layout_violation", "from_address", "no room on a sheet label");
        var other = await App.NewLicensee("Someone Else");
        var theirs = await Saved(other.LicenseeId, "Their Sender", defaultReturn: false);
        await BadInputTests.AssertProblem(await client.PostJson(url, Sent(fromId: theirs)), 404, "address_not_found", null, "another licensee's address");
        await BadInputTests.AssertProblem(await client.PostJson($"{url}/batch", new { pieces = new[] { Sent(), Sent(fromId: theirs) } }), 404, "address_not_found", null, "another licensee's address in a batch");
        Assert.Equal(before, await Registers(client, who.DeviceId));
    }
}
