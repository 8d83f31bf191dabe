namespace Ibis.Data.Entities;

/// <summary>
/// What an indicium was printed with beyond its signed bytes: the recipient's delivery address and
/// the Intelligent Mail barcode built for it, and whether the piece is a courtesy reply envelope
/// (FIM A instead of FIM D, P050 4.12). Stored so that every image of the piece is the same.
/// </summary>
public sealed partial class IndiciumRow
{
    public string? ToName { get; set; }
    /// <summary>Delivery address lines between the name and the last line, joined by '\n'.</summary>
    public string? ToLines { get; set; }
    public string? ToCity { get; set; }
    public string? ToState { get; set; }
    public string? ToZip5 { get; set; }
    public string? ToZip4 { get; set; }
    public string? ToDeliveryPoint { get; set; }
    /// <summary>20-digit IMb tracking code (USPS-B-3200): barcode ID, service type ID, mailer ID, serial number.</summary>
    public string? ImbTrackingCode { get; set; }
    /// <summary>True when the piece is a courtesy reply envelope: FIM A (P050 4.12).</summary>
    public bool CourtesyReply { get; set; }

    // The sender's return address printed in the upper-left corner, as printed (an address book entry
    // may change or go later; History and every reprint show this one). Not part of the signed data.
    public string? FromName { get; set; }
    public string? FromCompany { get; set; }
    /// <summary>Return address lines between the name/company and the last line, joined by '\n'; null when no return address was printed.</summary>
    public string? FromLines { get; set; }
    public string? FromCity { get; set; }
    public string? FromState { get; set; }
    public string? FromZip5 { get; set; }
    public string? FromZip4 { get; set; }
}
