using Ibis.Barcodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Ibis.Rendering;
using Ibis.Rendering.Indicia;
using Ibis.Rendering.Mailpieces;
using Microsoft.EntityFrameworkCore;
using DomainVariant = Ibis.Domain.Indicia.IndiciumVariant;

namespace Ibis.Server.Indicia;

internal enum IndiciumImageFormat { Png, Svg, Pdf }

/// <summary>
/// Renders a stored indicium. Everything printed comes from the signed bytes, the license and the
/// registered design and advertising rows, so an image can always be made again and always matches
/// the barcode. The human-readable content of P050 4.5 is filled here for the renderer: the
/// licensing post office (with its approved classified branch) or "Mailed From ZIP Code", device ID,
/// date (month and year only on Standard Mail when asked, P050 4.6), rate category and postage —
/// REDATE instead of postage on a REDATE (P050 4.8). A plain indicium without a medium still comes
/// out as before: PNG and SVG show the indicium alone, PDF a #10 envelope.
/// </summary>
internal sealed class IndiciumImages(IbisDb db)
{
    /// <summary>The medium when none is named: a #10 envelope, the commonest letter.</summary>
    public const Medium DefaultMedium = Medium.Envelope10;

    /// <param name="sheetPosition">On sheet labels: which of the 30 labels (default 1).</param>
    public async Task<byte[]> Render(IndiciumRow row, IndiciumImageFormat format, CancellationToken ct, Medium? medium = null, int? sheetPosition = null)
    {
        var device = await db.Devices.AsNoTracking().FirstAsync(d => d.Id == row.DeviceId, ct);
        var license = await db.Licenses.AsNoTracking().FirstAsync(l => l.Id == device.LicenseId, ct);
        var data = IndiciumCodec.Parse(row.Data).Value;
        var category = RateCategory.FromCode(data.RateCategory) ?? RateCategory.FirstClassLetter;
        var stored = row.Medium is null ? (Medium?)null : MediumSpec.Every.FirstOrDefault(m => m.Name == row.Medium)?.Medium;
        var plain = row.Variant == "standard" && row.AdvertisementId is null && row.MailedFromZip is null && !row.OmitDay
                    && (row.DesignId is null || SeedBuiltInDesigns.BuiltIn.Any(b => b.Id == row.DesignId))
                    && !row.CourtesyReply && row.ToName is null;
        if (medium is null && stored is null && plain && format != IndiciumImageFormat.Pdf && sheetPosition is null)
            return RenderAlone(row, data, category, license, format);

        var variant = IndiciumVariants.Parse(row.Variant) ?? DomainVariant.Standard;
        var target = medium ?? stored ?? DefaultMedium;
        var request = await Mailpiece(db, device, license, category, variant, data.MailingDate, row.OmitDay, data.Postage,
            DataMatrixEncoder.Encode(row.Data), target, DesignFor(row.DesignId, target), row.AdvertisementId, row.MailedFromZip, ct,
            ToAddressView.Address(row) is { } to ? Recipient(to, row.ImbTrackingCode) : null, row.CourtesyReply,
            // Printed as it was printed; a sheet of labels made from the same indicium has no room for it.
            target == Medium.SheetLabel ? null : Sender(FromAddressView.Address(row)));
        if (sheetPosition is not null && request.Medium == Medium.SheetLabel) request = request with { SheetPosition = sheetPosition };
        return MailpieceRenderer.Render(request, ToRenderFormat(format));
    }

    public async Task<byte[]> RenderRedate(RedateRow row, RenderFormat format, Medium? medium, CancellationToken ct)
    {
        var device = await db.Devices.AsNoTracking().FirstAsync(d => d.Id == row.DeviceId, ct);
        var license = await db.Licenses.AsNoTracking().FirstAsync(l => l.Id == device.LicenseId, ct);
        var category = RateCategory.Find(row.MailClass, row.RateCategory) ?? RateCategory.FirstClassLetter;
        var stored = row.Medium is null ? (Medium?)null : MediumSpec.Every.FirstOrDefault(m => m.Name == row.Medium)?.Medium;
        var target = medium ?? stored ?? DefaultMedium;
        var request = await Mailpiece(db, device, license, category, DomainVariant.Redate, row.MailingDate, omitDay: false, Mills.Zero, barcode: null,
            target, DesignFor(row.DesignId, target), adId: null, row.MailedFromZip, ct);
        return MailpieceRenderer.Render(request, format);
    }

