using System.CommandLine;
using System.Globalization;
using Ibis.Load;

// Exit codes: 0 all answers below 500; 1 any 5xx or transport error (or a printed piece that did not verify); 2 bad arguments;
// 3 setup failed (prefund or warm-up refused) or not one request succeeded.
var url = new Option<string>("--url") { Description = "Server base address (loopback only)", DefaultValueFactory = _ => "http://127.0.0.1:5099" };
var apiKey = new Option<string>("--api-key") { Description = "Licensee API key (Bearer); or --devices-file" };
var device = new Option<string>("--device") { Description = "Device id (psd_…); or --devices-file" };
var op = new Option<string>("--op") { Description = "print | reset | batch | mixed (mixed needs --devices-file)", Required = true };
op.AcceptOnlyFromAmong("print", "reset", "batch", "mixed");
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients (closed loop)", DefaultValueFactory = _ => 1 };
var rate = new Option<double>("--rate") { Description = "Open loop: start this many requests a second on a fixed schedule, latency counted from each one's due time; --concurrency then caps those in flight (needs --devices-file; 0: closed loop)", DefaultValueFactory = _ => 0 };
var seconds = new Option<double>("--seconds") { Description = "Measuring time limit", DefaultValueFactory = _ => 10 };
var maxRequests = new Option<int>("--max-requests") { Description = "Request limit", DefaultValueFactory = _ => 100_000 };
var batchSize = new Option<int>("--batch-size") { Description = "Pieces per batch request (--op batch)", DefaultValueFactory = _ => 100 };
var warmup = new Option<int>("--warmup") { Description = "Sequential requests sent before measuring, not counted (with --rate: at least --concurrency of them, that many at a time)", DefaultValueFactory = _ => 5 };
var rateCategory = new Option<string>("--rate-category") { Description = "letter | flat | postcard", DefaultValueFactory = _ => "letter" };
var postage = new Option<string>("--postage") { Description = "Postage per piece", DefaultValueFactory = _ => "0.740" };
var resetAmount = new Option<string>("--amount") { Description = "Reset amount per request (--op reset)", DefaultValueFactory = _ => "0.010" };
var prefund = new Option<string?>("--prefund") { Description = "Reset this amount once before warming up (not measured)" };
var topUp = new Option<string?>("--top-up") { Description = "While printing, reset this amount whenever DR falls below --top-up-below (one at a time; stops after the first refusal)" };
var topUpBelow = new Option<decimal>("--top-up-below") { Description = "DR threshold for --top-up, dollars", DefaultValueFactory = _ => 50m };
var label = new Option<string?>("--label") { Description = "Label written in the CSV row" };
var csv = new Option<string?>("--csv") { Description = "Append one CSV row with the result to this file (header when new); with --devices-file one row per operation" };
var devicesFile = new Option<string?>("--devices-file") { Description = "Devices made by `setup`: spread every request over them (each with its licensee's key)" };
var mix = new Option<string>("--mix") { Description = "--op mixed: operation weights", DefaultValueFactory = _ => MixNames.DefaultMix };
var classes = new Option<string>("--classes") { Description = "With --devices-file: piece shapes by weight (letter, flat, postcard, priority)", DefaultValueFactory = _ => MixNames.DefaultClasses };
var sampleSeconds = new Option<int>("--sample-seconds") { Description = "Soak: write a row of the interval's figures every this many seconds (0: none)", DefaultValueFactory = _ => 0 };
var sampleCsv = new Option<string?>("--sample-csv") { Description = "Soak: the interval rows' CSV file" };
var serverPid = new Option<int?>("--server-pid") { Description = "Soak: the server's process id, for its resident memory" };
var flatTolerance = new Option<double>("--flat-tolerance") { Description = "Soak verdict: relative growth of memory and p99 still called flat", DefaultValueFactory = _ => 0.25 };

