using Ibis.Data.Entities;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;

namespace Ibis.Server.Psd;

/// <summary>
/// Between a device's row and its aggregate's registers: the one place that writes a register, the cap, the
/// watchdog, the record totals or the seal into a <see cref="DeviceRow"/> (RegisterWriterTests holds every
/// other type to reading them). What it writes is what <see cref="PostalSecurityDevice"/> moved and sealed.
/// </summary>
internal static class PsdRow
{
    /// <summary>The device's registers as its row holds them (checked against their seal by <see cref="RegisterSeal.Verify(DeviceRow, DeviceStanding)"/>, not here).</summary>
    public static SealedRegisters Registers(DeviceRow d) => new(RegisterSeal.StateOf(d) with { Records = RegisterSeal.TotalsOf(d) }, d.RegisterMac);

    /// <summary>The device with its registers, for a register operation (its open incident is not read).</summary>
    public static PostalSecurityDevice Load(DeviceRow d) => PostalSecurityDevice.Load(d.Id, d.Status, null, Registers(d));

    /// <summary>A new inventory row's registers: blank and never sealed.</summary>
    public static void Blank(DeviceRow d, DateTimeOffset at) => Write(d, SealedRegisters.Blank(d.Id, at).State, [], [], sealVersion: 0);

    /// <summary>Writes the aggregate's sealed state back into its row; refuses a state moved since its last seal.</summary>
    public static void Store(PostalSecurityDevice psd, DeviceRow d)
    {
        if (psd.Id != d.Id) throw new ArgumentException($"the registers of {psd.Id} cannot go into the row of {d.Id}", nameof(d));
        if (psd.RegistersChanged) throw new InvalidOperationException($"device {psd.Id}: registers moved since their last seal are never stored");
        Write(d, psd.RegisterState, psd.Mac.ToArray(), psd.PreviousMac.ToArray(), RegisterSeal.CurrentLayout);
    }

    private static void Write(DeviceRow d, RegisterState s, byte[] mac, byte[] previousMac, int sealVersion)
    {
        var records = s.Records ?? RecordTotals.Empty;
        d.Version = s.Version;
        d.AscendingMills = s.Ascending.Value;
        d.DescendingMills = s.Descending.Value;
        d.ControlTotalMills = s.ControlTotal.Value;
        d.PieceCount = s.PieceCount;
        d.ResetCount = s.ResetCount;
        d.CapMills = s.Cap.Value;
        d.WatchdogDeadline = s.WatchdogDeadline;
        d.LastSeenAt = s.LastSeen;
        d.RecordedResetsMills = records.Resets.Value;
        d.RecordedPostageMills = records.Postage.Value;
        d.RecordedPieces = records.Pieces;
        d.SealVersion = sealVersion;
        d.PreviousMac = previousMac;
        d.RegisterMac = mac;
    }
}
