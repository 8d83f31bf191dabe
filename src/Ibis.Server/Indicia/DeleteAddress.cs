using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>Deletes an address from the licensee's address book; false when the book has no such address.</summary>
public sealed class DeleteAddress(IbisDb db, CommandPipeline pipeline)
{
    public static readonly Access Access = AddressBookRecords.Licensees;

    public Task<bool> Handle(Caller caller, string id, CancellationToken ct) => pipeline.Run(caller, Access, async t =>
    {
        var row = await AddressBookRecords.Mine(db, caller).AsTracking().FirstOrDefaultAsync(a => a.Id == id, t);
        if (row is null) return false;
        db.AddressBook.Remove(row);
        return true;
    }, ct);
}
