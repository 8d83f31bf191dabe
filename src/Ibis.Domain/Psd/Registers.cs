using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

/// <summary>
/// The accounting registers of a postal security device. The control total is the sum of all
/// accepted resets; AR + DR = control total always holds (P050 3.6, §502.23). Instances are
/// immutable: every operation returns the next state, so a failed operation cannot leave a
/// half-changed register behind.
/// </summary>
public sealed record Registers
{
    /// <summary>Default descending-register cap: $500.000 (P050 3.6).</summary>
    public static readonly Mills DefaultCap = Mills.FromMills(500_000);

    public Registers(Mills ascending, Mills descending, long pieceCount)
    {
        if (ascending.IsNegative) throw new ArgumentOutOfRangeException(nameof(ascending), "AR is never negative");
        if (descending.IsNegative) throw new ArgumentOutOfRangeException(nameof(descending), "DR is never negative");
        ArgumentOutOfRangeException.ThrowIfNegative(pieceCount);
        if (long.MaxValue - ascending.Value < descending.Value) throw new ArgumentOutOfRangeException(nameof(descending), "AR + DR overflows");
        Ascending = ascending;
        Descending = descending;
        PieceCount = pieceCount;
    }

    public static Registers Empty { get; } = new(Mills.Zero, Mills.Zero, 0);

    /// <summary>AR: all postage ever printed; never decreases.</summary>
    public Mills Ascending { get; }

    /// <summary>DR: postage still available to print; 0 ≤ DR ≤ cap.</summary>
    public Mills Descending { get; }

    /// <summary>Indicia printed; never decreases.</summary>
    public long PieceCount { get; }

    /// <summary>AR + DR: the sum of all resets ever accepted.</summary>
    public Mills ControlTotal => Ascending + Descending;

    /// <summary>Debits one piece of postage: AR += postage, DR −= postage, piece count + 1.</summary>
    public Registers Print(Mills postage)
    {
        Rules.Check(new PostageMustBePositiveRule(postage));
        Rules.Check(new DescendingRegisterMustCoverPostageRule(Descending, postage));
        return new Registers(Ascending + postage, Descending - postage, checked(PieceCount + 1));
    }

    /// <summary>Credits a reset (postage value download) to DR, within the cap (P050 3.5, 3.6).</summary>
    public Registers Reset(Mills increment, Mills cap)
    {
        Rules.Check(new ResetIncrementMustBePositiveRule(increment));
        Rules.Check(new DescendingRegisterCapRule(Descending, increment, cap));
        return new Registers(Ascending, Descending + increment, PieceCount);
    }
}

public sealed record PostageMustBePositiveRule(Mills Postage) : IBusinessRule
{
    public string Code => "postage_invalid";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => $"postage must be more than $0.000 (got {Postage})";

    public string? Field => "postage";

    public bool IsBroken() => !Postage.IsPositive;
}

public sealed record DescendingRegisterMustCoverPostageRule(Mills Descending, Mills Postage) : IBusinessRule
{
    public string Code => "insufficient_postage";

    public RuleKind Kind => RuleKind.PaymentRequired;

    public string Message => $"the descending register holds {Descending.ToDollarString()}, less than the {Postage.ToDollarString()} asked for; reset the device first";

    public string? Field => "postage";

    public bool IsBroken() => Descending < Postage;
}

public sealed record ResetIncrementMustBePositiveRule(Mills Increment) : IBusinessRule
{
    public string Code => "reset_amount_invalid";

    public string Message => $"a reset must add more than $0.000 (got {Increment})";

    public string? Field => "amount";

    public bool IsBroken() => !Increment.IsPositive;
}

/// <summary>P050 3.6: the descending register never exceeds the licensee's cap (default $500).</summary>
public sealed record DescendingRegisterCapRule(Mills Descending, Mills Increment, Mills Cap) : IBusinessRule
{
    public string Code => "reset_exceeds_cap";

    public string Message => $"DR {Descending.ToDollarString()} + {Increment.ToDollarString()} would exceed the cap of {Cap.ToDollarString()} (P050 3.6)";

    public string? Field => "amount";

    // Written as a subtraction so a huge increment is refused by the rule, not by an overflow.
    public bool IsBroken() => Increment > Cap - Descending;
}
