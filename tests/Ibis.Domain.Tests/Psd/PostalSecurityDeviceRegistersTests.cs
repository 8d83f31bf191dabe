using System.Security.Cryptography;
using CsCheck;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Psd;

/// <summary>
/// The PSD aggregate's registers (P050 3.4–3.6, §502.23, §502.25; issue 18): print, batch, reset, cap change,
/// audit and commissioning move them through the aggregate only, a refusal changes nothing, the provider's
/// running record totals move with every register, and the seal chains each state to the one before.
/// </summary>
public sealed class PostalSecurityDeviceRegistersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static Mills M(long mills) => Mills.FromMills(mills);

    private static byte[] Mac(byte[] bytes) => HMACSHA256.HashData(Key, bytes);

    /// <summary>A device commissioned at <see cref="T0"/> with a $500 cap and sealed, as CommissionDevice leaves it.</summary>
    private static PostalSecurityDevice Commissioned(long capMills = 500_000)
    {
        var psd = PostalSecurityDevice.Load("psd_1", DeviceStatus.Inventory, null, SealedRegisters.Blank("psd_1", T0));
        psd.Commission("lic_1", "lse_1", M(capMills), "prv_1", T0, Watchdog.DefaultPeriodMonths);
        psd.Seal(Mac, T0);
        return psd;
    }

    [Fact]
    public void Commissioning_LeavesEmptyRegistersUnderTheCap_AndStartsTheWatchdog()
    {
        var psd = Commissioned(300_000);
        var s = psd.RegisterState;
        Assert.Equal((0L, 0L, 0L, 0L, 0L), (s.Ascending.Value, s.Descending.Value, s.ControlTotal.Value, s.PieceCount, s.ResetCount));
        Assert.Equal(300_000, s.Cap.Value);
        Assert.Equal(T0.AddMonths(3), s.WatchdogDeadline); // P050 3.4: three months by default
        Assert.Equal(RecordTotals.Empty, psd.Records);
        Assert.Equal(1, s.Version);
        Assert.False(psd.RegistersChanged);
        Assert.Equal(DeviceStatus.InService, psd.Status);
        Assert.Equal(("commissioned", DeviceStatus.Inventory, DeviceStatus.InService), (psd.Changes[0].Kind, psd.Changes[0].From, psd.Changes[0].To));
    }

    [Fact]
    public void OnlyADeviceInInventory_IsCommissioned()
    {
        // §502.19: a device in service is never commissioned again (its registers would start from zero).
        var psd = Commissioned();
        psd.Reset(M(1_000), T0, 3);
        var e = Assert.Throws<BusinessRuleViolationException>(() => psd.Commission("lic_2", "lse_2", M(500_000), "prv_1", T0, 3));
        Assert.Equal("device_not_in_inventory", e.Code);
        Assert.Equal(M(1_000), psd.RegisterState.Descending);
    }

    [Fact]
    public void Lock_StopsADeviceInService_ButACheckedOutDeviceStaysCheckedOut()
    {
        var psd = Commissioned();
        Assert.True(psd.Lock("audit_failed", "control total differs", T0));
        Assert.Equal(DeviceStatus.Locked, psd.Status);
        Assert.Equal(("locked", "ibis", "audit_failed: control total differs"), (psd.Changes[^1].Kind, psd.Changes[^1].Actor, psd.Changes[^1].Reason));

        var withdrawn = PostalSecurityDevice.Load("psd_2", DeviceStatus.Withdrawn, null);
        Assert.False(withdrawn.Lock("register_integrity_failure", "MAC differs", T0));
        Assert.Equal(DeviceStatus.Withdrawn, withdrawn.Status);
        Assert.Empty(withdrawn.Changes);
    }

    [Fact]
    public void Print_DebitsEachPiece_AndPutsItOnTheRecords()
    {
        var psd = Commissioned();
        psd.Reset(M(10_000), T0, 3);
        var after = psd.Print([M(730), M(1_200)], batch: true);
        Assert.Equal([new Registers(M(730), M(9_270), 1), new Registers(M(1_930), M(8_070), 2)], after);
        Assert.Equal(after[1], psd.Registers);
        Assert.Equal(new RecordTotals(M(10_000), M(1_930), 2), psd.Records);
        Assert.True(psd.RegistersChanged);
    }

    [Fact]
    public void ABatchThatDoesNotFit_IsRefusedWhole_AndNothingMoves()
    {
        // P050 3.6 with the batch: all or nothing; the refusal names the first piece that does not fit.
        var psd = Commissioned();
        psd.Reset(M(1_000), T0, 3);
        psd.Seal(Mac, T0);
        var before = psd.RegisterState;
        var e = Assert.Throws<BusinessRuleViolationException>(() => psd.Print([M(600), M(600)], batch: true));
        Assert.Equal("insufficient_postage", e.Code);
        Assert.Equal(1, ((BatchMustFitDescendingRegisterRule)e.Rule).FirstThatDoesNotFit);
        Assert.Equal(before, psd.RegisterState);
        Assert.False(psd.RegistersChanged);
    }

    [Fact]
    public void Reset_CreditsWithinTheCap_CountsIt_AndRestartsTheWatchdog()
    {
        var psd = Commissioned();
        var later = T0.AddDays(40);
        var next = psd.Reset(M(200_000), later, 3);
        Assert.Equal(new Registers(Mills.Zero, M(200_000), 0), next);
        Assert.Equal(1, psd.RegisterState.ResetCount);
        Assert.Equal(M(200_000), psd.RegisterState.ControlTotal);
        Assert.Equal(later.AddMonths(3), psd.RegisterState.WatchdogDeadline);
        Assert.Equal(M(200_000), psd.Records.Resets);

        // P050 3.6: DR + the increment may not exceed the cap; refused, nothing moves.
        var before = psd.RegisterState;
        Assert.Equal("reset_exceeds_cap", Assert.Throws<BusinessRuleViolationException>(() => psd.Reset(M(300_001), later, 3)).Code);
        Assert.Equal(before, psd.RegisterState);
    }

    [Fact]
    public void ReceivedPostage_IsAResetWithoutAnAudit_TheWatchdogStays()
    {
        // §502.27(b)(1): a replaced device's DR arrives in its replacement as that device's reset.
        var psd = Commissioned();
        psd.ReceivePostage(M(4_321));
        Assert.Equal((4_321L, 1L, 4_321L), (psd.RegisterState.Descending.Value, psd.RegisterState.ResetCount, psd.Records.Resets.Value));
        Assert.Equal(T0.AddMonths(3), psd.RegisterState.WatchdogDeadline);
    }

    [Fact]
    public void ACapBelowDr_IsRefused_OneAtOrAboveIsTaken()
    {
        var psd = Commissioned();
        psd.Reset(M(50_000), T0, 3);
        Assert.Equal("cap_below_descending_register", Assert.Throws<BusinessRuleViolationException>(() => psd.ChangeCap(M(49_999))).Code);
        Assert.Equal(M(500_000), psd.RegisterState.Cap);
        psd.ChangeCap(M(50_000));
        Assert.Equal(M(50_000), psd.RegisterState.Cap);
        Assert.Equal("cap_invalid", Assert.Throws<BusinessRuleViolationException>(() => psd.ChangeCap(M(500_001))).Code);
    }

    [Fact]
    public void PassingAnAudit_RestartsTheWatchdogOnly()
    {
        var psd = Commissioned();
        var before = psd.Registers;
        psd.PassAudit(T0.AddMonths(2), 3);
        Assert.Equal(T0.AddMonths(5), psd.RegisterState.WatchdogDeadline);
        Assert.Equal(before, psd.Registers);
        Assert.True(psd.RegistersChanged);
    }

    [Fact]
    public void Seal_ChainsToThePreviousMac_AndNeverMovesTheTimeSeenBack()
    {
        var psd = Commissioned();
        var first = psd.Mac.ToArray();
        psd.Reset(M(1_000), T0.AddHours(1), 3);
        psd.Seal(Mac, T0.AddHours(1));
        Assert.Equal(first, psd.PreviousMac.ToArray());
        Assert.Equal(Mac(psd.RegisterState.CanonicalBytes(first)), psd.Mac.ToArray());
        Assert.Equal(2, psd.RegisterState.Version);

        psd.Seal(Mac, T0); // an earlier clock (a node behind by a little) leaves the time seen where it was
        Assert.Equal(T0.AddHours(1), psd.RegisterState.LastSeen);
        Assert.Equal(3, psd.RegisterState.Version);
    }

    [Fact]
    public void ADeviceLoadedWithoutItsRegisters_MovesNone()
    {
        var psd = PostalSecurityDevice.Load("psd_1", DeviceStatus.InService, null);
        Assert.Throws<InvalidOperationException>(() => psd.Print([M(730)], batch: false));
        Assert.Throws<InvalidOperationException>(() => psd.Seal(Mac, T0));
    }

    [Fact]
    public void RandomOperationSequences_KeepTheRegistersAndTheRecordsInStep()
    {
        // Whatever sequence of prints, batches, resets, audits and cap changes is accepted or refused: AR + DR is
        // the sum of the resets on record, AR is the postage on record, the piece count the indicia on record
        // (what the audit before each reset compares, §502.23), 0 ≤ DR ≤ cap, AR and the counts never decrease.
        var op = Gen.Frequency(
            (4, Gen.Long[1, 3_000].Array[1, 4].Select(p => (Kind: "print", Amounts: p))),
            (2, Gen.Long[-10, 400_000].Select(a => (Kind: "reset", Amounts: new[] { a }))),
            (1, Gen.Long[1, 500_000].Select(c => (Kind: "cap", Amounts: new[] { c }))),
            (1, Gen.Const((Kind: "audit", Amounts: Array.Empty<long>()))));
        op.Array[0, 60].Sample(ops =>
        {
            var psd = Commissioned();
            var at = T0;
            foreach (var (kind, amounts) in ops)
            {
                var before = psd.RegisterState;
                at = at.AddHours(1);
                try
                {
                    switch (kind)
                    {
                        case "print": psd.Print(amounts.Select(M).ToList(), batch: amounts.Length > 1); break;
                        case "reset": psd.Reset(M(amounts[0]), at, 3); break;
                        case "cap": psd.ChangeCap(M(amounts[0])); break;
                        default: psd.PassAudit(at, 3); break;
                    }
                    psd.Seal(Mac, at);
                }
                catch (BusinessRuleViolationException)
                {
                    Assert.Equal(before, psd.RegisterState); // a refusal changes nothing
                }
                var s = psd.RegisterState;
                Assert.True(s.InvariantsHold);
                Assert.Equal(psd.Records.Resets, s.ControlTotal);
                Assert.Equal(psd.Records.Postage, s.Ascending);
                Assert.Equal(psd.Records.Pieces, s.PieceCount);
                Assert.True(s.Ascending >= before.Ascending && s.PieceCount >= before.PieceCount && s.ResetCount >= before.ResetCount);
            }
        });
    }
}
