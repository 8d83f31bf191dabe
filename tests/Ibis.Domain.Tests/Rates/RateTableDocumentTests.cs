using System.Text.Json.Nodes;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Rates;

/// <summary>
/// The price-list format (docs/rate-tables.md) read as untrusted input: the samples load, and each
/// kind of mistake an operator can make is refused with rate_table_invalid and the JSON path of the
/// field at fault.
/// </summary>
public sealed class RateTableDocumentTests
{
    [Theory]
    [InlineData("sample-2025-07", "2025-07-13")]
    [InlineData("sample-2027-01", "2027-01-17")]
    public void Samples_Load_AndAreMarkedSample(string name, string effective)
    {
        var parsed = RateTableDocument.Parse(RateTableDocument.SampleJson(name));
        Assert.True(parsed.Success, parsed.Message);
        Assert.Equal(name, parsed.Table!.Name);
        Assert.Equal(effective, parsed.Table.Effective.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(parsed.Table.Sample);
        Assert.NotNull(parsed.Table.Zones);
    }

    private static string Edit(Action<JsonObject> edit)
    {
        var doc = JsonNode.Parse(RateTableDocument.SampleJson("sample-2025-07"))!.AsObject();
        edit(doc);
        return doc.ToJsonString();
    }

    private static JsonObject Letter(JsonObject d) => d["categories"]![0]!.AsObject();

    private static JsonObject Priority(JsonObject d) => d["categories"]![3]!.AsObject();

    public static TheoryData<string, string, string> Broken => new()
    {
        // name, document, field
        { "wrong format", Edit(d => d["format"] = "ibis-rate-table/9"), "format" },
        { "no name", Edit(d => d.Remove("name")), "name" },
        { "name with spaces", Edit(d => d["name"] = "my table"), "name" },
        { "effective not a date", Edit(d => d["effective"] = "2026-02-30"), "effective" },
        { "currency", Edit(d => d["currency"] = "EUR"), "currency" },
        { "unknown field", Edit(d => d["prices"] = 1), "prices" },
        { "no categories", Edit(d => d["categories"] = new JsonArray()), "categories" },
        { "unknown class", Edit(d => Letter(d)["mail_class"] = "periodicals"), "categories[0].mail_class" },
        { "unknown category", Edit(d => Letter(d)["rate_category"] = "parcel"), "categories[0].rate_category" },
        { "duplicate category", Edit(d => d["categories"]![1]!["rate_category"] = "letter"), "categories[1]" },
        { "price as number", Edit(d => Letter(d)["steps"]![0]!["price"] = 0.74), "categories[0].steps[0].price" },
        { "price four decimals", Edit(d => Letter(d)["steps"]![0]!["price"] = "0.7401"), "categories[0].steps[0].price" },
        { "price zero", Edit(d => Letter(d)["steps"]![1]!["price"] = "0"), "categories[0].steps[1].price" },
        { "price negative", Edit(d => Letter(d)["steps"]![1]!["price"] = "-1.000"), "categories[0].steps[1].price" },
        { "steps not rising", Edit(d => Letter(d)["steps"]![1]!["up_to_oz"] = 1), "categories[0].steps[1].up_to_oz" },
        { "weight zero", Edit(d => Letter(d)["steps"]![0]!["up_to_oz"] = 0), "categories[0].steps[0].up_to_oz" },
        { "weight above 70 lb", Edit(d => Letter(d)["steps"]![3]!["up_to_oz"] = 1121), "categories[0].steps[3].up_to_oz" },
        { "zones on a letter", Edit(d => Letter(d)["steps"]![0]!["zones"] = new JsonObject()), "categories[0].steps[0].zones" },
        { "zone missing", Edit(d => Priority(d)["steps"]![0]!["zones"]!.AsObject().Remove("9")), "categories[3].steps[0].zones.9" },
        { "zone 10", Edit(d => Priority(d)["steps"]![0]!["zones"]!["10"] = "1.000"), "categories[3].steps[0].zones.10" },
        { "price on priority", Edit(d => Priority(d)["steps"]![0]!["price"] = "1.000"), "categories[3].steps[0].price" },
        { "zoned class without chart", Edit(d => d.Remove("zone_chart")), "zone_chart" },
        { "bad origin range", Edit(d => d["zone_chart"]!["origins"]![0]!["zip3"] = "149-100"), "zone_chart.origins[0].zip3" },
        { "overlapping origins", Edit(d => d["zone_chart"]!["origins"]![1]!["zip3"] = "140-212"), "zone_chart.origins[1].zip3" },
        { "overlapping destinations", Edit(d => d["zone_chart"]!["origins"]![0]!["zones"]![1]!["zip3"] = "099-149"), "zone_chart.origins[0].zones[1].zip3" },
        { "zone 0 in chart", Edit(d => d["zone_chart"]!["origins"]![0]!["zones"]![0]!["zone"] = 0), "zone_chart.origins[0].zones[0].zone" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Parse_AMistake_IsRefusedNamingTheField(string name, string json, string field)
    {
        var parsed = RateTableDocument.Parse(json);
        Assert.False(parsed.Success, name);
        Assert.Equal("rate_table_invalid", parsed.Code);
        Assert.Equal(field, parsed.Field);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Parse_NotADocument_IsRefusedWithoutThrowing(string json)
    {
        var parsed = RateTableDocument.Parse(json);
        Assert.False(parsed.Success);
        Assert.Equal("rate_table_invalid", parsed.Code);
    }
}
