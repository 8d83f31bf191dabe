using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;
using Ibis.Domain.Money;
using Spectre.Console;

namespace Ibis.Cli.Daily;

/// <summary>
/// <c>ibis batch print FILE.csv</c>. Three passes, so that nothing is spent on a file with a mistake in it:
/// every row is checked (columns, class, weight, ZIP, date, address), then priced by the server (and its
/// postage compared with the amount due, P050 1.5), then the total compared with the descending
/// register. Only then are the pieces printed, in chunks through the batch endpoint (each chunk all or
/// nothing), with an idempotency key per chunk: running the same file again the same day after a
/// failure prints only what was not printed.
/// </summary>
internal static class BatchPrintCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file of pieces (columns above)." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Print the good rows even if some are bad (the bad ones are listed and skipped)." };
        var outDir = new Option<DirectoryInfo?>("--out-dir") { Description = "Write each piece's image here as <indicium id>.<format>." };
        var format = new Option<string>("--format") { Description = "pdf (default), png or svg, for --out-dir.", DefaultValueFactory = _ => "pdf" };
        format.AcceptOnlyFromAmong("pdf", "png", "svg");
        var chunk = new Option<int>("--chunk-size") { Description = "Pieces per batch request, 1 to 1000 (each request is all or nothing).", DefaultValueFactory = _ => 50 };
        var runId = new Option<string?>("--run-id") { Description = "Idempotency key prefix (default: from the device, the file and the day): the same run id never prints a chunk twice." };
        var device = Defaults.DeviceOption();
        var print = new Command("print", "Print every piece of a CSV file, with a progress bar. Every row is checked and priced first; a bad row stops the batch before anything is spent (unless --skip-invalid).\n\n" + BatchCsv.Columns)
        {
            file, skipInvalid, outDir, format, chunk, runId, device,
        };
        var remote = RemoteOptions.AddTo(print);
        print.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(chunk) is < 1 or > 1000) throw new CliException("--chunk-size is 1 to 1000");
            var csv = parse.GetValue(file)!;
            if (!csv.Exists) throw new CliException($"{csv.FullName} does not exist");
            var bytes = await File.ReadAllBytesAsync(csv.FullName, ct);
            var today = Defaults.Today(context);
            var (rows, problems, count) = BatchCsv.Read(Encoding.UTF8.GetString(bytes), today);
            if (problems.Any(p => p.Line == 1)) return await Stop(context, problems, count, "the file's header is wrong");

            using var api = remote.Open(context, parse);
            var deviceId = await Defaults.Device(api, parse.GetValue(device), ct);
            var progress = new StepProgress(context);

            // Pass 2: the server prices every row (nothing is spent) — the price list, zones, a SAMPLE list for a live device.
            var priced = new List<(BatchRow Row, Mills Postage)>();
            var quoter = new Quoter(api);
            await progress.Run($"checking {rows.Count} rows", rows.Count, async advance =>
            {
                foreach (var row in rows)
                {
                    try
                    {
                        var quote = await quoter.One(new PieceQuery(row.Category, row.Weight, row.Date, row.To, row.From, deviceId), ct);
                        var due = Mills.ParseDollars(Render.Text(Render.At(quote, "amount_due"))).Value;
                        if (row.Postage is { } given && given < due)
                            problems.Add(new RowProblem(row.Line, "postage", "postage_below_rate", $"postage {given} is less than the {due} due for {row.Category.MailClass} {row.Category.Name} (P050 1.5)"));
                        else priced.Add((row, row.Postage ?? due));
                    }
                    catch (ApiRefusal r) when ((int)r.Status is 400 or 422)
                    {
                        problems.Add(Problem(row.Line, r));
                    }
                    advance(1);
                }
            });
            problems.Sort((a, b) => a.Line.CompareTo(b.Line));
            if (problems.Count > 0 && !parse.GetValue(skipInvalid)) return await Stop(context, problems, count, "nothing was printed; fix the rows or use --skip-invalid");
            if (priced.Count == 0) return await Stop(context, problems, count, "no row can be printed");

            // Pass 3: does it fit? The server refuses a batch the register cannot cover; saying which row is the first that does not fit is more use.
            var dr = Mills.ParseDollars(Render.Text(Render.At((await api.Get($"/v1/devices/{ApiSession.Segment(deviceId)}", ct)).Json(), "descending_register"))).Value;
            var total = Mills.Zero;
            foreach (var (row, postage) in priced)
            {
                total += postage;
                if (total > dr)
                {
                    var needed = priced.Aggregate(Mills.Zero, (s, p) => s + p.Postage);
                    problems.Add(new RowProblem(row.Line, "postage", "insufficient_postage",
                        $"the batch needs ${needed}, the descending register of {deviceId} holds ${dr}; line {row.Line} is the first that does not fit — add postage first (ibis resets create)"));
                    return await Stop(context, problems, count, "nothing was printed");
                }
            }

            var runKey = parse.GetValue(runId) ?? RunId(deviceId, bytes, today);
            var printed = new List<(BatchRow Row, JsonElement Indicium)>();
            var replayed = 0;
            var size = parse.GetValue(chunk);
            ApiRefusal? refused = null;
            await progress.Run($"printing {priced.Count} pieces", priced.Count, async advance =>
            {
                for (var start = 0; start < priced.Count; start += size)
                {
                    var part = priced.Skip(start).Take(size).ToList();
                    ApiAnswer answer;
                    try
                    {
                        answer = await api.Post($"/v1/devices/{ApiSession.Segment(deviceId)}/indicia/batch",
                            new Dictionary<string, object?> { ["pieces"] = part.Select(x => (IDictionary<string, object?>)x.Row.Request(x.Postage)).ToList() }, ct, $"{runKey}-{start / size}");
                    }
                    catch (ApiRefusal r)
                    {
                        refused = r;
                        return;
                    }
                    var data = Render.Items(answer.Json());
                    if (answer.Replayed) replayed += data.Count;
                    printed.AddRange(part.Zip(data, (x, d) => (x.Row, d)));
                    advance(part.Count);
                }
            });

            var dir = parse.GetValue(outDir);
            if (dir is not null && printed.Count > 0)
            {
                dir.Create();
                await progress.Run($"saving {printed.Count} {parse.GetValue(format)} files", printed.Count, async advance =>
                {
                    foreach (var (_, indicium) in printed)
                    {
                        var id = Render.Text(Render.At(indicium, "id"));
                        await Images.Save(api, indicium, parse.GetValue(format), new FileInfo(Path.Combine(dir.FullName, $"{id}.{parse.GetValue(format)}")), ct);
                        advance(1);
                    }
                });
            }
            if (replayed > 0) await context.Err.WriteLineAsync($"ibis: {replayed} pieces were printed by an earlier run of this file today (run id {runKey}) and were not printed again; --run-id NEW prints the file again");
            await Results(context, printed, problems);
            if (refused is not null)
            {
                // The refused chunk printed nothing; the chunks before it are printed and listed above.
                await context.Err.WriteLineAsync($"ibis: stopped after {printed.Count} of {priced.Count} pieces; running the same command again prints the rest");
                throw refused;
            }
            return ExitCodes.Ok;
        });
        return new Command("batch", "Print many pieces from a file.") { print };
    }

    private static RowProblem Problem(int line, ApiRefusal r)
    {
        try
        {
            using var doc = JsonDocument.Parse(r.Body);
            var e = doc.RootElement;
            var param = Render.Text(Render.At(e, "param")) is { Length: > 0 } p ? p
                : e.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object ? errors.EnumerateObject().Select(x => x.Name).FirstOrDefault() : null;
            return new RowProblem(line, param, Render.Text(Render.At(e, "code")), Render.Text(Render.At(e, "detail")));
        }
        catch (JsonException)
        {
            return new RowProblem(line, null, $"http_{(int)r.Status}", "the server refused the row");
        }
    }

    private static string RunId(string device, byte[] file, string today)
    {
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes($"{device}\n{today}\n"), .. file]);
        return "batch-" + Convert.ToHexStringLower(hash)[..24];
    }

    /// <summary>The rows that stop the batch: a table (or JSON) on standard output, exit 1.</summary>
    private static async Task<int> Stop(CliContext context, List<RowProblem> problems, int rows, string outcome)
    {
        if (context.Output == OutputMode.Json)
        {
            var json = new JsonObject
            {
                ["object"] = "batch_check", ["rows"] = rows, ["printed"] = 0,
                ["errors"] = new JsonArray(problems.Select(p => (JsonNode)new JsonObject { ["line"] = p.Line, ["param"] = p.Column, ["code"] = p.Code, ["message"] = p.Message }).ToArray()),
            };
            await context.Out.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            context.Console().Write(ProblemTable(problems));
            await context.Out.WriteLineAsync($"refused: {problems.Count} of {rows} rows cannot be printed; {outcome}");
        }
        return ExitCodes.Refused;
    }

    private static Table ProblemTable(IEnumerable<RowProblem> problems)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Line").AddColumn("Column").AddColumn("Code").AddColumn("Problem");
        foreach (var p in problems) table.AddRow(new Text(p.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(p.Column ?? ""), new Text(p.Code), new Text(p.Message));
        return table;
    }

    private static async Task Results(CliContext context, List<(BatchRow Row, JsonElement Indicium)> printed, List<RowProblem> skipped)
    {
        var total = printed.Aggregate(Mills.Zero, (s, p) => s + Mills.ParseDollars(Render.Text(Render.At(p.Indicium, "postage"))).Value);
        if (context.Output == OutputMode.Json)
        {
            // The batch endpoint's own shape, over every chunk; the skipped rows are added.
            var json = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(printed.Select(p => JsonNode.Parse(p.Indicium.GetRawText())).ToArray()),
                ["count"] = printed.Count,
                ["total_postage"] = new JsonObject { ["amount"] = total.ToString(), ["currency"] = "USD" },
                ["skipped"] = new JsonArray(skipped.Select(p => (JsonNode)new JsonObject { ["line"] = p.Line, ["param"] = p.Column, ["code"] = p.Code, ["message"] = p.Message }).ToArray()),
            };
            await context.Out.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Line").AddColumn("Reference").AddColumn("Indicium").AddColumn("Piece").AddColumn(new TableColumn("Postage").RightAligned()).AddColumn("To");
        foreach (var (row, i) in printed)
            table.AddRow(new Text(row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(row.Reference ?? ""), new Text(Render.Text(Render.At(i, "id"))),
                new Text(Render.Text(Render.At(i, "piece_number"))), new Text(Render.Text(Render.At(i, "postage"))), new Text(Render.Text(Render.At(i, "destination_zip"))));
        var console = context.Console();
        if (printed.Count > 0) console.Write(table);
        if (skipped.Count > 0)
        {
            await context.Out.WriteLineAsync($"skipped {skipped.Count} rows:");
            console.Write(ProblemTable(skipped));
        }
        var dr = printed.Count > 0 ? Render.Text(Render.At(printed[^1].Indicium, "descending_register")) : "";
        await context.Out.WriteLineAsync($"printed {printed.Count} pieces, total ${total}{(dr.Length > 0 ? $"; postage left on the device ${dr}" : "")}");
    }
}
