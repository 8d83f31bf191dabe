using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ibis.Cli.Verification;

/// <summary>Asks the server (<c>POST /v1/verifications</c>), which also knows revocations.</summary>
internal static class ServerVerifier
{
    public static Uri ParseServer(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new CliException($"--server '{text}' is not an http(s) URL");
        return uri;
    }

    public static async Task<VerificationReport> VerifyAsync(CliContext context, Uri server, byte[] bytes, string source, CancellationToken ct)
    {
        var endpoint = new Uri(server, server.AbsolutePath.TrimEnd('/') + "/v1/verifications");
        using var http = context.CreateHttpClient();
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(endpoint, new { barcode_data = Convert.ToBase64String(bytes) }, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {server}: {e.Message} (use --offline --trust-dir DIR, from 'ibis certificates pull', to verify without the server)");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"{server} did not answer in {http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new CliException(DescribeError(response.StatusCode, body));
            VerificationReport? report;
            try
            {
                report = JsonSerializer.Deserialize<VerificationReport>(body, CliJson.Options);
            }
            catch (JsonException)
            {
                report = null;
            }
            if (report is null) throw new CliException($"{endpoint} answered 200 with a body that is not a verification result");
            return report with { VerifiedBy = server.ToString(), Source = source, Notes = report.Notes ?? [] };
        }
    }

    private static string DescribeError(HttpStatusCode status, string body)
    {
        // problem+json (RFC 9457): the stable code and the detail say what was wrong with the data.
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var code = root.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (detail is not null)
                return (int)status == 400
                    ? $"the server could not read the indicium: {detail} ({code})"
                    : $"the server answered {(int)status}: {detail} ({code})";
        }
        catch (JsonException)
        {
        }
        return $"the server answered {(int)status} {status}";
    }
}
