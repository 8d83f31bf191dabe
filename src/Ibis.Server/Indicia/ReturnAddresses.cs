using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;
using IndiciumVariant = Ibis.Domain.Indicia.IndiciumVariant;

namespace Ibis.Server.Indicia;

/// <summary>
/// Which return address each piece prints (as EasyPost's from_address): the inline one, else the
/// named address book entry of the caller's own licensee (another's is not found, as every foreign
/// id), else the licensee's default return address — only on a piece that has a place for it (the
/// address side of an envelope or a 4 × 6 label: not a sheet label, REDATE or correction). "none"
/// prints none even when a default is set.
/// </summary>
internal static class ReturnAddresses
{
    /// <summary>The from_address_id that asks for no return address.</summary>
    public const string None = "none";

    /// <summary>The address book's table, whose writes drop the cached entries (TableGenerations.Watched).</summary>
    public const string Table = "address_book_entries";

    /// <summary>
    /// The licensee's address book comes from the reference cache (dropped when the table is written on
    /// this node, otherwise after its lifetime): a print that uses the default return address costs no
    /// round trip of its own (issue 17, PrintRoundTripTests).
    /// </summary>
    public static async Task<IReadOnlyList<PieceRequest>> Resolve(IbisDb db, ReferenceCache cache, Caller caller, IReadOnlyList<PieceRequest> pieces, bool batch, CancellationToken ct)
    {
        var ids = pieces.Select(p => p.FromAddressId).Where(id => id is not null && id != None).Distinct().ToList();
        var wantsDefault = pieces.Any(p => p.FromAddress is null && p.FromAddressId is null && HasPlaceFor(p));
        if (ids.Count == 0 && !wantsDefault && pieces.All(p => p.FromAddressId is null)) return pieces;

        var (licenseeId, sandbox) = (caller.LicenseeId, caller.IsSandbox);
        var entries = ids.Count == 0 && !wantsDefault ? []
            : await cache.Get(Table, $"{licenseeId}|{sandbox}", () => Book(db, licenseeId, sandbox, ct));
        var byId = entries.Where(e => ids.Contains(e.Id)).ToDictionary(e => e.Id, From);
        var fallback = entries.Where(e => e.DefaultReturn).OrderBy(e => e.Id).Select(From).FirstOrDefault();

        var resolved = new List<PieceRequest>(pieces.Count);
        for (var i = 0; i < pieces.Count; i++)
        {
            var p = pieces[i];
            ReturnAddress? from;
            if (p.FromAddressId == None) from = null;
            else if (p.FromAddressId is { } id)
            {
                if (!byId.TryGetValue(id, out from))
                {
                    var missing = ApiException.NotFound("address", id);
                    throw batch ? missing.OfPiece(i, "from_address_id") : missing;
                }
            }
            else from = p.FromAddress ?? (HasPlaceFor(p) ? fallback : null);
            resolved.Add(p with { FromAddress = from, FromAddressId = null });
        }
        return resolved;
    }

    /// <summary>A licensee's address book, compiled once (issue 17: read on every print whose entry left the cache).</summary>
    private static async Task<List<AddressBookEntryRow>> Book(IbisDb db, string? licenseeId, bool sandbox, CancellationToken ct)
    {
        var entries = new List<AddressBookEntryRow>();
        await foreach (var e in BookQuery.For(db)(db, licenseeId, sandbox).WithCancellation(ct)) entries.Add(e);
        return entries;
    }

    private static readonly PerModel<Func<IbisDb, string?, bool, IAsyncEnumerable<AddressBookEntryRow>>> BookQuery = new(() =>
        EF.CompileAsyncQuery((IbisDb db, string? licenseeId, bool sandbox) => db.AddressBook.AsNoTracking().Where(a => a.LicenseeId == licenseeId && a.Sandbox == sandbox)));

    /// <summary>The address book entry as a return address (checked when it was saved).</summary>
    public static ReturnAddress From(AddressBookEntryRow e) =>
        ReturnAddress.Stored(e.Name, e.Company, e.Line2 is null ? e.Line1 : $"{e.Line1}\n{e.Line2}", e.City, e.State, e.Zip5, e.Zip4);

    /// <summary>A default goes only where a return address is printed: the address side of an envelope or a 4 × 6 label.</summary>
    private static bool HasPlaceFor(PieceRequest p) => p.Variant == IndiciumVariant.Standard && p.Medium != Medium.SheetLabel;
}
