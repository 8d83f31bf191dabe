using System.CommandLine;
using System.Globalization;
using Ibis.Load;

// Exit codes: 0 all answers below 500; 1 any 5xx or transport error; 2 bad arguments;
// 3 setup failed (prefund or warm-up refused) or not one request succeeded.
var url = new Option<string>("--url") { Description = "Server base address (loopback only)", DefaultValueFactory = _ => "http://127.0.0.1:5099" };
var apiKey = new Option<string>("--api-key") { Description = "Licensee API key (Bearer)", Required = true };
var device = new Option<string>("--device") { Description = "Device id (psd_…)", Required = true };
var op = new Option<string>("--op") { Description = "print | reset | batch", Required = true };
op.AcceptOnlyFromAmong("print", "reset", "batch");
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients (closed loop)", DefaultValueFactory = _ => 1 };
var seconds = new Option<double>("--seconds") { Description = "Measuring time limit", DefaultValueFactory = _ => 10 };
var maxRequests = new Option<int>("--max-requests") { Description = "Request limit", DefaultValueFactory = _ => 100_000 };
var batchSize = new Option<int>("--batch-size") { Description = "Pieces per batch request (--op batch)", DefaultValueFactory = _ => 100 };
var warmup = new Option<int>("--warmup") { Description = "Sequential requests sent before measuring, not counted", DefaultValueFactory = _ => 5 };
var rateCategory = new Option<string>("--rate-category") { Description = "letter | flat | postcard", DefaultValueFactory = _ => "letter" };
var postage = new Option<string>("--postage") { Description = "Postage per piece", DefaultValueFactory = _ => "0.740" };
var resetAmount = new Option<string>("--amount") { Description = "Reset amount per request (--op reset)", DefaultValueFactory = _ => "0.010" };
var prefund = new Option<string?>("--prefund") { Description = "Reset this amount once before warming up (not measured)" };
var topUp = new Option<string?>("--top-up") { Description = "While printing, reset this amount whenever DR falls below --top-up-below (one at a time; stops after the first refusal)" };
var topUpBelow = new Option<decimal>("--top-up-below") { Description = "DR threshold for --top-up, dollars", DefaultValueFactory = _ => 50m };
var label = new Option<string?>("--label") { Description = "Label written in the CSV row" };
var csv = new Option<string?>("--csv") { Description = "Append one CSV row with the result to this file (header when new)" };

var root = new RootCommand("Ibis.Load: closed-loop HTTP load against one device of a running Ibis server on loopback")
{
    url, apiKey, device, op, concurrency, seconds, maxRequests, batchSize, warmup, rateCategory, postage, resetAmount, prefund, topUp, topUpBelow, label, csv,
};
root.SetAction(async (parse, ct) =>
{
    if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseUrl))
    {
        Console.Error.WriteLine("--url must be an absolute address such as http://127.0.0.1:5099");
        return 2;
    }
    var options = new LoadOptions
    {
        Url = baseUrl,
        ApiKey = parse.GetValue(apiKey) ?? "",
        DeviceId = parse.GetValue(device) ?? "",
        Operation = Enum.Parse<LoadOperation>(parse.GetValue(op)!, ignoreCase: true),
        Concurrency = parse.GetValue(concurrency),
        Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
        MaxRequests = parse.GetValue(maxRequests),
        BatchSize = parse.GetValue(batchSize),
        Warmup = parse.GetValue(warmup),
        RateCategory = parse.GetValue(rateCategory)!,
        Postage = parse.GetValue(postage)!,
        ResetAmount = parse.GetValue(resetAmount)!,
        Prefund = parse.GetValue(prefund),
        TopUp = parse.GetValue(topUp),
        TopUpBelow = parse.GetValue(topUpBelow),
        Label = parse.GetValue(label),
        CsvPath = parse.GetValue(csv),
    };
    var errors = options.Validate();
    if (errors.Count > 0)
    {
        foreach (var e in errors) Console.Error.WriteLine(e);
        return 2;
    }

    LoadResult result;
    try
    {
        result = await new LoadRunner(options, Console.Out).Run(ct);
    }
    catch (LoadSetupException e)
    {
        Console.Error.WriteLine(e.Message);
        return 3;
    }
    Console.Write(result.ToText());
    if (options.CsvPath is { } path)
    {
        var header = !File.Exists(path) || new FileInfo(path).Length == 0;
        await File.AppendAllTextAsync(path, (header ? LoadResult.CsvHeader + "\n" : "") + result.ToCsv() + "\n", ct);
    }
    if (result.ServerErrors > 0 || result.TransportErrors > 0)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED: {result.ServerErrors} server errors (5xx), {result.TransportErrors} transport errors"));
        return 1;
    }
    if (result.Succeeded == 0)
    {
        Console.Error.WriteLine("FAILED: no request succeeded");
        return 3;
    }
    return 0;
});
// `ceilings`: the machine's limits for the work of one piece, measured now (issue 17's targets are ratios to them).
var ceilingSeconds = new Option<double>("--seconds") { Description = "Measuring time per ceiling", DefaultValueFactory = _ => 3 };
var ceilingOut = new Option<string?>("--env") { Description = "Also write COMMITS=, SIGNS=, VERIFIES= to this file" };
var ceilings = new Command("ceilings", "Measures the durable-commit, 2-thread ECDSA sign and 1-thread verify ceilings of this machine") { ceilingSeconds, ceilingOut };
ceilings.SetAction(async (parse, ct) =>
{
    var measured = await Ceilings.Measure(TimeSpan.FromSeconds(parse.GetValue(ceilingSeconds)), ct);
    Console.Write(measured.ToText());
    if (parse.GetValue(ceilingOut) is { } env) await File.WriteAllTextAsync(env, measured.ToEnv(), ct);
    return 0;
});
root.Subcommands.Add(ceilings);
return await root.Parse(args).InvokeAsync();
