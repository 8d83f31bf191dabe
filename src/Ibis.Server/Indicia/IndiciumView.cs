using Ibis.Data.Entities;
using Ibis.Server.Api;

namespace Ibis.Server.Indicia;

/// <summary>The JSON shape of an indicium (snake_case on the wire).</summary>
public sealed record IndiciumView(
    string Id,
    string Object,
    string DeviceId,
    string Mode,
    string MailClass,
    string RateCategory,
    string WeightOz,
    MoneyView Postage,
    MoneyView AmountDue,
    string MailingDate,
    string? DestinationZip,
    long PieceNumber,
    MoneyView AscendingRegister,
    MoneyView DescendingRegister,
    MoneyView ControlTotal,
    string BarcodeData,
    DateTimeOffset CreatedAt,
    IndiciumLinks Links,
    string Variant = "standard",
    string? OriginZip = null,
    int? Zone = null,
    string? RateTableId = null,
    string? DesignId = null,
    string? AdId = null,
    string? Medium = null,
    bool OmitDay = false,
    string? MailedFromZip = null,
    string? CorrectsIndiciumId = null,
    bool CourtesyReply = false,
    ToAddressView? ToAddress = null,
    ImbView? Imb = null,
    FromAddressView? FromAddress = null)
{
    public static IndiciumView From(IndiciumRow r) => new(
        r.Id,
        "indicium",
        r.DeviceId,
        r.Sandbox ? "test" : "live",
        r.MailClass,
        r.RateCategory,
        r.WeightOz,
        MoneyView.OfMills(r.PostageMills),
        MoneyView.OfMills(r.AmountDueMills),
        r.MailingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        r.DestinationZip,
        r.PieceNumber,
        MoneyView.OfMills(r.AscendingAfterMills),
        MoneyView.OfMills(r.DescendingAfterMills),
        MoneyView.OfMills(checked(r.AscendingAfterMills + r.DescendingAfterMills)),
        Convert.ToBase64String(r.Data),
        r.CreatedAt,
        IndiciumLinks.For(r.Id),
        r.Variant,
        r.OriginZip,
        r.Zone,
        r.RateTableId,
        r.DesignId,
        r.AdvertisementId,
        r.Medium,
        r.OmitDay,
        r.MailedFromZip,
        r.CorrectsIndiciumId,
        r.CourtesyReply,
        ToAddressView.From(r),
        r.ImbTrackingCode is { } tracking && ToAddressView.Address(r) is { } a ? new ImbView(tracking, a.RoutingCode) : null,
        FromAddressView.From(r));
}

/// <summary>The sender's return address printed with the indicium (upper left of the piece), or null when none was printed.</summary>
public sealed record FromAddressView(string? Name, string? Company, IReadOnlyList<string> Lines, string City, string State, string Zip5, string? Zip4)
{
    public static FromAddressView? From(IndiciumRow r) => Address(r) is { } a
        ? new(a.Name, a.Company, a.Lines, a.City, a.State, a.Zip.ToString(), a.Zip4) : null;

    public static Domain.Indicia.ReturnAddress? Address(IndiciumRow r) =>
        r.FromLines is null || r.FromCity is null || r.FromState is null || r.FromZip5 is null ? null
            : Domain.Indicia.ReturnAddress.Stored(r.FromName, r.FromCompany, r.FromLines, r.FromCity, r.FromState, r.FromZip5, r.FromZip4);
}

/// <summary>The sender's return address in a print request (EasyPost's from_address), printed in the upper-left corner.</summary>
/// <param name="Name">The sender's name; a name or a company is required.</param>
/// <param name="Lines">1 to 3 street lines.</param>
/// <param name="Zip4">Optional ZIP+4 add-on.</param>
public sealed record FromAddressInput(string? Name, IReadOnlyList<string?>? Lines, string? City, string? State, string? Zip5, string? Zip4 = null, string? Company = null);

/// <summary>The recipient's delivery address as stored with the indicium.</summary>
public sealed record ToAddressView(string Name, IReadOnlyList<string> Lines, string City, string State, string Zip5, string? Zip4, string? DeliveryPoint)
{
    public static ToAddressView? From(IndiciumRow r) => Address(r) is { } a
        ? new(a.Name, a.Lines, a.City, a.State, a.Zip.ToString(), a.Zip4, a.DeliveryPoint) : null;

    public static Domain.Indicia.DeliveryAddress? Address(IndiciumRow r) =>
        r.ToName is null || r.ToCity is null || r.ToState is null || r.ToZip5 is null ? null
            : Domain.Indicia.DeliveryAddress.Stored(r.ToName, r.ToLines ?? "", r.ToCity, r.ToState, r.ToZip5, r.ToZip4, r.ToDeliveryPoint);
}

