using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ibis.Cli.Tests.Support;

namespace Ibis.Cli.Tests.Readme;

/// <summary>
/// Runs the README's command blocks as a reader would, against the in-process server: <c>curl</c> is
/// interpreted (method, URL, <c>-H</c>, <c>-d</c>/<c>--data</c>, <c>--json</c>, <c>-F</c>, <c>-o</c>) and sent
/// through the test server's client; <c>ibis …</c> and <c>dotnet run --project src/Ibis.Cli -- …</c> run the
/// CLI's entry in-process; <c>python3</c> one-liners that read the sandbox credentials file or a JSON answer
/// are evaluated; <c>$(date -u +%F)</c> is today. A placeholder such as <c>ind_…</c> is replaced, as the README
/// tells a reader, by the latest value the tour has seen that starts so. Every command must succeed, and an
/// answer the README shows (<c># {…}</c> lines, or a JSON block after "The answer") must match, <c>…</c> being a wildcard.
/// </summary>
internal sealed partial class TourRunner(CliServer server, string workDir, string credentialsPath)
{
    private const string LocalServer = "http://localhost:5080";
    private readonly Dictionary<string, string> _variables = [];
    private readonly List<string> _seen = [];
    private readonly HashSet<string> _foreignProfiles = [];
    private readonly HttpClient _http = server.CreateClient();
    private string? _lastCsv;
    private JsonNode? _lastJson;
    private int _lastStatus;

    public StringBuilder Log { get; } = new();

    public List<string> Failures { get; } = [];

    public int Commands { get; private set; }

