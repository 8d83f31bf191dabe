using System.Text.Json;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;

namespace Ibis.Cli.Daily;

/// <summary>Downloads a printed piece's image. Fetching it again never spends: the server re-renders the stored, signed indicium.</summary>
internal static class Images
{
    public static string Format(string? format, FileInfo? output) =>
        format ?? (output?.Extension.TrimStart('.').ToLowerInvariant() is "png" or "svg" or "pdf" ? output.Extension.TrimStart('.').ToLowerInvariant() : "pdf");

    public static async Task<string> Save(ApiSession api, JsonElement indicium, string? format, FileInfo? output, CancellationToken ct)
    {
        var id = Render.Text(Render.At(indicium, "id"));
        var ext = Format(format, output);
        var link = Render.Text(Render.At(indicium, "links." + ext));
        var bytes = await api.GetBytes(link.StartsWith("/v1/", StringComparison.Ordinal) ? link : $"/v1/indicia/{ApiSession.Segment(id)}.{ext}", ct);
        var path = output?.FullName ?? Path.GetFullPath($"{id}.{ext}");
        await File.WriteAllBytesAsync(path, bytes, ct);
        return path;
    }
}
