using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Ibis.Cli.Verification;

namespace Ibis.Cli.Refunds;

/// <summary>
/// Refunds of unused postage as an API client (P050 3.3, §502.27(a)): <c>ibis refunds request</c> sends
/// the licensee's Form 3533 — indicia by id and/or every scan in a directory (PNG, JPEG, PDF) — and
/// prints each piece's verdict; <c>ibis refunds show</c> prints a refund. Progress is printed as plain
/// lines (one per file read, then while the server decodes), so it reads the same in a terminal and in a log.
/// </summary>
internal static class RefundsCommand
{
    private static readonly string[] ScanExtensions = [".png", ".jpg", ".jpeg", ".pdf"];

    public static Command Create(CliContext context)
    {
        var refunds = new Command("refunds", "Refunds of unused postage (Form 3533, 39 CFR 502.27(a)).");
        {
            var device = new Option<string?>("--device") { Description = "the device the pieces were printed by (psd_…)" };
            var scans = new Option<DirectoryInfo?>("--scans") { Description = "a directory of scanned pieces: PNG, JPEG or PDF pages" };
            var indicia = new Option<string[]>("--indicium") { Description = "an indicium id (ind_…); repeat for several", AllowMultipleArgumentsPerToken = true };
            var (server, key) = Connection();
            var request = new Command("request", "Ask a refund of unused pieces; each piece is answered qualifies or not, with its reason.") { device, scans, indicia, server, key };
            request.SetAction((parse, ct) => Request(context, parse.GetValue(server)!, parse.GetValue(key), parse.GetValue(device), parse.GetValue(scans), parse.GetValue(indicia) ?? [], ct));
            refunds.Subcommands.Add(request);
        }
        {
            var id = new Argument<string>("refund") { Description = "the refund id (rfd_…)" };
            var (server, key) = Connection();
            var show = new Command("show", "Print a refund: status, pieces and their reasons, Part IV totals.") { id, server, key };
            show.SetAction(async (parse, ct) =>
            {
                var (status, text) = await ApiCall.Send(context, HttpMethod.Get, parse.GetValue(server)!, parse.GetValue(key), $"/v1/refunds/{Uri.EscapeDataString(parse.GetValue(id)!)}", null, ct);
                return await Answer(context, status, text);
            });
            refunds.Subcommands.Add(show);
        }
        return refunds;
    }

    private static async Task<int> Request(CliContext context, string? serverText, string? key, string? device, DirectoryInfo? dir, string[] indicia, CancellationToken ct)
    {
        var target = Remote.RemoteOptions.Resolve(context, serverText, key);
        if (string.IsNullOrEmpty(target.Key)) throw new CliException($"an API key is needed for {target.Server}: run 'ibis login', or set --api-key or IBIS_API_KEY", ExitCodes.Auth);
        var files = new List<FileInfo>();
        if (dir is not null)
        {
            if (!dir.Exists) throw new CliException($"{dir.FullName} is not a directory");
            files.AddRange(dir.EnumerateFiles().Where(f => ScanExtensions.Contains(f.Extension.ToLowerInvariant())).OrderBy(f => f.Name, StringComparer.Ordinal));
            if (files.Count == 0) throw new CliException($"{dir.FullName} holds no .png, .jpg, .jpeg or .pdf file");
        }
        if (files.Count == 0 && indicia.Length == 0) throw new CliException("name the pieces: --scans DIR and/or --indicium ind_…");

        using var form = new MultipartFormDataContent();
        if (device is not null) form.Add(new StringContent(device), "device_id");
        foreach (var id in indicia) form.Add(new StringContent(id), "indicia");
        for (var i = 0; i < files.Count; i++)
        {
            var bytes = await File.ReadAllBytesAsync(files[i].FullName, ct);
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(files[i].Extension.ToLowerInvariant() switch { ".pdf" => "application/pdf", ".png" => "image/png", _ => "image/jpeg" });
            form.Add(part, "scans", files[i].Name);
            await context.Err.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{Bar(i + 1, files.Count)}] {i + 1}/{files.Count} read {files[i].Name} ({bytes.Length / 1024} KiB)"));
        }
        if (files.Count > 0) await context.Err.WriteLineAsync($"sending {files.Count} scan(s); the server decodes every page and verifies every piece…");

        var server = target.Server;
        using var http = context.CreateHttpClient();
        http.Timeout = TimeSpan.FromMinutes(5); // decoding many 300-dpi pages takes a while on the server
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server, server.AbsolutePath.TrimEnd('/') + "/v1/refunds")) { Content = form };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Key);
        try
        {
            using var response = await http.SendAsync(message, ct);
            return await Answer(context, response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {server}: {e.Message}", ExitCodes.Unavailable);
        }
    }

    private static string Bar(int done, int total)
    {
        const int width = 20;
        var filled = total == 0 ? width : done * width / total;
        return new string('#', filled) + new string('.', width - filled);
    }

    /// <summary>A summary line per piece and page, then the whole answer as JSON; a refusal in one line.</summary>
    private static async Task<int> Answer(CliContext context, System.Net.HttpStatusCode status, string text)
    {
        if ((int)status is < 200 or >= 300)
        {
            await context.Out.WriteLineAsync("refused: " + ApiCall.Problem(status, text));
            return ExitCodes.ForStatus(status);
        }
        using var doc = JsonDocument.Parse(text);
        var r = doc.RootElement;
        await context.Out.WriteLineAsync($"{r.GetProperty("id").GetString()} {r.GetProperty("status").GetString()}: {r.GetProperty("qualifying").GetProperty("amount").GetString()} USD qualifies");
        foreach (var p in r.GetProperty("pieces").EnumerateArray())
        {
            var what = p.GetProperty("indicium_id").GetString() ?? p.GetProperty("listed_as").GetString();
            var verdict = p.GetProperty("qualifies").GetBoolean() ? "qualifies" : $"{p.GetProperty("reason").GetString()}: {p.GetProperty("explanation").GetString()}";
            await context.Out.WriteLineAsync($"  {p.GetProperty("line").GetInt32(),3} {what} {verdict}");
        }
        foreach (var page in r.GetProperty("pages").EnumerateArray().Where(p => !p.GetProperty("readable").GetBoolean()))
            await context.Out.WriteLineAsync($"  page unreadable: {page.GetProperty("name").GetString()} ({page.GetProperty("error").GetString()})");
        await context.Out.WriteLineAsync(JsonSerializer.Serialize(r, Indented));
        return ExitCodes.Ok;
    }

    private static (Option<string> Server, Option<string?> Key) Connection() => (
        // No defaults here: ApiCall resolves IBIS_SERVER, IBIS_API_KEY and the profile (Remote/RemoteOptions).
        new Option<string>("--server") { Description = "The Ibis server (default: IBIS_SERVER, the profile's, or http://localhost:5080)." },
        new Option<string?>("--api-key") { Description = "An API key (default: IBIS_API_KEY or the profile's)." });

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
