using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>A register state that does not match its MAC or the device's own records.</summary>
internal sealed class RegisterIntegrityException(string deviceId, string reason) : Exception($"register integrity failure on {deviceId}: {reason}")
{
    public string DeviceId { get; } = deviceId;

    public string Reason { get; } = reason;
}

/// <summary>
/// Register integrity (DESIGN §4): every register state carries a MAC, under a key the key store
/// holds, over the registers and the previous state's MAC. Before every operation the state is
/// checked against its MAC and against the device's own records (the last indicium and the last
/// reset), so an edited field or a whole older row put back is detected, never trusted.
/// </summary>
public sealed class RegisterSeal(IKeyStore keys)
{
    /// <summary>The seal layout every sealing writes: registers and the running record totals.</summary>
    public const int CurrentLayout = 2;

    /// <summary>The state the row's MAC covers, in the layout it was sealed with.</summary>
    public static RegisterState StateOf(DeviceRow d) => new(
        d.Id, d.Version, Mills.FromMills(d.AscendingMills), Mills.FromMills(d.DescendingMills), d.PieceCount,
        Mills.FromMills(d.ControlTotalMills), d.ResetCount, Mills.FromMills(d.CapMills), d.WatchdogDeadline, d.LastSeenAt,
        d.SealVersion >= CurrentLayout ? TotalsOf(d) : null);

    /// <summary>The provider's running totals of the device's records.</summary>
    public static RecordTotals TotalsOf(DeviceRow d) =>
        new(Mills.FromMills(d.RecordedResetsMills), Mills.FromMills(d.RecordedPostageMills), d.RecordedPieces);

    /// <summary>
    /// Seals what the device's aggregate moved (or, with nothing moved, a change the state does not show) under the
    /// row's MAC key — a new version chained to the previous MAC — and writes it into the row.
    /// </summary>
    public void Seal(PostalSecurityDevice psd, DeviceRow d, DateTimeOffset at)
    {
        var key = d.MacKeyHandle;
        psd.Seal(bytes => keys.ComputeMac(key, bytes), at);
        PsdRow.Store(psd, d);
    }

    /// <summary>Throws <see cref="RegisterIntegrityException"/> when the row is not what Ibis last wrote.</summary>
    public async Task Verify(IbisDb db, DeviceRow d, CancellationToken ct) => Verify(d, await DeviceStanding.Read(db, d, ct));

    /// <summary>The same check with the device's newest records already read (<see cref="DeviceStanding"/>): no round trip.</summary>
    public void Verify(DeviceRow d, DeviceStanding last)
    {
        var state = StateOf(d);
        var expected = keys.ComputeMac(d.MacKeyHandle, state.CanonicalBytes(d.PreviousMac));
        if (!CryptographicOperations.FixedTimeEquals(expected, d.RegisterMac))
            throw new RegisterIntegrityException(d.Id, "the register MAC does not match the registers");
        if (!state.InvariantsHold)
            throw new RegisterIntegrityException(d.Id, "AR + DR differs from the control total, or DR is outside 0..cap");

        // A consistent but older row (a replay) still disagrees with the device's newest records.
        if (!PieceRecordsAgree(d, last))
            throw new RegisterIntegrityException(d.Id, $"piece count/AR ({d.PieceCount}, {d.AscendingMills}) differ from the last indicium ({last.LastPieceNumber ?? 0}, {last.LastPieceAscendingMills ?? 0})");
        if (!ResetRecordsAgree(d, last))
            throw new RegisterIntegrityException(d.Id, $"reset count/control total ({d.ResetCount}, {d.ControlTotalMills}) differ from the last reset ({last.LastResetSequence ?? 0}, {last.LastResetControlTotalMills ?? 0})");
    }

    /// <summary>
    /// Whether the row's piece count, AR, reset count and control total are those of its newest indicium and reset,
    /// as <see cref="Verify"/> requires; no MAC is computed. A row read with records from before a wait for its
    /// lock disagrees with them (the waited-for print or reset moved both), so the records are read again.
    /// </summary>
    public static bool AgreesWithRecords(DeviceRow d, DeviceStanding last) => PieceRecordsAgree(d, last) && ResetRecordsAgree(d, last);

    private static bool PieceRecordsAgree(DeviceRow d, DeviceStanding last) =>
        (last.LastPieceNumber ?? 0) == d.PieceCount && (last.LastPieceAscendingMills ?? 0) == d.AscendingMills;

    private static bool ResetRecordsAgree(DeviceRow d, DeviceStanding last) =>
        (last.LastResetSequence ?? 0) == d.ResetCount && (last.LastResetControlTotalMills ?? 0) == d.ControlTotalMills;
}
