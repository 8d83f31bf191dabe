using System.Net;
using System.Text.Json;
using Ibis.Cli.Remote;

namespace Ibis.Cli;

/// <summary>One API call with a bearer key, and a problem+json answer in one line ("code at field: detail").</summary>
internal static class ApiCall
{
    /// <summary>Sends one request; <paramref name="serverText"/> and <paramref name="key"/> fall back to the environment and the profile.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> Send(CliContext context, HttpMethod method, string? serverText, string? key, string path, string? json, CancellationToken ct)
    {
        using var api = new ApiSession(context, RemoteOptions.Resolve(context, serverText, key));
        try
        {
            object? body = json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
            var answer = await api.Send(method, path, body, ct);
            return (answer.Status, answer.Body);
        }
        catch (ApiRefusal refusal)
        {
            return (refusal.Status, refusal.Body);
        }
    }

    public static bool IsJson(string body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// "code at field: detail" from a problem+json body. Fields come from <c>param</c>, or from
    /// <c>errors</c> (an object keyed by field, or an array of {param, …}); several are all named.
    /// </summary>
    public static string Problem(HttpStatusCode status, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object) return $"HTTP {(int)status}";
            var code = r.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var detail = r.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var fields = new List<string>();
            if (r.TryGetProperty("param", out var p) && p.ValueKind == JsonValueKind.String) fields.Add(p.GetString()!);
            r.TryGetProperty("errors", out var e);
            if (e.ValueKind == JsonValueKind.Object) fields.AddRange(e.EnumerateObject().Select(x => x.Name));
            else if (e.ValueKind == JsonValueKind.Array)
                fields.AddRange(e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("param", out var xp) && xp.ValueKind == JsonValueKind.String)
                    .Select(x => x.GetProperty("param").GetString()!));
            var at = fields.Distinct().ToList();
            var head = $"{code ?? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)}{(at.Count == 0 ? "" : $" at {string.Join(", ", at)}")}: {detail}";
            // Every problem of the request, when there are several (errors: [{code, message, param}]).
            if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 1)
                head += string.Concat(e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object)
                    .Select(x => $"\n  - {(x.TryGetProperty("param", out var xp) && xp.ValueKind == JsonValueKind.String ? xp.GetString() : null) ?? "request"}: {(x.TryGetProperty("message", out var xm) && xm.ValueKind == JsonValueKind.String ? xm.GetString() : null)}"));
            return head;
        }
        catch (JsonException)
        {
            return $"HTTP {(int)status}";
        }
    }
}
