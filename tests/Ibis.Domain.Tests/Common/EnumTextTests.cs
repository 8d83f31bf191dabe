using System.Text.Json;
using Xunit;

namespace Ibis.Domain.Tests.Common;

public sealed class EnumTextTests
{
    [StoredAsText]
    public enum Sample
    {
        Inventory,
        InService,
        UnderReview,
    }

    public sealed record Holder(Sample Status, Sample? Previous);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new EnumTextJsonConverterFactory() },
    };

    [Theory]
    [InlineData(Sample.Inventory, "inventory")]
    [InlineData(Sample.InService, "in_service")]
    [InlineData(Sample.UnderReview, "under_review")]
    public void EachMember_IsItsSnakeCaseName_BothWays(Sample value, string text)
    {
        Assert.Equal(text, value.ToText());
        Assert.Equal(value, EnumText<Sample>.Parse(text));
        Assert.True(EnumText<Sample>.TryParse(text, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("In_Service")]
    [InlineData("inservice")]
    [InlineData("")]
    [InlineData("1")]
    [InlineData(null)]
    public void AnUnknownText_IsNoMember(string? text)
    {
        Assert.False(EnumText<Sample>.TryParse(text, out _));
        if (text is not null) Assert.Throws<FormatException>(() => EnumText<Sample>.Parse(text));
    }

    [Fact]
    public void All_ListsTheTextsInDeclarationOrder() =>
        Assert.Equal(["inventory", "in_service", "under_review"], EnumText<Sample>.All);

    [Fact]
    public void AnUndefinedValue_HasNoText() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Sample)42).ToText());

    [Fact]
    public void Json_WritesAndReadsTheText_NullableToo()
    {
        var json = JsonSerializer.Serialize(new Holder(Sample.InService, null), Json);
        Assert.Equal("""{"status":"in_service","previous":null}""", json);
        Assert.Equal(new Holder(Sample.UnderReview, Sample.Inventory),
            JsonSerializer.Deserialize<Holder>("""{"status":"under_review","previous":"inventory"}""", Json));
    }

    [Theory]
    [InlineData("""{"status":1,"previous":null}""")]
    [InlineData("""{"status":"InService","previous":null}""")]
    [InlineData("""{"status":"in_service","previous":"lost"}""")]
    public void Json_RefusesNumbersAndUnknownTexts(string body) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>(body, Json));
}
