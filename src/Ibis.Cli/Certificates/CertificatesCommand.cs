using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Ibis.Cli.Verification;

namespace Ibis.Cli.Certificates;

/// <summary>
/// <c>ibis certificates pull --server URL [--dir DIR]</c>: copies the public certificate directory —
/// the Postal Service CA certificates, each CA's revocation list and every device certificate — into a
/// trust directory for <c>ibis verify --offline --trust-dir DIR</c>. The CAs pulled become the trust
/// anchors, so their fingerprints are printed for comparison with the Postal Service's own.
/// </summary>
internal static class CertificatesCommand
{
    public const string DefaultDirectory = "ibis-trust";
    private const int Page = 100; // the API's largest page

    public static Command Create(CliContext context)
    {
        var server = new Option<string>("--server")
        {
            Description = "The Ibis server whose certificate directory to copy.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IBIS_SERVER") ?? VerifyCommand.DefaultServer,
        };
        var dir = new Option<DirectoryInfo>("--dir")
        {
            Description = "The trust directory to write (created if missing).",
            DefaultValueFactory = _ => new DirectoryInfo(DefaultDirectory),
        };
        var pull = new Command("pull", "Copy the CA certificates, revocation lists and device certificates for offline verification.") { server, dir };
        pull.SetAction((parse, ct) => PullAsync(context, ServerVerifier.ParseServer(parse.GetValue(server)!), parse.GetValue(dir)!, ct));
        var command = new Command("certificates", "The public certificate directory; device certificates from an external Postal Service CA.") { pull };
        foreach (var sub in ExternalCaCommands.Create(context)) command.Subcommands.Add(sub);
        return command;
    }

    private static async Task<int> PullAsync(CliContext context, Uri server, DirectoryInfo dir, CancellationToken ct)
    {
        using var http = context.CreateHttpClient();
        var root = server.AbsoluteUri.TrimEnd('/');
        dir.Create();
        var authorities = Directory.CreateDirectory(Path.Combine(dir.FullName, TrustStore.AuthoritiesDir));
        var revocations = Directory.CreateDirectory(Path.Combine(dir.FullName, TrustStore.RevocationsDir));
        var certificates = Directory.CreateDirectory(Path.Combine(dir.FullName, TrustStore.CertificatesDir));

        using var cas = await GetJson(http, $"{root}/v1/certificates/authorities", ct);
        var modes = new SortedSet<string>(StringComparer.Ordinal);
        var anchors = 0;
        foreach (var ca in cas.RootElement.GetProperty("data").EnumerateArray())
        {
            var id = SafeName(ca.GetProperty("id").GetString());
            var pem = ca.GetProperty("pem").GetString() ?? "";
            await File.WriteAllTextAsync(Path.Combine(authorities.FullName, id + ".pem"), pem, ct);
            if (!ca.GetProperty("external").GetBoolean()) modes.Add(ca.GetProperty("mode").GetString() ?? "");
            var der = PemEncoding.Find(pem) is var f ? Convert.FromBase64String(pem[f.Base64Data]) : [];
            await context.Out.WriteLineAsync($"trust anchor {ca.GetProperty("name").GetString()} ({ca.GetProperty("mode").GetString()}): SHA-256 {TrustStore.Fingerprint(der)}");
            anchors++;
        }

        var lists = 0;
        foreach (var mode in modes.Where(m => m is "test" or "live"))
        {
            using var response = await Send(http, $"{root}/v1/certificates/revocations?mode={mode}", ct);
            if (response.StatusCode == HttpStatusCode.NotFound) continue; // an external CA publishes its own
            await Ensure(response, ct);
            await File.WriteAllBytesAsync(Path.Combine(revocations.FullName, mode + ".crl"), await response.Content.ReadAsByteArrayAsync(ct), ct);
            lists++;
        }

        var devices = 0;
        string? after = null;
        while (true)
        {
            var url = $"{root}/v1/certificates?limit={Page}" + (after is null ? "" : $"&starting_after={after}");
            using var page = await GetJson(http, url, ct);
            foreach (var cert in page.RootElement.GetProperty("data").EnumerateArray())
            {
                after = cert.GetProperty("serial").GetString();
                if (after is null || !ulong.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw new CliException($"{url} listed a certificate without a decimal serial");
                await File.WriteAllTextAsync(Path.Combine(certificates.FullName, after + ".pem"), cert.GetProperty("pem").GetString() ?? "", ct);
                devices++;
            }
            if (!page.RootElement.GetProperty("has_more").GetBoolean() || after is null) break;
        }

        await context.Out.WriteLineAsync($"pulled {anchors} certificate authorities, {lists} revocation lists and {devices} device certificates into {dir.FullName}");
        await context.Out.WriteLineAsync($"verify offline with: ibis verify FILE --offline --trust-dir {dir.FullName}");
        return ExitCodes.Ok;
    }

    /// <summary>A file name from a server-supplied id: letters, digits, '_' and '-' only.</summary>
    private static string SafeName(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? id
            : throw new CliException($"the server named a certificate authority '{id}', which is not a usable file name");

    private static async Task<JsonDocument> GetJson(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await Send(http, url, ct);
        await Ensure(response, ct);
        try
        {
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException)
        {
            throw new CliException($"{url} did not answer with JSON");
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, string url, CancellationToken ct)
    {
        try
        {
            return await http.GetAsync(url, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"{url} did not answer in {http.Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task Ensure(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new CliException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {(body.Length > 200 ? body[..200] : body)}");
    }
}
