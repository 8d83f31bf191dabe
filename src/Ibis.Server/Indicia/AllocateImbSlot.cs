using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// Gives a device its IMb slot under a mailer ID the first time it prints an addressed piece, inside
/// the print transaction (the device row is already locked): the lowest slot no other device holds
/// under that mailer ID. The unique index on (mailer ID, slot) settles a race between two devices
/// taking the same slot at once: the loser's insert fails, and it takes the next free one. A device
/// whose provider's mailer ID changed takes a slot under the new one. Slots are never given back
/// while the device row holds them, so serials already in the mail stay unique.
/// </summary>
internal static class AllocateImbSlot
{
    /// <summary>The device's slot under <paramref name="mailerId"/>; refuses (nothing spent) when every slot is taken.</summary>
    public static async Task<int> For(PsdContext ctx, string mailerId, int slots, CancellationToken ct)
    {
        var d = ctx.Device;
        if (d.ImbMailerId == mailerId && d.ImbSlot is { } held) return held;
        while (true)
        {
            var taken = await ctx.Db.Devices.AsNoTracking()
                .Where(x => x.ImbMailerId == mailerId && x.ImbSlot != null && x.Id != d.Id)
                .Select(x => x.ImbSlot!.Value).ToListAsync(ct);
            var free = FirstFree(taken, slots);
            Rules.Check(new ImbDeviceSlotMustBeFreeRule(mailerId, slots, free));
            d.ImbMailerId = mailerId;
            d.ImbSlot = free;
            try
            {
                // Saved now, so a concurrent taker of the same slot fails here and not at commit. Inside a
                // transaction EF Core saves under a savepoint and rolls back to it on failure, so the
                // print transaction stays usable for the next attempt (PostgreSQL aborts it otherwise).
                await ctx.Db.SaveChangesAsync(ct);
                return free!.Value;
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                // Another device took this slot in the meantime (its transaction committed, so it now shows):
                // look again. Each such loss means one more slot is taken, so this ends, at worst in the
                // refusal above. Any other failure is not ours to retry.
                var lost = free!.Value;
                if (!await ctx.Db.Devices.AsNoTracking().AnyAsync(x => x.ImbMailerId == mailerId && x.ImbSlot == lost && x.Id != d.Id, ct)) throw;
            }
        }
    }

    private static int? FirstFree(List<int> taken, int slots)
    {
        var used = new HashSet<int>(taken);
        for (var s = 0; s < slots; s++)
            if (!used.Contains(s)) return s;
        return null;
    }
}