/// <summary>The Intelligent Mail barcode above the address (USPS-B-3200): 20-digit tracking code, 5/9/11-digit routing code.</summary>
public sealed record ImbView(string TrackingCode, string RoutingCode);

/// <summary>The recipient of a piece in a print request: its address block and IMb routing code.</summary>
/// <param name="Lines">1 to 3 lines between the name and the city line.</param>
/// <param name="Zip4">Optional ZIP+4 add-on; <paramref name="DeliveryPoint"/> (2 digits) needs it.</param>
public sealed record ToAddressInput(string? Name, IReadOnlyList<string?>? Lines, string? City, string? State, string? Zip5, string? Zip4 = null, string? DeliveryPoint = null);

public sealed record IndiciumLinks(string Png, string Svg, string Pdf)
{
    public static IndiciumLinks For(string id) => new($"/v1/indicia/{id}.png", $"/v1/indicia/{id}.svg", $"/v1/indicia/{id}.pdf");
}

/// <summary>
/// A REDATE imprint (P050 4.8): date and REDATE, no postage, no barcode; no register moved.
/// </summary>
public sealed record RedateView(string Id, string Object, string DeviceId, string Mode, string Variant, string MailClass, string RateCategory,
    string MailingDate, string? CorrectsIndiciumId, string DesignId, string? Medium, string? MailedFromZip, DateTimeOffset CreatedAt, IndiciumLinks Links)
{
    public static RedateView From(RedateRow r) => new(r.Id, "indicium", r.DeviceId, r.Sandbox ? "test" : "live", "redate", r.MailClass, r.RateCategory,
        r.MailingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.CorrectsIndiciumId, r.DesignId, r.Medium, r.MailedFromZip,
        r.CreatedAt, IndiciumLinks.For(r.Id));
}

/// <summary>The body of POST /v1/devices/{device_id}/indicia.</summary>
/// <param name="Variant">standard (default), redate (P050 4.8) or postage_correction (P050 4.9).</param>
/// <param name="OriginZip">Where the piece is mailed from, for zones; defaults to the licensing post office.</param>
/// <param name="Medium">What it is printed on (envelope-10, label-4x6 …); images default to it.</param>
/// <param name="DesignId">A registered, approved indicium design (P050 4.1); default: the built-in one for the medium.</param>
/// <param name="AdId">Approved advertising matter to print with it (P050 4.10).</param>
/// <param name="OmitDay">Month and year only; Standard Mail alone (P050 4.6).</param>
/// <param name="MailedFromZip">Show "Mailed From ZIP Code" and this ZIP, the mailer's delivery address ZIP, instead of city and state (P050 4.5).</param>
/// <param name="CorrectsIndiciumId">For a REDATE or postage correction: the indicium of the piece it corrects.</param>
/// <param name="PieceGroup">In a batch: pieces with the same value are the several indicia of one mailpiece
/// (multi-denomination, P050 4.5): each states its postage and together they cover the amount due (P050 1.5).</param>
/// <param name="ToAddress">The recipient: printed in the address block with an Intelligent Mail barcode.</param>
/// <param name="CourtesyReply">The piece is a courtesy reply envelope: FIM A instead of FIM D (P050 4.12).</param>
/// <param name="FromAddress">The sender's return address, printed in the upper-left corner of an envelope or 4 x 6 label
/// (not on sheet labels or the indicium alone); not part of the signed indicium data.</param>
/// <param name="FromAddressId">Instead of from_address: one of your address book entries (adr_…), or "none" for no return
/// address. When neither is given, your default return address is printed (if you set one).</param>
/// <remarks>
/// The fields are nullable so that a missing one is reported with the others (every bad field at once);
/// [Required] marks those the API refuses without, for the OpenAPI document.
/// </remarks>
public sealed record PrintIndiciumRequest(
    [property: System.ComponentModel.DataAnnotations.Required] string? MailClass,
    [property: System.ComponentModel.DataAnnotations.Required] string? RateCategory,
    decimal? WeightOz,
    MoneyInput? Postage,
    [property: System.ComponentModel.DataAnnotations.Required] string? MailingDate,
    string? DestinationZip,
    string? OriginZip = null,
    string? Variant = null,
    string? Medium = null,
    string? DesignId = null,
    string? AdId = null,
    bool? OmitDay = null,
    string? MailedFromZip = null,
    string? CorrectsIndiciumId = null,
    string? PieceGroup = null,
    ToAddressInput? ToAddress = null,
    bool? CourtesyReply = null,
    FromAddressInput? FromAddress = null,
    string? FromAddressId = null);

/// <summary>The body of POST /v1/devices/{device_id}/indicia/batch.</summary>
public sealed record PrintBatchRequest(IReadOnlyList<PrintIndiciumRequest?>? Pieces);
