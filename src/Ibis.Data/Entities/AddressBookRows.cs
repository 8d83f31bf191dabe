namespace Ibis.Data.Entities;

/// <summary>
/// A delivery address a licensee saved to print again: one address book per licensee organisation,
/// shared by its users. Kept in the fields of the address block a print request takes. One entry
/// may be the licensee's default return address (the sender printed in the upper-left corner).
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
    /// <summary>A company name printed under the name (a return address on the licensee's pieces usually has one).</summary>
    public string? Company { get; set; }
    /// <summary>True on the one entry the licensee prints as its return address when a print names none.</summary>
    public bool DefaultReturn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
