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
    string? CorrectsIndiciumId = null)
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
        r.CorrectsIndiciumId);
}

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
public sealed record PrintIndiciumRequest(
    string? MailClass,
    string? RateCategory,
    decimal? WeightOz,
    MoneyInput? Postage,
    string? MailingDate,
    string? DestinationZip,
    string? OriginZip = null,
    string? Variant = null,
    string? Medium = null,
    string? DesignId = null,
    string? AdId = null,
    bool? OmitDay = null,
    string? MailedFromZip = null,
    string? CorrectsIndiciumId = null,
    string? PieceGroup = null);

/// <summary>The body of POST /v1/devices/{device_id}/indicia/batch.</summary>
public sealed record PrintBatchRequest(IReadOnlyList<PrintIndiciumRequest?>? Pieces);
