using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>A register state that does not match its MAC or the device's own records.</summary>
public sealed class RegisterIntegrityException(string deviceId, string reason) : Exception($"register integrity failure on {deviceId}: {reason}")
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
    public static RegisterState StateOf(DeviceRow d) => new(
        d.Id, d.Version, Mills.FromMills(d.AscendingMills), Mills.FromMills(d.DescendingMills), d.PieceCount,
        Mills.FromMills(d.ControlTotalMills), d.ResetCount, Mills.FromMills(d.CapMills), d.WatchdogDeadline, d.LastSeenAt);

    /// <summary>Seals the row's current state: a new version, chained to the previous MAC.</summary>
    public void Seal(DeviceRow d)
    {
        d.Version++;
        d.PreviousMac = d.RegisterMac;
        d.RegisterMac = keys.ComputeMac(d.MacKeyHandle, StateOf(d).CanonicalBytes(d.PreviousMac));
    }

    /// <summary>Throws <see cref="RegisterIntegrityException"/> when the row is not what Ibis last wrote.</summary>
    public async Task Verify(IbisDb db, DeviceRow d, CancellationToken ct)
    {
        var state = StateOf(d);
        var expected = keys.ComputeMac(d.MacKeyHandle, state.CanonicalBytes(d.PreviousMac));
        if (!CryptographicOperations.FixedTimeEquals(expected, d.RegisterMac))
            throw new RegisterIntegrityException(d.Id, "the register MAC does not match the registers");
        if (!state.InvariantsHold)
            throw new RegisterIntegrityException(d.Id, "AR + DR differs from the control total, or DR is outside 0..cap");

        // A consistent but older row (a replay) still disagrees with the device's newest records.
        var lastPiece = await db.Indicia.AsNoTracking().Where(i => i.DeviceId == d.Id)
            .OrderByDescending(i => i.PieceNumber).Select(i => new { i.PieceNumber, i.AscendingAfterMills })
            .FirstOrDefaultAsync(ct);
        if ((lastPiece?.PieceNumber ?? 0) != d.PieceCount || (lastPiece?.AscendingAfterMills ?? 0) != d.AscendingMills)
            throw new RegisterIntegrityException(d.Id, $"piece count/AR ({d.PieceCount}, {d.AscendingMills}) differ from the last indicium ({lastPiece?.PieceNumber ?? 0}, {lastPiece?.AscendingAfterMills ?? 0})");
        var lastReset = await db.Resets.AsNoTracking().Where(r => r.DeviceId == d.Id)
            .OrderByDescending(r => r.Sequence).Select(r => new { r.Sequence, r.ControlTotalAfterMills })
            .FirstOrDefaultAsync(ct);
        if ((lastReset?.Sequence ?? 0) != d.ResetCount || (lastReset?.ControlTotalAfterMills ?? 0) != d.ControlTotalMills)
            throw new RegisterIntegrityException(d.Id, $"reset count/control total ({d.ResetCount}, {d.ControlTotalMills}) differ from the last reset ({lastReset?.Sequence ?? 0}, {lastReset?.ControlTotalAfterMills ?? 0})");
    }
}
