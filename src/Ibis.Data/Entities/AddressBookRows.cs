namespace Ibis.Data.Entities;

/// <summary>
/// A delivery address a licensee saved to print again: one address book per licensee organisation,
/// shared by its users. Kept in the fields of the address block a print request takes.
/// </summary>
public sealed class AddressBookEntryRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public bool Sandbox { get; set; }
    public required string Name { get; set; }
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public required string State { get; set; }
    public required string Zip5 { get; set; }
    public string? Zip4 { get; set; }
    public string? DeliveryPoint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
