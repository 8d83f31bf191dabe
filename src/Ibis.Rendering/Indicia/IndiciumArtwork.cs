using Ibis.Barcodes;

namespace Ibis.Rendering.Indicia;

/// <summary>
/// Everything printed in one indicium, already formatted by the caller. The human-readable fields
/// are the minimum of P050 4.5: city, state and 5-digit ZIP Code of the licensing post office, the
/// device ID, the date of mailing, the rate category and the amount of postage.
/// </summary>
/// <param name="Barcode">The two-dimensional barcode (Data Matrix), without quiet zone.</param>
/// <param name="PostOfficeCity">City of the licensing post office, e.g. "BETHESDA".</param>
/// <param name="PostOfficeState">Two-letter state, e.g. "MD".</param>
/// <param name="PostOfficeZip">5-digit ZIP Code of the licensing post office.</param>
/// <param name="DeviceId">The PSD's device ID as it should be printed.</param>
/// <param name="MailingDate">Date of mailing; printed with month, day and year (P050 4.6).</param>
/// <param name="RateCategory">Rate category, e.g. "LETTER" or "COMMERCIAL BASE".</param>
/// <param name="PostageText">The amount of postage exactly as it should be printed, e.g. "$0.740".</param>
/// <param name="Sample">Sandbox indicium: the word SAMPLE is printed prominently in the human-readable block.</param>
/// <param name="MailClassMarking">Optional class marking (P050 4.11), e.g. "FIRST-CLASS MAIL".</param>
public sealed record IndiciumArtwork(
    BitMatrix Barcode,
    string PostOfficeCity,
    string PostOfficeState,
    string PostOfficeZip,
    string DeviceId,
    DateOnly MailingDate,
    string RateCategory,
    string PostageText,
    bool Sample,
    string? MailClassMarking)
{
    /// <summary>The date as printed: "NOV 23 2026" (month, day and year, P050 4.6).</summary>
    public string DateText =>
        MailingDate.ToString("MMM dd yyyy", System.Globalization.CultureInfo.InvariantCulture)
            .ToUpperInvariant();

    /// <summary>The licensing post office as printed: "BETHESDA MD 20814".</summary>
    public string PostOfficeText => $"{PostOfficeCity} {PostOfficeState} {PostOfficeZip}".Trim();
}
