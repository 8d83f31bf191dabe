namespace Ibis.Load;

public enum LoadOperation
{
    Print,
    Reset,
    Batch,
}

/// <summary>One load run: what to send, to which device, how hard and for how long.</summary>
public sealed record LoadOptions
{
    public const int MaxConcurrency = 256;
    public const int MaxSeconds = 600;
    public const int MaxBatchSize = 1000;

    public required Uri Url { get; init; }
    public required string ApiKey { get; init; }
    public required string DeviceId { get; init; }
    public required LoadOperation Operation { get; init; }
    public int Concurrency { get; init; } = 1;
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

    /// <summary>Refuses anything but a bounded run against a loopback address.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url.Scheme is not ("http" or "https")) errors.Add("--url must be http:// or https://");
        if (!Url.IsLoopback) errors.Add($"--url must point at a loopback address (127.0.0.1, ::1, localhost), not '{Url.Host}'");
        if (ApiKey.Length == 0) errors.Add("--api-key is required");
        if (DeviceId.Length == 0 || DeviceId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-')))
            errors.Add("--device must be a device id such as psd_…");
        if (Concurrency is < 1 or > MaxConcurrency) errors.Add($"--concurrency must be 1..{MaxConcurrency}");
        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromSeconds(MaxSeconds)) errors.Add($"--seconds must be in (0, {MaxSeconds}]");
        if (MaxRequests < 1) errors.Add("--max-requests must be at least 1");
        if (BatchSize is < 1 or > MaxBatchSize) errors.Add($"--batch-size must be 1..{MaxBatchSize}");
        if (Warmup is < 0 or > 1000) errors.Add("--warmup must be 0..1000");
        return errors;
    }
}
