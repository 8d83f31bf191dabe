using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ibis.Cli;

/// <summary>The wire conventions of the /v1 API (snake_case), for reading its answers and writing --json.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Messages keep their quotes and apostrophes: the output is JSON for scripts, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new Ibis.Domain.EnumTextJsonConverterFactory() }, // statuses as their text
    };
}