var root = new RootCommand("Ibis.Load: closed-loop (or, with --rate, open-loop) HTTP load against one device, or many (--devices-file, from `setup`), of a running Ibis server on loopback")
{
    url, apiKey, device, op, concurrency, rate, seconds, maxRequests, batchSize, warmup, rateCategory, postage, resetAmount, prefund, topUp, topUpBelow, label, csv,
    devicesFile, mix, classes, sampleSeconds, sampleCsv, serverPid, flatTolerance,
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
        Rate = parse.GetValue(rate),
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
        DevicesFile = parse.GetValue(devicesFile),
        Mix = parse.GetValue(mix)!,
        Classes = parse.GetValue(classes)!,
        SampleSeconds = parse.GetValue(sampleSeconds),
        SampleCsv = parse.GetValue(sampleCsv),
        ServerPid = parse.GetValue(serverPid),
        FlatTolerance = parse.GetValue(flatTolerance),
    };
    var errors = options.Validate();
    if (errors.Count > 0)
    {
        foreach (var e in errors) Console.Error.WriteLine(e);
        return 2;
    }

    IReadOnlyList<LoadResult> results;
    long invalidVerdicts = 0;
    try
    {
        if (options.DevicesFile is { } file)
        {
            DeviceSet set;
            try
            {
                set = DeviceSet.Read(file);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"--devices-file: {e.Message}");
                return 2;
            }
            (results, invalidVerdicts) = await new MixedRunner(options, set, Console.Out).Run(ct);
        }
        else
            results = [await new LoadRunner(options, Console.Out).Run(ct)];
    }
    catch (LoadSetupException e)
    {
        Console.Error.WriteLine(e.Message);
        return 3;
    }
    foreach (var result in results) Console.Write(result.ToText());
    if (invalidVerdicts > 0) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verifications: {invalidVerdicts} pieces printed in this run did not verify as valid"));
    if (options.CsvPath is { } path)
    {
        var header = !File.Exists(path) || new FileInfo(path).Length == 0;
        await File.AppendAllTextAsync(path, (header ? LoadResult.CsvHeader + "\n" : "") + string.Concat(results.Select(r => r.ToCsv() + "\n")), ct);
    }
    // The last result covers the whole run (the single operation, or "mixed"); per-operation rows are parts of it.
    var whole = results[^1];
    if (whole.ServerErrors > 0 || whole.TransportErrors > 0 || invalidVerdicts > 0)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED: {whole.ServerErrors} server errors (5xx), {whole.TransportErrors} transport errors, {invalidVerdicts} invalid verdicts"));
        return 1;
    }
    if (whole.Succeeded == 0)
    {
        Console.Error.WriteLine("FAILED: no request succeeded");
        return 3;
    }
    return 0;
});
// `ceilings`: the machine's limits for the work of one piece, measured now (issue 17's targets are ratios to them).
var ceilingSeconds = new Option<double>("--seconds") { Description = "Measuring time per ceiling", DefaultValueFactory = _ => 3 };
var ceilingOut = new Option<string?>("--env") { Description = "Also write COMMITS=, SIGNS=, VERIFIES= (and PG_COMMITS=, PG_COMMIT_CLIENTS=, PG_COMMIT_DURABLE=, PG_COMMIT_SETTINGS=) to this file" };
var ceilingPostgres = new Option<string?>("--postgres") { Description = "Also measure PostgreSQL's commit ceiling in this database (Npgsql connection string; its tables are dropped after)" };
var ceilingPgClients = new Option<string>("--postgres-clients") { Description = "Client counts to try for --postgres (the best is the ceiling), each for --seconds", DefaultValueFactory = _ => string.Join(',', PostgresCommitCeiling.DefaultClients) };
var ceilings = new Command("ceilings", "Measures the durable-commit, 2-thread ECDSA sign and 1-thread verify ceilings of this machine, and PostgreSQL's commit ceiling with --postgres")
{
    ceilingSeconds, ceilingOut, ceilingPostgres, ceilingPgClients,
};
ceilings.SetAction(async (parse, ct) =>
{
    var each = parse.GetValue(ceilingSeconds);
    if (each is <= 0 or > 600)
    {
        Console.Error.WriteLine("--seconds must be in (0, 600]");
        return 2;
    }
    (string, IReadOnlyList<int>)? postgres = null;
    if (parse.GetValue(ceilingPostgres) is { } connectionString)
    {
        if (PostgresCommitCeiling.ParseClients(parse.GetValue(ceilingPgClients)!, out var clientsError) is not { } clients)
        {
            Console.Error.WriteLine(clientsError);
            return 2;
        }
        postgres = (connectionString, clients);
    }
    Ceilings measured;
    try
    {
        measured = await Ceilings.Measure(TimeSpan.FromSeconds(each), postgres, ct);
    }
    catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException)
    {
        Console.Error.WriteLine($"--postgres: {e.Message}");
        return 3;
    }
    Console.Write(measured.ToText());
    if (parse.GetValue(ceilingOut) is { } env) await File.WriteAllTextAsync(env, measured.ToEnv(), ct);
    return 0;
});
root.Subcommands.Add(ceilings);

