using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>An address to save: the fields of the address block a print request takes.</summary>
public sealed record SaveAddressCommand(string? Name, string? Line1, string? Line2, string? City, string? State, string? Zip5, string? Zip4, string? DeliveryPoint,
    string? Company = null);

/// <summary>
/// The licensee's address book: recipients saved per licensee organisation (every user of the
/// licensee shares it), of the caller's mode only. An address is checked exactly as the print page
/// checks a recipient (<see cref="DeliveryAddress.Create"/>), so a saved address always prints.
/// </summary>
public sealed class AddressBook(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>Enough for a small business; more belongs in a CSV batch.</summary>
    public const int MaxEntries = 500;

    private static readonly Access Licensees = Access.For(Caller.LicenseeRole);

    public async Task<IReadOnlyList<AddressBookEntryRow>> List(Caller caller, CancellationToken ct)
    {
        Licensees.Authorize(caller);
        return await Mine(caller).OrderBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(ct);
    }

    public async Task<AddressBookEntryRow?> Find(Caller caller, string id, CancellationToken ct)
    {
        Licensees.Authorize(caller);
        return await Mine(caller).FirstOrDefaultAsync(a => a.Id == id, ct);
    }

    public Task<AddressBookEntryRow> Add(Caller caller, SaveAddressCommand c, CancellationToken ct) => pipeline.Run(caller, Licensees, async t =>
    {
        string?[] lines = string.IsNullOrWhiteSpace(c.Line2) ? [c.Line1] : [c.Line1, c.Line2];
        var address = DeliveryAddress.Create(c.Name, lines, c.City, c.State, c.Zip5, c.Zip4, c.DeliveryPoint, out var problem)
                      ?? throw ApiException.Invalid(problem!.Code, problem.Message, problem.Field);
        var company = string.IsNullOrWhiteSpace(c.Company) ? null : c.Company.Trim().ToUpperInvariant();
        if (company is { Length: > DeliveryAddress.MaxLineLength })
            throw ApiException.Invalid("address_company_too_long", $"the company is longer than {DeliveryAddress.MaxLineLength} characters", "company");
        if (await Mine(caller).CountAsync(t) >= MaxEntries)
            throw new ApiException(409, "address_book_full", $"the address book holds at most {MaxEntries} addresses; delete some first", null);
        var row = new AddressBookEntryRow
        {
            Id = Ids.New("adr"), LicenseeId = caller.LicenseeId!, Sandbox = caller.IsSandbox, Name = address.Name,
            Line1 = address.Lines[0], Line2 = address.Lines.Count > 1 ? address.Lines[1] : null, City = address.City, State = address.State,
            Zip5 = address.Zip.ToString(), Zip4 = address.Zip4, DeliveryPoint = address.DeliveryPoint, Company = company, CreatedAt = clock.GetUtcNow(),
        };
        db.AddressBook.Add(row);
        return row;
    }, ct);

    /// <summary>
    /// Keeps an address a piece was just printed to, when the book takes it (a valid address, room in the
    /// book); false, and nothing saved, when it does not — the piece is printed either way, so a full book
    /// only means the address was not kept.
    /// </summary>
    public async Task<bool> TryAdd(Caller caller, SaveAddressCommand c, CancellationToken ct)
    {
        try
        {
            await Add(caller, c, ct);
            return true;
        }
        catch (ApiException)
        {
            return false;
        }
    }

    public Task<bool> Delete(Caller caller, string id, CancellationToken ct) => pipeline.Run(caller, Licensees, async t =>
    {
        var row = await Mine(caller).AsTracking().FirstOrDefaultAsync(a => a.Id == id, t);
        if (row is null) return false;
        db.AddressBook.Remove(row);
        return true;
    }, ct);

    /// <summary>
    /// Makes <paramref name="id"/> the licensee's default return address (printed when a print names
    /// none), or clears the default when <paramref name="id"/> is null. One default per licensee and mode.
    /// </summary>
    public Task<bool> SetDefaultReturn(Caller caller, string? id, CancellationToken ct) => pipeline.Run(caller, Licensees, async t =>
    {
        var rows = await Mine(caller).AsTracking().Where(a => a.DefaultReturn || a.Id == id).ToListAsync(t);
        if (id is not null && rows.All(r => r.Id != id)) return false;
        foreach (var row in rows) row.DefaultReturn = row.Id == id;
        return true;
    }, ct);

    /// <summary>The licensee's default return address, or null.</summary>
    public async Task<AddressBookEntryRow?> DefaultReturn(Caller caller, CancellationToken ct)
    {
        Licensees.Authorize(caller);
        return await Mine(caller).Where(a => a.DefaultReturn).OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
    }

    private IQueryable<AddressBookEntryRow> Mine(Caller caller) =>
        db.AddressBook.AsNoTracking().Where(a => a.LicenseeId == caller.LicenseeId && a.Sandbox == caller.IsSandbox);
}
