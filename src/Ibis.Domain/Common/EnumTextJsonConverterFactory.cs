using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ibis.Domain;

/// <summary>
/// Writes and reads every <see cref="StoredAsTextAttribute">stored-as-text</see> enum as its text
/// (<c>"in_service"</c>), never as a number; a text no member has, or a number, is a JSON error, so the
/// API's body reader names the field. Other enums are left to the options' other converters.
/// </summary>
public sealed class EnumTextJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.GetCustomAttribute<StoredAsTextAttribute>() is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && EnumText<TEnum>.TryParse(reader.GetString(), out var value)
                ? value
                : throw new JsonException($"expected one of: {string.Join(", ", EnumText<TEnum>.All)}");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(EnumText<TEnum>.ToText(value));
    }
}
