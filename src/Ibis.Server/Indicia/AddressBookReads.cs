using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// The licensee's address book: recipients saved per licensee organisation (every user of the licensee shares it),
/// of the caller's mode only. What its use cases share: who may use it and whose addresses are whose.
/// </summary>
internal static class AddressBookRecords
{
    /// <summary>Enough for a small business; more belongs in a CSV batch.</summary>
    public const int MaxEntries = 500;

    public static readonly Access Licensees = Access.For(Caller.LicenseeRole);

    public static IQueryable<AddressBookEntryRow> Mine(IbisDb db, Caller caller) =>
        db.AddressBook.AsNoTracking().Where(a => a.LicenseeId == caller.LicenseeId && a.Sandbox == caller.IsSandbox);
}

/// <summary>The reads of the licensee's address book: its addresses by name, one of them, and the default return address.</summary>
public sealed class AddressBookReads(IbisDb db)
{
    public static readonly Access Access = AddressBookRecords.Licensees;

    public async Task<IReadOnlyList<AddressBookEntryRow>> List(Caller caller, CancellationToken ct)
    {
        Access.Authorize(caller);
        return await AddressBookRecords.Mine(db, caller).OrderBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(ct);
    }

    public async Task<AddressBookEntryRow?> Find(Caller caller, string id, CancellationToken ct)
    {
        Access.Authorize(caller);
        return await AddressBookRecords.Mine(db, caller).FirstOrDefaultAsync(a => a.Id == id, ct);
    }

    /// <summary>The licensee's default return address, or null.</summary>
    public async Task<AddressBookEntryRow?> DefaultReturn(Caller caller, CancellationToken ct)
    {
        Access.Authorize(caller);
        return await AddressBookRecords.Mine(db, caller).Where(a => a.DefaultReturn).OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
    }
}
