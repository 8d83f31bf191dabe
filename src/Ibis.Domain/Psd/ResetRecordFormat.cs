using System.Text.Json;

namespace Ibis.Domain.Psd;

/// <summary>
/// The reset record (P050 3.5c): compact UTF-8 JSON that the device signs and the licensee keeps as
/// documentation of a postage value download (docs/formats/reset-record.md). Its <c>type</c> names the
/// version: <c>ibis.reset.v2</c> is signed over the reset-record context tag followed by the record (issue 16
/// item 6), <c>ibis.reset.v1</c> (records made before tags) over the record alone.
/// </summary>
public static class ResetRecordFormat
{
    public const string TypeV1 = "ibis.reset.v1";
    public const string TypeV2 = "ibis.reset.v2";

    /// <summary>The version written for new resets.</summary>
    public const string CurrentType = TypeV2;

    /// <summary>
    /// What the signature of <paramref name="record"/> covers, keyed by its <c>type</c>; null when the bytes are
    /// not a JSON object whose <c>type</c> is a known reset record version. Never throws on hostile bytes.
    /// </summary>
    public static byte[]? SignedMessageOf(ReadOnlySpan<byte> record) => TypeOf(record) switch
    {
        TypeV1 => record.ToArray(),
        TypeV2 => SigningContext.Tagged(SigningContext.ResetRecordTag, record),
        _ => null,
    };

    /// <summary>The record's top-level <c>type</c>, or null when it has none or is not a JSON object.</summary>
    public static string? TypeOf(ReadOnlySpan<byte> record)
    {
        try
        {
            var reader = new Utf8JsonReader(record);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            string? type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                if (!reader.Read()) return null;
                if (isType)
                {
                    // Two "type" members would let a record be read as two versions: refuse it.
                    if (type is not null || reader.TokenType != JsonTokenType.String) return null;
                    type = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? type : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
