using CsCheck;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Psd;

/// <summary>
/// The PSD registers (P050 3.5, 3.6, §502.23): AR + DR is the sum of accepted resets, DR stays
/// within 0 and the cap, AR and the piece count never decrease, and a refused operation changes
/// nothing.
/// </summary>
public sealed class RegistersTests
{
    private static Mills M(long mills) => Mills.FromMills(mills);

    private static BusinessRuleViolationException Refused(Func<Registers> operation) =>
        Assert.Throws<BusinessRuleViolationException>(() => operation());

    [Fact]
    public void DefaultCap_IsFiveHundredDollars()
    {
        // P050 3.6: the descending register is programmed not to exceed $500.
        Assert.Equal(500_000, Registers.DefaultCap.Value);
    }

    [Fact]
    public void Empty_HasNothingPrintedAndNothingAvailable()
    {
        Assert.Equal(Mills.Zero, Registers.Empty.Ascending);
        Assert.Equal(Mills.Zero, Registers.Empty.Descending);
        Assert.Equal(0, Registers.Empty.PieceCount);
        Assert.Equal(Mills.Zero, Registers.Empty.ControlTotal);
    }

    [Fact]
    public void Constructor_RefusesNegativeRegistersAndCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Registers(M(-1), Mills.Zero, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Registers(Mills.Zero, M(-1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Registers(Mills.Zero, Mills.Zero, -1));
    }

    [Fact]
    public void Print_MovesPostageFromDescendingToAscendingAndCountsThePiece()
    {
        var after = new Registers(M(1_000), M(9_000), 4).Print(M(740));
        Assert.Equal(M(1_740), after.Ascending);
        Assert.Equal(M(8_260), after.Descending);
        Assert.Equal(5, after.PieceCount);
        Assert.Equal(M(10_000), after.ControlTotal);
    }

    [Fact]
    public void Print_OfExactlyTheDescendingRegister_LeavesItAtZero()
    {
        var after = new Registers(Mills.Zero, M(740), 0).Print(M(740));
        Assert.Equal(Mills.Zero, after.Descending);
        Assert.Equal(M(740), after.Ascending);
    }

    [Fact]
    public void Print_WhenDescendingRegisterIsShort_IsRefusedWithInsufficientPostage()
    {
        var before = new Registers(Mills.Zero, M(739), 0);
        var e = Refused(() => before.Print(M(740)));
        Assert.Equal("insufficient_postage", e.Code);
        Assert.IsType<DescendingRegisterMustCoverPostageRule>(e.Rule);
        Assert.Equal("postage", e.Rule.Field);
        Assert.Equal(new Registers(Mills.Zero, M(739), 0), before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void Print_OfZeroOrNegativePostage_IsRefusedWithPostageInvalid(long postage)
    {
        var e = Refused(() => new Registers(Mills.Zero, M(500_000), 0).Print(M(postage)));
        Assert.Equal("postage_invalid", e.Code);
        Assert.IsType<PostageMustBePositiveRule>(e.Rule);
    }

    [Fact]
    public void Print_OfNegativePostageOnAnEmptyDevice_NamesThePostageRuleFirst()
    {
        Assert.Equal("postage_invalid", Refused(() => Registers.Empty.Print(M(-5))).Code);
    }

    [Fact]
    public void Reset_AddsToDescendingRegisterOnly()
    {
        var after = new Registers(M(1_000), M(9_000), 4).Reset(M(100_000), Registers.DefaultCap);
        Assert.Equal(M(1_000), after.Ascending);
        Assert.Equal(M(109_000), after.Descending);
        Assert.Equal(4, after.PieceCount);
    }

    [Fact]
    public void Reset_UpToExactlyTheCap_IsAccepted()
    {
        // P050 3.6: DR may reach the cap, never exceed it.
        var after = new Registers(M(7), M(400_000), 1).Reset(M(100_000), Registers.DefaultCap);
        Assert.Equal(Registers.DefaultCap, after.Descending);
    }

    [Fact]
    public void Reset_BeyondTheCap_IsRefusedWithResetExceedsCap()
    {
        // P050 3.6.
        var before = new Registers(M(7), M(400_000), 1);
        var e = Refused(() => before.Reset(M(100_001), Registers.DefaultCap));
        Assert.Equal("reset_exceeds_cap", e.Code);
        Assert.IsType<DescendingRegisterCapRule>(e.Rule);
        Assert.Equal("amount", e.Rule.Field);
        Assert.Contains("P050 3.6", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Reset_OfZeroOrNegativeAmount_IsRefusedWithResetAmountInvalid(long increment)
    {
        var e = Refused(() => Registers.Empty.Reset(M(increment), Registers.DefaultCap));
        Assert.Equal("reset_amount_invalid", e.Code);
        Assert.IsType<ResetIncrementMustBePositiveRule>(e.Rule);
    }

    [Fact]
    public void ControlTotal_IsAscendingPlusDescending()
    {
        Assert.Equal(M(12_345), new Registers(M(12_000), M(345), 9).ControlTotal);
    }

    private abstract record Op;

    private sealed record PrintOp(long Postage) : Op;

    private sealed record ResetOp(long Increment) : Op;

    /// <summary>The reference model: two longs and a count, with the rules written out plainly.</summary>
    private sealed record Model(long Ar, long Dr, long Pieces, long ResetsAccepted)
    {
        public (Model Next, string? Refusal) Apply(Op op, long cap) => op switch
        {
            PrintOp { Postage: <= 0 } => (this, "postage_invalid"),
            PrintOp p when Dr < p.Postage => (this, "insufficient_postage"),
            PrintOp p => (this with { Ar = Ar + p.Postage, Dr = Dr - p.Postage, Pieces = Pieces + 1 }, null),
            ResetOp { Increment: <= 0 } => (this, "reset_amount_invalid"),
            ResetOp r when Dr + r.Increment > cap => (this, "reset_exceeds_cap"),
            ResetOp r => (this with { Dr = Dr + r.Increment, ResetsAccepted = ResetsAccepted + r.Increment }, null),
            _ => throw new InvalidOperationException(op.ToString()),
        };
    }

    private static readonly Gen<long> Amount = Gen.Frequency(
        (6, Gen.Long[1, 5_000]),
        (3, Gen.Long[1, 600_000]),
        (1, Gen.Long[-1_000, 0]),
        (1, Gen.OneOfConst(0L, 1L, 500_000L, 500_001L, -1L)));

    private static readonly Gen<Op> Operation = Gen.Frequency(
        (3, Amount.Select(a => (Op)new PrintOp(a))),
        (2, Amount.Select(a => (Op)new ResetOp(a))));

    private static readonly Gen<long> Cap = Gen.Frequency(
        (4, Gen.Const(Registers.DefaultCap.Value)),
        (1, Gen.Long[0, 1_000_000]));

    [Fact]
    public void RandomPrintAndResetSequences_KeepEveryRegisterInvariant()
    {
        Gen.Select(Cap, Operation.Array[0, 80]).Sample((cap, ops) =>
        {
            var registers = Registers.Empty;
            var model = new Model(0, 0, 0, 0);
            foreach (var op in ops)
            {
                var before = registers;
                var (next, refusal) = model.Apply(op, cap);
                try
                {
                    registers = op switch
                    {
                        PrintOp p => registers.Print(M(p.Postage)),
                        ResetOp r => registers.Reset(M(r.Increment), M(cap)),
                        _ => throw new InvalidOperationException(),
                    };
                    Assert.True(refusal is null, $"{op} was accepted but the model refuses it with {refusal}");
                }
                catch (BusinessRuleViolationException e)
                {
                    Assert.Equal(refusal, e.Code);
                    Assert.True(e.Rule.IsBroken());
                    Assert.Same(before, registers);
                    Assert.Equal(new Registers(M(model.Ar), M(model.Dr), model.Pieces), before);
                }
                model = next;

                Assert.Equal(model.Ar, registers.Ascending.Value);
                Assert.Equal(model.Dr, registers.Descending.Value);
                Assert.Equal(model.Pieces, registers.PieceCount);
                // Control total: AR + DR is the sum of all accepted resets.
                Assert.Equal(model.ResetsAccepted, registers.ControlTotal.Value);
                // P050 3.6: 0 <= DR <= cap.
                Assert.InRange(registers.Descending.Value, 0, cap);
                // AR and the piece count never decrease.
                Assert.True(registers.Ascending >= before.Ascending);
                Assert.True(registers.PieceCount >= before.PieceCount);
            }
        }, iter: 3_000);
    }
}