    /// <summary>
    /// The renderer's input for one piece. <paramref name="barcode"/> is null before the indicium is
    /// issued (the preflight stands a blank symbol in for it) and on a REDATE.
    /// </summary>
    /// <param name="recipient">The address block with its IMb, or null.</param>
    /// <param name="returnAddress">The sender's return address (upper left), or null.</param>
    /// <param name="courtesyReply">A courtesy reply envelope: FIM A where FIM D would go (P050 4.12); a label,
    /// REDATE or correction still gets none.</param>
    public static async Task<MailpieceRequest> Mailpiece(IbisDb db, DeviceRow device, LicenseRow license, RateCategory category, DomainVariant variant,
        DateOnly mailingDate, bool omitDay, Mills postage, BitMatrix? barcode, Medium medium, string? designId, string? adId, string? mailedFromZip, CancellationToken ct,
        RecipientAddress? recipient = null, bool courtesyReply = false, ReturnAddressLines? returnAddress = null)
    {
        var branch = await db.ClassifiedBranches.AsNoTracking().FirstOrDefaultAsync(b => b.LicenseId == license.Id, ct);
        var postOffice = mailedFromZip is not null
            ? PostOfficeLine.MailedFromZip(mailedFromZip)
            : PostOfficeLine.Licensing(license.PostOfficeCity, license.PostOfficeState, license.PostOfficeZip, branch?.BranchName);
        var content = new IndiciumContent(postOffice, DeviceNumberText(device), mailingDate, ShowDay: !omitDay, category.Label,
            variant == DomainVariant.Redate ? "REDATE" : postage.ToDollarString(), barcode, device.Sandbox,
            // P050 4.11: a sheet label carries its own piece's class marking (the sheet may hold several classes).
            ClassMarking: medium == Medium.SheetLabel && variant == DomainVariant.Standard ? category.Marking : null);
        var layout = designId is null ? null : await db.IndiciumDesigns.AsNoTracking().Where(d => d.Id == designId).Select(d => d.Layout).FirstOrDefaultAsync(ct);
        AdArt? ad = null;
        if (adId is not null)
        {
            var row = await db.Advertisements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == adId, ct);
            if (row is not null) ad = new AdArt(row.Text ?? "", row.LicenseeId is null ? null : row.Caption);
        }
        var renderVariant = variant;
        var spec = MediumSpec.Of(medium);
        var fim = spec.DefaultFim(renderVariant);
        return new MailpieceRequest
        {
            Indicia = [content],
            Medium = medium,
            Variant = renderVariant,
            Fim = courtesyReply && fim == FimKind.D ? FimKind.A : fim,
            DesignId = layout,
            Ad = ad,
            // P050 4.11: the marking of the class, on the address side of a piece; a sheet label carries it in each indicium.
            PostalMarking = renderVariant == DomainVariant.Standard && medium != Medium.SheetLabel ? category.Marking : null,
            SheetPosition = medium == Medium.SheetLabel ? 1 : null,
            // The address block belongs on the address side of an envelope or a 4 x 6 label; asked for
            // elsewhere it is refused by the layout rules (P050 4.4, 4.8, 4.9).
            Recipient = recipient,
            // The sender in the upper-left corner; the layout rules refuse it on a sheet label or the non-address side.
            ReturnAddress = returnAddress,
        };
    }

    /// <summary>The return address block as printed, or null.</summary>
    public static ReturnAddressLines? Sender(ReturnAddress? from) => from is null ? null : new(from.PrintedLines);

    /// <summary>The address block: the printed lines and the IMb whose routing code is the delivery point ZIP (USPS-B-3200).</summary>
    public static RecipientAddress Recipient(DeliveryAddress to, string? trackingCode) =>
        new(to.PrintedLines, trackingCode, trackingCode is null ? null : to.RoutingCode);

    /// <summary>A built-in design follows the medium the image is made for; a provider's own design stays as printed.</summary>
    private static string? DesignFor(string? designId, Medium medium) =>
        designId is null || SeedBuiltInDesigns.BuiltIn.Any(b => b.Id == designId) ? SeedBuiltInDesigns.BuiltInFor(medium) : designId;

    private static string DeviceNumberText(DeviceRow d) => new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString();

    private static RenderFormat ToRenderFormat(IndiciumImageFormat format) => format switch
    {
        IndiciumImageFormat.Png => RenderFormat.Png,
        IndiciumImageFormat.Svg => RenderFormat.Svg,
        _ => RenderFormat.Pdf,
    };

    /// <summary>The indicium alone (no piece around it), as PNG or SVG.</summary>
    private static byte[] RenderAlone(IndiciumRow row, IndiciumData data, RateCategory category, LicenseRow license, IndiciumImageFormat format)
    {
        var content = new IndiciumContent(
            PostOfficeLine.Licensing(license.PostOfficeCity, license.PostOfficeState, license.PostOfficeZip),
            data.Device.ToString(),
            data.MailingDate,
            ShowDay: true,
            category.Label,
            data.Postage.ToDollarString(),
            DataMatrixEncoder.Encode(row.Data),
            Sample: row.Sandbox);
        return MailpieceRenderer.RenderIndicium(content, ToRenderFormat(format), classMarking: category.Marking);
    }
}
