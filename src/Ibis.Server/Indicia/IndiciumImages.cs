using Ibis.Barcodes.DataMatrix;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Indicia;
using Ibis.Domain.Rates;
using Ibis.Rendering;
using Ibis.Rendering.Indicia;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

public enum IndiciumImageFormat { Png, Svg, Pdf }

/// <summary>
/// Renders a stored indicium. Everything printed comes from the signed bytes and the license, so
/// an image can always be made again and always matches the barcode. PNG and SVG show the
/// indicium alone (for labels); PDF shows it on a #10 envelope with the FIM (P050 4.4, 4.12).
/// </summary>
public sealed class IndiciumImages(IbisDb db)
{
    public async Task<byte[]> Render(IndiciumRow row, IndiciumImageFormat format, CancellationToken ct, RenderMedium? medium = null)
    {
        var device = await db.Devices.AsNoTracking().FirstAsync(d => d.Id == row.DeviceId, ct);
        var license = await db.Licenses.AsNoTracking().FirstAsync(l => l.Id == device.LicenseId, ct);
        var data = IndiciumCodec.Parse(row.Data).Value;
        var category = RateCategory.FromCode(data.RateCategory);
        var art = new IndiciumArtwork(
            DataMatrixEncoder.Encode(row.Data),
            license.PostOfficeCity,
            license.PostOfficeState,
            license.PostOfficeZip,
            data.Device.ToString(),
            data.MailingDate,
            category?.Label ?? row.RateCategory.ToUpperInvariant(),
            data.Postage.ToDollarString(),
            Sample: row.Sandbox,
            MailClassMarking: category?.Marking);
        var chosenMedium = medium ?? (format == IndiciumImageFormat.Pdf ? RenderMedium.Envelope10 : RenderMedium.IndiciumOnly);
        var renderFormat = format switch
        {
            IndiciumImageFormat.Png => RenderFormat.Png,
            IndiciumImageFormat.Svg => RenderFormat.Svg,
            _ => RenderFormat.Pdf,
        };
        return IndiciumRenderer.Render(art, chosenMedium, renderFormat);
    }
}
