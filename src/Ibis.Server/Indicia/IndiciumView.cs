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
    IndiciumLinks Links)
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
        new IndiciumLinks($"/v1/indicia/{r.Id}.png", $"/v1/indicia/{r.Id}.svg", $"/v1/indicia/{r.Id}.pdf"));
}

public sealed record IndiciumLinks(string Png, string Svg, string Pdf);

/// <summary>The body of POST /v1/devices/{device_id}/indicia.</summary>
public sealed record PrintIndiciumRequest(
    string? MailClass,
    string? RateCategory,
    decimal? WeightOz,
    MoneyInput? Postage,
    string? MailingDate,
    string? DestinationZip);

/// <summary>The body of POST /v1/devices/{device_id}/indicia/batch.</summary>
public sealed record PrintBatchRequest(IReadOnlyList<PrintIndiciumRequest?>? Pieces);
