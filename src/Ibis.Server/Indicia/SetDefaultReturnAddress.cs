using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// Makes an address of the book the licensee's default return address (printed when a print names none), or
/// clears the default when the id is null. One default per licensee and mode; false when the book has no such address.
/// </summary>
public sealed class SetDefaultReturnAddress(IbisDb db, CommandPipeline pipeline)
{
    public static readonly Access Access = AddressBookRecords.Licensees;

    public Task<bool> Handle(Caller caller, string? id, CancellationToken ct) => pipeline.Run(caller, Access, async t =>
    {
        var rows = await AddressBookRecords.Mine(db, caller).AsTracking().Where(a => a.DefaultReturn || a.Id == id).ToListAsync(t);
        if (id is not null && rows.All(r => r.Id != id)) return false;
        foreach (var row in rows) row.DefaultReturn = row.Id == id;
        return true;
    }, ct);
}
