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
/// Saves a recipient in the licensee's address book. An address is checked exactly as the print page checks a
/// recipient (<see cref="DeliveryAddress.Create"/>), so a saved address always prints.
/// </summary>
public sealed class SaveAddress(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = AddressBookRecords.Licensees;

    public Task<AddressBookEntryRow> Handle(Caller caller, SaveAddressCommand c, CancellationToken ct) => pipeline.Run(caller, Access, async t =>
    {
        string?[] lines = string.IsNullOrWhiteSpace(c.Line2) ? [c.Line1] : [c.Line1, c.Line2];
        var address = DeliveryAddress.Create(c.Name, lines, c.City, c.State, c.Zip5, c.Zip4, c.DeliveryPoint, out var problem)
                      ?? throw ApiException.Invalid(problem!.Code, problem.Message, problem.Field);
        var company = string.IsNullOrWhiteSpace(c.Company) ? null : c.Company.Trim().ToUpperInvariant();
        if (company is { Length: > DeliveryAddress.MaxLineLength })
            throw ApiException.Invalid("address_company_too_long", $"the company is longer than {DeliveryAddress.MaxLineLength} characters", "company");
        if (await AddressBookRecords.Mine(db, caller).CountAsync(t) >= AddressBookRecords.MaxEntries)
            throw new ApiException(409, "address_book_full", $"the address book holds at most {AddressBookRecords.MaxEntries} addresses; delete some first", null);
        var row = new AddressBookEntryRow
        {
            Id = Ids.New("adr"), LicenseeId = caller.LicenseeId!, Sandbox = caller.IsSandbox, Name = address.Name,
            Line1 = address.Lines[0], Line2 = address.Lines.Count > 1 ? address.Lines[1] : null, City = address.City, State = address.State,
            Zip5 = address.Zip.ToString(), Zip4 = address.Zip4, DeliveryPoint = address.DeliveryPoint, Company = company, CreatedAt = clock.GetUtcNow(),
        };
        db.AddressBook.Add(row);
        return row;
    }, ct);
}
