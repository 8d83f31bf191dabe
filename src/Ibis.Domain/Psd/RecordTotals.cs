using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

/// <summary>
/// The provider's records of one device kept as running totals (§502.23, §502.25(a)): the resets it
/// accepted, the postage of the indicia it issued and how many there are. Each total moves in the
/// same transaction that inserts the reset or indicium record, and the register seal covers them, so
/// the audit before every reset compares the device's report with three numbers instead of summing
/// the device's whole history. The provider's periodic audit still reconciles them with the records
/// themselves (<see cref="DriftFrom"/>).
/// </summary>
public readonly record struct RecordTotals(Mills Resets, Mills Postage, long Pieces)
{
    public static RecordTotals Empty => new(Mills.Zero, Mills.Zero, 0);

    /// <summary>One more indicium on record.</summary>
    public RecordTotals WithIndicium(Mills postage) => this with { Postage = Postage + postage, Pieces = checked(Pieces + 1) };

    /// <summary>A batch of indicia on record: their postage together and how many (the totals move once for the batch).</summary>
    public RecordTotals WithIndicia(Mills postage, int pieces) =>
        pieces < 0 ? throw new ArgumentOutOfRangeException(nameof(pieces)) : this with { Postage = Postage + postage, Pieces = checked(Pieces + pieces) };

    /// <summary>One more accepted reset on record.</summary>
    public RecordTotals WithReset(Mills amount) => this with { Resets = Resets + amount };

    /// <summary>
    /// §502.23: where the device's signed report disagrees with these records (control total = the
    /// resets, AR = the postage printed, piece count = the indicia) or breaks the register invariants.
    /// An empty list is a passed audit.
    /// </summary>
    public IReadOnlyList<string> Disagreements(AuditMessage m, Mills cap)
    {
        var reasons = new List<string>();
        if (m.ControlTotal != Resets) reasons.Add($"control total {m.ControlTotal} differs from the sum of resets {Resets}");
        if (m.Ascending != Postage) reasons.Add($"ascending register {m.Ascending} differs from the postage printed {Postage}");
        if (m.PieceCount != Pieces) reasons.Add($"piece count {m.PieceCount} differs from the {Pieces} indicia on record");
        if (m.Ascending + m.Descending != m.ControlTotal) reasons.Add("AR + DR differs from the control total");
        if (m.Descending.IsNegative || m.Descending > cap) reasons.Add("DR is outside 0..cap");
        return reasons;
    }

    /// <summary>Where these running totals differ from totals recomputed from every record (none: they agree).</summary>
    public IReadOnlyList<string> DriftFrom(RecordTotals recomputed)
    {
        var reasons = new List<string>();
        if (Resets != recomputed.Resets) reasons.Add($"the running total of resets {Resets} differs from the reset records {recomputed.Resets}");
        if (Postage != recomputed.Postage) reasons.Add($"the running total of postage {Postage} differs from the indicia on record {recomputed.Postage}");
        if (Pieces != recomputed.Pieces) reasons.Add($"the running count of indicia {Pieces} differs from the {recomputed.Pieces} indicia on record");
        return reasons;
    }
}
