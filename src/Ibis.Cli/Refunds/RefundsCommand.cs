using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Ibis.Cli.Verification;

namespace Ibis.Cli.Refunds;

/// <summary>
/// Refunds of unused postage as an API client (P050 3.3, §502.27(a)): <c>ibis refunds request</c> sends
/// the licensee's Form 3533 — indicia by id and/or every scan in a directory (PNG, JPEG, PDF) — and
/// prints each piece's verdict, after decoding the scans under a progress bar; <c>list</c>, <c>show</c>,
/// <c>receive</c> (the provider's scans of what arrived), <c>certify</c>, <c>approve</c>, <c>reject</c>,
/// <c>retained</c> and <c>audit</c> follow the rest of the one refund process (§502.27).
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
        {
            var status = new Option<string?>("--status") { Description = "only refunds in this status (requested, under_review, certified, approved, rejected, paid)" };
            var (server, key) = Connection();
            var list = new Command("list", "The refunds you may see, newest first: unused postage, device balances and account balances.") { status, server, key };
            list.SetAction(async (parse, ct) =>
            {
                var path = "/v1/refunds" + (parse.GetValue(status) is { Length: > 0 } s ? "?status=" + Uri.EscapeDataString(s) : "");
                var (code, text) = await ApiCall.Send(context, HttpMethod.Get, parse.GetValue(server)!, parse.GetValue(key), path, null, ct);
                if ((int)code is < 200 or >= 300) return await Answer(context, code, text);
                using var doc = JsonDocument.Parse(text);
                return await Output.Render.List(context, doc.RootElement,
                    [Output.Column.Of("Refund", "id"), Output.Column.Of("Kind", "kind"), Output.Column.Of("Status", "status"), Output.Column.Of("Qualifying", "qualifying", right: true), Output.Render.When("Created", "created_at")], "refunds");
            });
            refunds.Subcommands.Add(list);
        }
        {
            var id = new Argument<string>("refund") { Description = "the refund id (rfd_…)" };
            var scans = new Option<DirectoryInfo>("--scans") { Description = "a directory of scans of the pieces received: PNG, JPEG or PDF pages", Required = true };
            var (server, key) = Connection();
            var receive = new Command("receive", "Provider: record the pieces received, from their scans; each is matched to Part IV.") { id, scans, server, key };
            receive.SetAction((parse, ct) => Receive(context, parse.GetValue(server), parse.GetValue(key), parse.GetValue(id)!, parse.GetValue(scans)!, ct));
            refunds.Subcommands.Add(receive);
        }
        refunds.Subcommands.Add(Decision(context, "certify", "Provider: an authorized individual signs the amount below Part IV; the form goes to the district.", "certification", "--signed-by", "signed_by", "the individual who signs Part IV"));
        refunds.Subcommands.Add(Decision(context, "approve", "District MATS coordinator: approve; the amount is credited (or the closing's check issued).", "approval", null, null, null));
        refunds.Subcommands.Add(Decision(context, "reject", "Provider or coordinator: refuse the refund, with the reason.", "rejection", "--reason", "reason", "why the refund is refused"));
        refunds.Subcommands.Add(Decision(context, "audit", "Postal Service: record an audit of the retained pieces and its finding.", "audit", "--finding", "finding", "what the audit found"));
        {
            var (server, key) = Connection();
            var retained = new Command("retained", "Postal Service: refunds whose pieces are retained, with their destruction date.") { server, key };
            retained.SetAction(async (parse, ct) =>
            {
                var (code, text) = await ApiCall.Send(context, HttpMethod.Get, parse.GetValue(server)!, parse.GetValue(key), "/v1/refunds/retained", null, ct);
                if ((int)code is < 200 or >= 300) return await Answer(context, code, text);
                using var doc = JsonDocument.Parse(text);
                return await Output.Render.List(context, doc.RootElement,
                    [Output.Column.Of("Refund", "id"), Output.Column.Of("Pieces", "pieces", right: true), Output.Render.When("Sent", "sent_at"), Output.Render.When("Destruction", "destruction_date"), Output.Column.Of("Audit", "audit.finding")], "retained refunds");
            });
            refunds.Subcommands.Add(retained);
        }
        return refunds;
    }

    /// <summary>A POST on one refund, with at most one text field (the signer, the reason, the finding).</summary>
    private static Command Decision(CliContext context, string name, string description, string resource, string? optionName, string? field, string? optionDescription)
    {
        var id = new Argument<string>("refund") { Description = "the refund id (rfd_…)" };
        var (server, key) = Connection();
        var command = new Command(name, description) { id, server, key };
        Option<string>? value = null;
        if (optionName is not null)
        {
            value = new Option<string>(optionName) { Description = optionDescription, Required = true };
            command.Options.Add(value);
        }
        command.SetAction(async (parse, ct) =>
        {
            var body = value is null ? null : JsonSerializer.Serialize(new Dictionary<string, string?> { [field!] = parse.GetValue(value) });
            var (status, text) = await ApiCall.Send(context, HttpMethod.Post, parse.GetValue(server)!, parse.GetValue(key),
                $"/v1/refunds/{Uri.EscapeDataString(parse.GetValue(id)!)}/{resource}", body, ct);
            return await Answer(context, status, text);
        });
        return command;
    }

    private static async Task<int> Request(CliContext context, string? serverText, string? key, string? device, DirectoryInfo? dir, string[] indicia, CancellationToken ct)
    {
        var target = Remote.RemoteOptions.Resolve(context, serverText, key);
        if (string.IsNullOrEmpty(target.Key)) throw new CliException($"an API key is needed for {target.Server}: run 'ibis login', or set --api-key or IBIS_API_KEY", ExitCodes.Auth);
        var files = dir is null ? [] : ScanFiles(dir);
        if (files.Count == 0 && indicia.Length == 0) throw new CliException("name the pieces: --scans DIR and/or --indicium ind_…");
        var uploads = await ReadScans(context, files, ct);

        using var form = new MultipartFormDataContent();
        if (device is not null) form.Add(new StringContent(device), "device_id");
        foreach (var id in indicia) form.Add(new StringContent(id), "indicia");
        AddScans(form, uploads);
        if (files.Count > 0) await context.Err.WriteLineAsync($"sending {files.Count} scan(s); the server decodes every page and verifies every piece…");
        return await Post(context, target, "/v1/refunds", form, ct);
    }

    /// <summary>Provider: the scans of the pieces it physically received for a refund (§502.27(a)(2)–(3)).</summary>
    private static async Task<int> Receive(CliContext context, string? serverText, string? key, string refund, DirectoryInfo dir, CancellationToken ct)
    {
        var target = Remote.RemoteOptions.Resolve(context, serverText, key);
        if (string.IsNullOrEmpty(target.Key)) throw new CliException($"an API key is needed for {target.Server}: run 'ibis login', or set --api-key or IBIS_API_KEY", ExitCodes.Auth);
        var files = ScanFiles(dir);
        using var form = new MultipartFormDataContent();
        AddScans(form, await ReadScans(context, files, ct));
        return await Post(context, target, $"/v1/refunds/{Uri.EscapeDataString(refund)}/receipt", form, ct);
    }

    private static List<FileInfo> ScanFiles(DirectoryInfo dir)
    {
        if (!dir.Exists) throw new CliException($"{dir.FullName} is not a directory");
        var files = dir.EnumerateFiles().Where(f => ScanExtensions.Contains(f.Extension.ToLowerInvariant())).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new CliException($"{dir.FullName} holds no .png, .jpg, .jpeg or .pdf file");
        return files;
    }

    /// <summary>
    /// Reads every file, then decodes the pages here with the server's own page reader, under a progress
    /// bar — the licensee sees at once which pages hold no readable indicium. The server decodes the
    /// uploaded pages again and its answer is the one that counts.
    /// </summary>
    private static async Task<List<Ibis.Server.Refunds.ScanUpload>> ReadScans(CliContext context, List<FileInfo> files, CancellationToken ct)
    {
        var uploads = new List<Ibis.Server.Refunds.ScanUpload>();
        for (var i = 0; i < files.Count; i++)
        {
            var bytes = await File.ReadAllBytesAsync(files[i].FullName, ct);
            uploads.Add(new Ibis.Server.Refunds.ScanUpload(files[i].Name, bytes));
            await context.Err.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{Bar(i + 1, files.Count)}] {i + 1}/{files.Count} read {files[i].Name} ({bytes.Length / 1024} KiB)"));
        }
        if (uploads.Count == 0) return uploads;
        IReadOnlyList<Ibis.Server.Refunds.ScannedPage> pages = [];
        await new Output.StepProgress(context).Run($"decoding {uploads.Count} scan(s)", uploads.Count, step =>
            Task.Run(() => pages = Ibis.Server.Refunds.ScannedPages.Read(uploads, (_, _) => step(1)), ct));
        foreach (var page in pages)
            await context.Err.WriteLineAsync(page.Readable ? $"  {page.Name}: {page.Symbols.Count} indicium barcode(s)" : $"  {page.Name}: unreadable ({page.Error})");
        return uploads;
    }

    private static void AddScans(MultipartFormDataContent form, List<Ibis.Server.Refunds.ScanUpload> uploads)
    {
        foreach (var upload in uploads)
        {
            var part = new ByteArrayContent(upload.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(Path.GetExtension(upload.Name).ToLowerInvariant() switch { ".pdf" => "application/pdf", ".png" => "image/png", _ => "image/jpeg" });
            form.Add(part, "scans", upload.Name);
        }
    }

    private static async Task<int> Post(CliContext context, Remote.Target target, string path, HttpContent content, CancellationToken ct)
    {
        var server = target.Server;
        using var http = context.CreateHttpClient();
        http.Timeout = TimeSpan.FromMinutes(5); // decoding many 300-dpi pages takes a while on the server
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server, server.AbsolutePath.TrimEnd('/') + path)) { Content = content };
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
