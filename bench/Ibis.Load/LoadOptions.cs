namespace Ibis.Load;

public enum LoadOperation
{
    Print,
    Reset,
    Batch,
    /// <summary>Prints, batches, resets and verifications drawn by weight (<see cref="LoadOptions.Mix"/>) over the devices of a devices file.</summary>
    Mixed,
}

/// <summary>
/// One load run: what to send, to which device (or, with <see cref="DevicesFile"/>, spread over many), how hard
/// and for how long.
/// </summary>
public sealed record LoadOptions
{
    public const int MaxConcurrency = 256;
    /// <summary>Four hours: a soak runs 30 minutes by default.</summary>
    public const int MaxSeconds = 4 * 3600;
    public const int MaxBatchSize = 1000;

    public required Uri Url { get; init; }
    public required string ApiKey { get; init; }
    public required string DeviceId { get; init; }
    public required LoadOperation Operation { get; init; }
    public int Concurrency { get; init; } = 1;
    /// <summary>Open loop: requests started a second on a fixed schedule, latency from each one's due time (0: closed loop).</summary>
    public double Rate { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxRequests { get; init; } = 100_000;
    public int BatchSize { get; init; } = 100;
    public int Warmup { get; init; } = 5;
    public string RateCategory { get; init; } = "letter";
    public string Postage { get; init; } = "0.740";
    public decimal WeightOz { get; init; } = 1;
    public string ResetAmount { get; init; } = "0.010";
    public string? Prefund { get; init; }
    public string? TopUp { get; init; }
    public decimal TopUpBelow { get; init; } = 50m;
    public string? Label { get; init; }
    public string? CsvPath { get; init; }

    /// <summary>The devices made by <c>setup</c>: every operation spreads over them, each with its licensee's key.</summary>
    public string? DevicesFile { get; init; }
    /// <summary>--op mixed: operation weights, e.g. print=80,batch=10,reset=5,verify=5.</summary>
    public string Mix { get; init; } = MixNames.DefaultMix;
    /// <summary>With a devices file: the piece shapes of prints and batch pieces, by weight.</summary>
    public string Classes { get; init; } = MixNames.DefaultClasses;
    /// <summary>Soak sampling: every this many seconds a row of the interval's figures (0: none).</summary>
    public int SampleSeconds { get; init; }
    public string? SampleCsv { get; init; }
    /// <summary>The server's process id, for its resident memory (/proc/PID/status) in the samples.</summary>
    public int? ServerPid { get; init; }
    /// <summary>Soak verdict: last third against first third, relative tolerance of memory and p99.</summary>
    public double FlatTolerance { get; init; } = 0.25;

    /// <summary>Refuses anything but a bounded run against a loopback address.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url.Scheme is not ("http" or "https")) errors.Add("--url must be http:// or https://");
        if (!Url.IsLoopback) errors.Add($"--url must point at a loopback address (127.0.0.1, ::1, localhost), not '{Url.Host}'");
        if (DevicesFile is null)
        {
            if (ApiKey.Length == 0) errors.Add("--api-key is required (or --devices-file)");
            if (DeviceId.Length == 0 || DeviceId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-')))
                errors.Add("--device must be a device id such as psd_… (or --devices-file)");
            if (Operation == LoadOperation.Mixed) errors.Add("--op mixed needs --devices-file (made by `setup`)");
        }
        else
        {
            if (!File.Exists(DevicesFile)) errors.Add($"--devices-file: no file '{DevicesFile}'");
            if (ApiKey.Length > 0 || DeviceId.Length > 0) errors.Add("--devices-file takes the place of --device and --api-key: give one or the other");
        }
        WeightedChoice.Parse(Mix, MixNames.Operations, "--mix", out var mixError);
        if (mixError is not null) errors.Add(mixError);
        WeightedChoice.Parse(Classes, PieceShape.Names, "--classes", out var classError);
        if (classError is not null) errors.Add(classError);
        if (SampleSeconds < 0 || SampleSeconds > MaxSeconds) errors.Add($"--sample-seconds must be 0..{MaxSeconds}");
        if (SampleSeconds > 0 && SampleCsv is null) errors.Add("--sample-seconds needs --sample-csv");
        if (SampleCsv is not null && DevicesFile is null) errors.Add("--sample-csv needs --devices-file");
        if (ServerPid is <= 0) errors.Add("--server-pid must be a process id");
        if (FlatTolerance is <= 0 or > 10) errors.Add("--flat-tolerance must be in (0, 10]");
        if (Rate is < 0 or > 100_000 || double.IsNaN(Rate)) errors.Add("--rate must be 0..100000 requests a second (0: closed loop)");
        if (Rate > 0 && DevicesFile is null) errors.Add("--rate needs --devices-file (made by `setup`)");
        if (Concurrency is < 1 or > MaxConcurrency) errors.Add($"--concurrency must be 1..{MaxConcurrency}");
        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromSeconds(MaxSeconds)) errors.Add($"--seconds must be in (0, {MaxSeconds}]");
        if (MaxRequests < 1) errors.Add("--max-requests must be at least 1");
        if (BatchSize is < 1 or > MaxBatchSize) errors.Add($"--batch-size must be 1..{MaxBatchSize}");
        if (Warmup is < 0 or > 1000) errors.Add("--warmup must be 0..1000");
        return errors;
    }
}
