using System.Text.Json;
using System.Text.Json.Serialization;
using Ibis.Domain;
using Ibis.Domain.Money;

namespace Ibis.Server.Api;

/// <summary>Money on the wire: {"amount":"12.345","currency":"USD"}, exact decimal strings (DESIGN §5).</summary>
public sealed record MoneyView(string Amount, string Currency)
{
    public static MoneyView Of(Mills m) => new(m.ToString(), "USD");

    public static MoneyView OfMills(long mills) => Of(Mills.FromMills(mills));
}

/// <summary>
/// A money amount as a client sent it: "0.740", 0.74 (read from the exact JSON text, never through
/// a double) or {"amount":"0.740","currency":"USD"}. Validated later so the error names the field.
/// </summary>
[JsonConverter(typeof(MoneyInputConverter))]
public sealed record MoneyInput(string Text, string? Currency)
{
    public Mills Parse(string field)
    {
        if (Currency is not null && Currency != "USD")
            throw ApiException.Invalid("currency_unsupported", $"currency '{Currency}' is not supported; use USD", field);
        var parsed = Mills.ParseDollars(Text);
        if (!parsed.Success) throw ApiException.FromParse(parsed, field);
        return parsed.Value;
    }
}

internal sealed class MoneyInputConverter : JsonConverter<MoneyInput>
{
    public override MoneyInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new MoneyInput(reader.GetString()!, null);
            case JsonTokenType.Number:
                return new MoneyInput(System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan), null);
            case JsonTokenType.StartObject:
                string? amount = null, currency = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (name == "amount") amount = reader.TokenType == JsonTokenType.Number
                        ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan) : reader.GetString();
                    else if (name == "currency") currency = reader.GetString();
                    else throw new JsonException($"unknown money member '{name}'");
                }
                return new MoneyInput(amount ?? "", currency);
            default:
                throw new JsonException("a money amount is a string like \"0.740\" or {\"amount\":\"0.740\",\"currency\":\"USD\"}");
        }
    }

    public override void Write(Utf8JsonWriter writer, MoneyInput value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Text);
}