    public void Remember(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o: foreach (var (_, v) in o) Remember(v); break;
            case JsonArray a: foreach (var v in a) Remember(v); break;
            case JsonValue v when v.TryGetValue<string>(out var s): _seen.Add(s); break;
        }
    }

    /// <summary>Runs one block; <paramref name="answer"/> is the JSON the README shows for its last command (and its status), if any.</summary>
    public async Task Run(Block block, (string Json, int? Status)? answer = null)
    {
        if (block.Language == "csv") { _lastCsv = string.Join('\n', block.Lines) + "\n"; return; }
        string? expected = null;
        var expectedLine = 0;
        foreach (var (line, text) in ShellWords.LogicalLines(block.Lines, block.Line))
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith('#'))
            {
                var comment = trimmed.TrimStart('#');
                if (expected is not null && comment.StartsWith("  ", StringComparison.Ordinal)) { expected += comment.Trim(); continue; }
                Check(expected, expectedLine);
                expected = null;
                if (comment.TrimStart().StartsWith('{')) { expected = comment.Trim(); expectedLine = line; }
                continue;
            }
            Check(expected, expectedLine);
            expected = null;
            await Command(line, trimmed);
        }
        Check(expected, expectedLine);
        if (answer is { } a)
        {
            if (a.Status is { } status && status != _lastStatus) Fail(block.Line, $"the README says {status}, the server answered {_lastStatus}");
            Check(a.Json, block.Line);
        }
    }

    private void Check(string? expected, int line)
    {
        if (expected is null) return;
        string? mismatch;
        try { mismatch = ElidedJson.Mismatch(expected, _lastJson); }
        catch (FormatException e) { mismatch = e.Message; }
        if (mismatch is not null) Fail(line, $"the answer shown does not match: {mismatch}");
    }

    private void Fail(int line, string why)
    {
        Failures.Add($"README.md:{line}: {why}");
        Log.AppendLine($"  !! {why}");
    }

    private async Task Command(int line, string text)
    {
        Commands++;
        Log.AppendLine($"README.md:{line}: $ {text}");
        try
        {
            var assignment = Assignment().Match(text);
            if (assignment.Success)
            {
                _variables[assignment.Groups[1].Value] = string.Concat(ShellWords.Pipeline(assignment.Groups[2].Value, Variable, Substitute).SelectMany(c => c));
                return;
            }
            var pipeline = ShellWords.Pipeline(text, Variable, Substitute);
            if (pipeline.Count == 0) return;
            var output = await RunPipeline(pipeline, top: true);
            if (output is not null) Log.AppendLine("    " + Shorten(output));
        }
        catch (TourFailure e)
        {
            Fail(line, e.Message);
        }
    }

    private string Variable(string name) =>
        _variables.TryGetValue(name, out var v) ? v : throw new TourFailure($"${name} is used before the README sets it");

    private string Substitute(string command) => RunPipeline(ShellWords.Pipeline(command, Variable, Substitute), top: false).GetAwaiter().GetResult()?.Trim() ?? "";

    private async Task<string?> RunPipeline(List<List<string>> pipeline, bool top)
    {
        string? stdin = null;
        foreach (var words in pipeline)
            stdin = await One(words.Select(Placeholders).ToList(), stdin, top && words == pipeline[^1]);
        return stdin;
    }

    /// <summary>Replaces <c>ind_…</c>, <c>AQFg…</c> and the like by the latest value seen that starts so.</summary>
    private string Placeholders(string word) => Placeholder().Replace(word, m =>
    {
        var prefix = m.Groups[1].Value;
        for (var i = _seen.Count - 1; i >= 0; i--)
            if (_seen[i].Length > prefix.Length && _seen[i].StartsWith(prefix, StringComparison.Ordinal) && !_seen[i].Contains('…'))
                return _seen[i];
        throw new TourFailure($"nothing seen so far fills the placeholder {m.Value}");
    });

    private async Task<string?> One(List<string> words, string? stdin, bool last)
    {
        switch (words[0])
        {
            case "alias" or "export":
                return null;
            case "date" when words.Skip(1).SequenceEqual(["-u", "+%F"]):
                return DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            case "python3" when words.Count == 3 && words[1] == "-c":
                return Python(words[2], stdin);
            case "curl":
                return await Curl(words[1..], last);
            case "ibis":
                return await Ibis(words[1..], stdin);
            case "dotnet" when words.Count > 4 && words[1] == "run" && words[2] == "--project" && words[3] == "src/Ibis.Cli" && words[4] == "--":
                return await Ibis(words[5..], stdin);
            case "dotnet" when words.SequenceEqual(["dotnet", "run", "--project", "src/Ibis.Server"]):
                return "(the server is already running)";
            default:
                throw new TourFailure($"the tour runner does not know the command '{words[0]}'");
        }
    }

    private string Python(string code, string? stdin)
    {
        var file = CredentialsRead().Match(code);
        var piped = StdinRead().Match(code);
        JsonNode? node;
        string path;
        if (file.Success)
        {
            if (file.Groups[1].Value != "ibis-data/sandbox-credentials.json") throw new TourFailure($"python3 reads {file.Groups[1].Value}, not the sandbox credentials file");
            node = JsonNode.Parse(File.ReadAllText(credentialsPath));
            path = file.Groups[2].Value;
        }
        else if (piped.Success)
        {
            node = JsonNode.Parse(stdin ?? throw new TourFailure("python3 reads standard input, but nothing is piped to it"));
            path = piped.Groups[1].Value;
        }
        else throw new TourFailure($"the tour runner does not know this python3 one-liner: {code}");
        foreach (Match key in Key().Matches(path))
            node = node?[key.Groups[1].Value] ?? throw new TourFailure($"python3: the JSON has no [\"{key.Groups[1].Value}\"]");
        return (string?)node ?? throw new TourFailure($"python3: {path} is not a string");
    }

    private async Task<string?> Curl(List<string> args, bool last)
    {
        var method = (string?)null;
        string? url = null, data = null, output = null, contentType = null;
        var headers = new List<(string, string)>();
        var form = new List<(string Name, string Value)>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new TourFailure($"curl {args[i]} without a value");
            switch (args[i])
            {
                case "-s" or "--silent" or "-S" or "-f" or "--fail": break;
                case "-X" or "--request": method = Next(); break;
                case "-H" or "--header":
                {
                    var h = Next();
                    var colon = h.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0) throw new TourFailure($"curl header without a colon: {h}");
                    var (name, value) = (h[..colon].Trim(), h[(colon + 1)..].Trim());
                    if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = value;
                    else headers.Add((name, value));
                    break;
                }
                case "-d" or "--data" or "--data-raw": data = Next(); break;
                case "--json": data = Next(); contentType ??= "application/json"; headers.Add(("Accept", "application/json")); break;
                case "-F" or "--form":
                {
                    var f = Next();
                    var eq = f.IndexOf('=', StringComparison.Ordinal);
                    form.Add((f[..eq], f[(eq + 1)..]));
                    break;
                }
                case "-o" or "--output": output = Next(); break;
                default:
                    if (args[i].StartsWith('-')) throw new TourFailure($"the tour runner does not know curl's {args[i]}");
                    url = args[i];
                    break;
            }
        }
        if (url is null) throw new TourFailure("curl without a URL");
        if (!url.StartsWith(LocalServer + "/", StringComparison.Ordinal)) throw new TourFailure($"curl {url}: not the local server the tour starts");
        method ??= data is not null || form.Count > 0 ? "POST" : "GET";
        using var request = new HttpRequestMessage(new HttpMethod(method), url[LocalServer.Length..]);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (form.Count > 0)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in form)
            {
                if (value.StartsWith('@'))
                {
                    var file = Path.Combine(workDir, value[1..]);
                    if (!File.Exists(file)) throw new TourFailure($"curl -F {name}=@{value[1..]}: no such file (an earlier step should have written it)");
                    var part = new ByteArrayContent(File.ReadAllBytes(file));
                    // curl names the type by the file's extension.
                    part.Headers.ContentType = new MediaTypeHeaderValue(Path.GetExtension(file).ToLowerInvariant() switch
                    {
                        ".png" => "image/png", ".pdf" => "application/pdf", ".jpg" or ".jpeg" => "image/jpeg", _ => "application/octet-stream",
                    });
                    multipart.Add(part, name, Path.GetFileName(file));
                }
                else multipart.Add(new StringContent(value), name);
            }
            request.Content = multipart;
        }
        else if (data is not null)
        {
            request.Content = new StringContent(data, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        _lastStatus = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var text = mediaType.Contains("json", StringComparison.Ordinal) ? Encoding.UTF8.GetString(bytes) : null;
        _lastJson = null;
        if (text is not null)
        {
            _lastJson = JsonNode.Parse(text);
            Remember(_lastJson);
        }
        if (!response.IsSuccessStatusCode)
            throw new TourFailure($"{method} {url} answered {_lastStatus}: {Shorten(text ?? mediaType)}");
        if (output is not null)
        {
            await File.WriteAllBytesAsync(Path.Combine(workDir, output), bytes);
            return $"({bytes.Length} bytes of {mediaType} written to {output})";
        }
        return text ?? $"({bytes.Length} bytes of {mediaType})";
    }

    private async Task<string?> Ibis(List<string> args, string? stdin)
    {
        // A command for another installation (a profile on a server other than the local one) cannot run here.
        var serverAt = args.IndexOf("--server");
        var profile = args.IndexOf("--profile");
        if (serverAt >= 0 && serverAt + 1 < args.Count && !args[serverAt + 1].StartsWith(LocalServer, StringComparison.Ordinal))
        {
            if (profile >= 0 && profile + 1 < args.Count) _foreignProfiles.Add(args[profile + 1]);
            return $"(skipped: {args[serverAt + 1]} is another installation)";
        }
        if (args.Any(_foreignProfiles.Contains)) return "(skipped: a profile of another installation)";
        foreach (var a in args.Where(a => a.EndsWith(".csv", StringComparison.Ordinal) && !File.Exists(Path.Combine(workDir, a))))
            await File.WriteAllTextAsync(Path.Combine(workDir, a), _lastCsv ?? throw new TourFailure($"{a}: the README shows no CSV file to save as it"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string> { ["IBIS_CONFIG"] = Path.Combine(workDir, "config", "ibis", "config.json") };
        var context = new CliContext(output, error, TimeProvider.System, server.Handler, name => environment.GetValueOrDefault(name));
        var savedIn = Console.In;
        if (stdin is not null) Console.SetIn(new StringReader(stdin + "\n"));
        int code;
        try { code = await Cli.RunAsync(args.ToArray(), context); }
        finally { Console.SetIn(savedIn); }
        var text = output.ToString();
        foreach (Match id in ObjectId().Matches(text + error)) _seen.Add(id.Value);
        _lastJson = null;
        if (code != 0) throw new TourFailure($"ibis {string.Join(' ', args)} exited {code}\n{Shorten(text)}\n{Shorten(error.ToString())}");
        return text;
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + " …" : text;

    [GeneratedRegex(@"^([A-Z_][A-Z0-9_]*)=(.*)$", RegexOptions.Singleline)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"([A-Za-z0-9_]+)…")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"json\.load\(open\(""([^""]+)""\)\)((?:\[""[^""]+""\])+)")]
    private static partial Regex CredentialsRead();

    [GeneratedRegex(@"json\.load\(sys\.stdin\)((?:\[""[^""]+""\])+)")]
    private static partial Regex StdinRead();

    [GeneratedRegex(@"\[""([^""]+)""\]")]
    private static partial Regex Key();

    [GeneratedRegex(@"\b[a-z]{2,5}_[A-Za-z0-9]{8,}\b")]
    private static partial Regex ObjectId();

    private sealed class TourFailure(string message) : Exception(message);
}
