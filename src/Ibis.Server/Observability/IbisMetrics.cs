using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ibis.Server.Observability;

/// <summary>
/// The business metrics of Ibis, in one <see cref="Meter"/> named "Ibis" (exported at /metrics).
/// A static meter keeps every call site a single line in the use cases; the SDK listens to it by
/// name. Tags are bounded sets (mode, kind, outcome, reason code), never ids, names or addresses:
/// /metrics must not carry personal data (docs/security.md "Metrics and logs").
/// </summary>
public static class IbisMetrics
{
    public const string MeterName = "Ibis";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> Prints = Meter.CreateCounter<long>("ibis.indicia.prints", description: "Print requests that issued indicia (a batch counts once).");
    private static readonly Counter<long> Pieces = Meter.CreateCounter<long>("ibis.indicia.pieces", description: "Indicia issued (P050 4.0), one per mailpiece.");
    private static readonly Counter<long> Resets = Meter.CreateCounter<long>("ibis.psd.resets", description: "Accepted resets (postage value downloads, P050 3.5).");
    private static readonly Counter<long> Verdicts = Meter.CreateCounter<long>("ibis.verification.verdicts", description: "Indicia verified (§502.8), by outcome and first reason.");
    private static readonly Counter<long> Deposits = Meter.CreateCounter<long>("ibis.funds.deposits", description: "Deposits to deposit accounts, by what happened to them (P050 3.2).");
    private static readonly Histogram<double> LockWaits = Meter.CreateHistogram<double>("ibis.psd.register_lock.wait", unit: "s",
        description: "Time spent waiting for a device's register lock (PostgreSQL row lock; SQLite write gate).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Histogram<int> CommitGroups = Meter.CreateHistogram<int>("ibis.sqlite.commit_group.size", unit: "{transaction}",
        description: "Transactions that shared one durable SQLite commit (group commit at the write gate; 1: committed alone).",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32] });

    private static readonly Histogram<double> GateWaits = Meter.CreateHistogram<double>("ibis.sqlite.write_gate.wait", unit: "s",
        description: "Time a writer waited for its turn at SQLite's write gate (the one writer of the database).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Histogram<double> GateHolds = Meter.CreateHistogram<double>("ibis.sqlite.write_gate.held", unit: "s",
        description: "Time a writer held SQLite's write gate, its turn: its writes, and the group's commit when it committed one. The sum over an interval, divided by the interval, is how busy the one writer was.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Histogram<double> GroupCommits = Meter.CreateHistogram<double>("ibis.sqlite.commit_group.commit", unit: "s",
        description: "Time SQLite took to commit one group durably (the write-ahead log written and synced), in the committing writer's turn.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Counter<long> Prepared = Meter.CreateCounter<long>("ibis.psd.prepared_before_turn",
        description: "SQLite device operations prepared before their turn at the write gate, by outcome: written; replayed (an answer kept before); moved (a row it writes, or what a rule rechecked rests on, changed before the turn) or saves (the operation saves on its own), both run again inside their transaction.");

    /// <summary>A device operation prepared before its turn at SQLite's write gate ended as <paramref name="outcome"/>.</summary>
    public static void PreparedBeforeTurn(string outcome) => Prepared.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A writer asked for its turn at SQLite's write gate at <paramref name="asked"/> and took it at <paramref name="acquired"/> (<see cref="Stopwatch"/> timestamps).</summary>
    public static void WriteGateWait(long asked, long acquired) => GateWaits.Record(Stopwatch.GetElapsedTime(asked, acquired).TotalSeconds);

    /// <summary>A writer held SQLite's write gate from <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp) until now.</summary>
    public static void WriteGateHeld(long since) => GateHolds.Record(Stopwatch.GetElapsedTime(since).TotalSeconds);

    /// <summary>A SQLite commit group's COMMIT took <paramref name="took"/>.</summary>
    public static void GroupCommitted(TimeSpan took) => GroupCommits.Record(took.TotalSeconds);

    /// <summary>A SQLite commit group committed with <paramref name="members"/> transactions.</summary>
    public static void CommitGroup(int members) => CommitGroups.Record(members);

    /// <summary>A print request committed <paramref name="pieces"/> indicia.</summary>
    public static void Printed(int pieces, bool sandbox, bool batch)
    {
        var mode = Mode(sandbox);
        Prints.Add(1, new KeyValuePair<string, object?>("mode", mode), new KeyValuePair<string, object?>("kind", batch ? "batch" : "single"));
        Pieces.Add(pieces, new KeyValuePair<string, object?>("mode", mode));
    }

    public static void Reset(bool sandbox) => Resets.Add(1, new KeyValuePair<string, object?>("mode", Mode(sandbox)));

    /// <summary>One verified piece: <c>valid</c>, or <c>invalid</c> with the first reason's stable code.</summary>
    public static void Verdict(bool valid, string? firstReason, long count = 1) =>
        Verdicts.Add(count, new KeyValuePair<string, object?>("outcome", valid ? "valid" : "invalid"), new KeyValuePair<string, object?>("reason", valid ? "none" : firstReason ?? "unknown"));

    /// <summary>A deposit moved: <paramref name="outcome"/> is one of recorded, cleared, returned.</summary>
    public static void Deposit(string outcome) => Deposits.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Starts timing a register-lock wait; disposing records it. <c>using var _ = IbisMetrics.LockWait("postgres");</c></summary>
    public static LockWaitTimer LockWait(string database) => new(database, Stopwatch.GetTimestamp());

    public readonly struct LockWaitTimer(string database, long started) : IDisposable
    {
        public void Dispose() => LockWaits.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("database", database));
    }

    private static string Mode(bool sandbox) => sandbox ? "test" : "live";
}
