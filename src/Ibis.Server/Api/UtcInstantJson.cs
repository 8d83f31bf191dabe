using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ibis.Server.Api;

/// <summary>
/// One precision for every instant the API writes (issue 19): UTC, milliseconds, <c>Z</c> —
/// <c>2026-12-05T14:03:07.123Z</c> — whatever offset or tick precision the database gave back
/// (SQLite keeps ticks, PostgreSQL microseconds). Reads any ISO 8601 instant.
/// </summary>
public sealed class UtcInstantJson : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("an instant is a string"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