// `setup`: N commissioned, funded live devices made through the API only (README "Run Ibis for real").
var setupUrl = new Option<string>("--url") { Description = "Server base address (loopback only)", DefaultValueFactory = _ => "http://127.0.0.1:5099" };
var adminCode = new Option<string>("--admin-code") { Description = "The administrator's one-time code printed by `admin init` (ibis_inv_…)", Required = true };
var setupDevices = new Option<int>("--devices") { Description = "Devices to commission", DefaultValueFactory = _ => 100 };
var perLicensee = new Option<int>("--devices-per-licensee") { Description = "Devices per licensee (one licensee holds at most $500 across its devices, P050 3.6)", DefaultValueFactory = _ => 1 };
var rateTable = new Option<string>("--rate-table") { Description = "The price list to load (ibis-rate-table/1, not a sample)", Required = true };
var deposit = new Option<string>("--deposit") { Description = "Deposit per account, confirmed by the provider", DefaultValueFactory = _ => "20000.000" };
var initialReset = new Option<string>("--initial-reset") { Description = "First reset per licensee, split over its devices (0: none)", DefaultValueFactory = _ => "400.000" };
var parallel = new Option<int>("--parallel") { Description = "Licensees set up at once", DefaultValueFactory = _ => 4 };
var setupOut = new Option<string>("--out") { Description = "Devices file to write (mode 0600; it holds API keys)", Required = true };
var setup = new Command("setup", "Makes commissioned, funded live devices through the API (after `admin init`) and writes a devices file for --devices-file")
{
    setupUrl, adminCode, setupDevices, perLicensee, rateTable, deposit, initialReset, parallel, setupOut,
};
setup.SetAction(async (parse, ct) =>
{
    if (!Uri.TryCreate(parse.GetValue(setupUrl), UriKind.Absolute, out var baseUrl))
    {
        Console.Error.WriteLine("--url must be an absolute address such as http://127.0.0.1:5099");
        return 2;
    }
    var options = new SetupOptions
    {
        Url = baseUrl,
        AdminCode = parse.GetValue(adminCode) ?? "",
        Devices = parse.GetValue(setupDevices),
        DevicesPerLicensee = parse.GetValue(perLicensee),
        RateTablePath = parse.GetValue(rateTable)!,
        Deposit = parse.GetValue(deposit)!,
        InitialReset = parse.GetValue(initialReset)!,
        Parallel = parse.GetValue(parallel),
        OutPath = parse.GetValue(setupOut)!,
    };
    var errors = options.Validate();
    if (errors.Count > 0)
    {
        foreach (var e in errors) Console.Error.WriteLine(e);
        return 2;
    }
    try
    {
        await new Setup(options, Console.Out).Run(ct);
        return 0;
    }
    catch (LoadSetupException e)
    {
        Console.Error.WriteLine("setup failed: " + e.Message);
        return 3;
    }
});
root.Subcommands.Add(setup);
return await root.Parse(args).InvokeAsync();
