using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ibis.Cli.Verification;

namespace Ibis.Cli;

/// <summary>One API call with a bearer key, and a problem+json answer in one line ("code at field: detail").</summary>
internal static class ApiCall
{
    public static async Task<(HttpStatusCode Status, string Body)> Send(CliContext context, HttpMethod method, string serverText, string? key, string path, string? json, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key)) throw new CliException("an API key is needed: --api-key or IBIS_API_KEY");
        var server = ServerVerifier.ParseServer(serverText);
        using var http = context.CreateHttpClient();
        using var request = new HttpRequestMessage(method, new Uri(server, server.AbsolutePath.TrimEnd('/') + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request, ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {server}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"{server} did not answer in {http.Timeout.TotalSeconds:0} s");
        }
    }

    public static string Problem(HttpStatusCode status, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var r = doc.RootElement;
            var code = r.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = r.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var field = r.TryGetProperty("param", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var head = $"{code ?? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)}{(field is null ? "" : $" at {field}")}: {detail}";
            // Every problem of the request, when there are several (errors: [{code, message, param}]).
            if (r.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 1)
                head += string.Concat(e.EnumerateArray().Select(x => $"\n  - {(x.TryGetProperty("param", out var xp) ? xp.GetString() : null) ?? "request"}: {(x.TryGetProperty("message", out var xm) ? xm.GetString() : null)}"));
            return head;
        }
        catch (JsonException)
        {
            return $"HTTP {(int)status}";
        }
    }
}
