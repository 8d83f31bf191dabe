using Ibis.Barcodes.DataMatrix;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Rates;
using Ibis.Rendering;
using Ibis.Rendering.Mailpieces;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// Several indicia on one sheet of 2⅝ × 1 in labels (30 to a sheet), e.g. when the postage of a
/// piece spans several labels. P050 4.5, last sentence: the post office information is on each
/// label — every label is a whole indicium with its own human-readable block.
/// </summary>
public static class LabelSheets
{
    public static void MapLabelSheets(this RouteGroupBuilder v1)
    {
        v1.MapGet("/label-sheets", Render).WithName("RenderLabelSheet")
            .WithSummary("Your indicia (ids=ind_a,ind_b,…) on a sheet of 2 5/8 x 1 in labels from position (1–30); format=pdf|png|svg.")
            .WithQuery("ids", "Comma-separated indicium ids (ind_…), one label each.", required: true)
            .WithQuery("position", "The first label used on the sheet, 1 to 30 (default 1).", Microsoft.OpenApi.JsonSchemaType.Integer)
            .WithQuery("format", "pdf (default), png or svg.", enumeration: ["pdf", "png", "svg"])
            .ProducesFile("The sheet of labels.", "application/pdf", "image/png", "image/svg+xml")
            .ProducesProblem(400).ProducesProblem(404);
    }

    private static async Task<IResult> Render(HttpContext http, IbisDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var ids = (http.Request.Query["ids"].ToString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length is 0 or > MediumSpec.SheetLabels)
            throw ApiException.Invalid("ids_invalid", $"ids: 1 to {MediumSpec.SheetLabels} indicium ids, comma-separated", "ids");
        var position = int.TryParse(http.Request.Query["position"], System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 1;
        var format = http.Request.Query["format"].ToString() switch
        {
            "" or "pdf" => RenderFormat.Pdf,
            "png" => RenderFormat.Png,
            "svg" => RenderFormat.Svg,
            var other => throw ApiException.Invalid("format_invalid", $"format '{other}' is not pdf, png or svg", "format"),
        };
        var rows = await db.Indicia.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        var contents = new List<IndiciumContent>();
        foreach (var id in ids)
        {
            var row = rows.FirstOrDefault(r => r.Id == id) ?? throw ApiException.NotFound("indicium", id);
            var device = await db.Devices.AsNoTracking().FirstAsync(d => d.Id == row.DeviceId, ct);
            if (!DeviceAccess.MayUse(caller, device)) throw ApiException.NotFound("indicium", id);
            if (row.Variant != IndiciumVariant.Standard.Name())
                throw ApiException.Invalid("variant_not_on_sheet", $"{id} is a {row.Variant} indicium; it goes on the non-address side of the piece, not on a sheet label", "ids");
            var license = await db.Licenses.AsNoTracking().FirstAsync(l => l.Id == device.LicenseId, ct);
            var data = IndiciumCodec.Parse(row.Data).Value;
            var category = RateCategory.FromCode(data.RateCategory) ?? RateCategory.FirstClassLetter;
            var piece = await IndiciumImages.Mailpiece(db, device, license, category, IndiciumVariant.Standard, data.MailingDate, row.OmitDay, data.Postage,
                DataMatrixEncoder.Encode(row.Data), Medium.SheetLabel, designId: null, adId: null, row.MailedFromZip, ct);
            contents.Add(piece.Indicia[0]);
        }
        var request = new MailpieceRequest
        {
            Indicia = contents,
            Medium = Medium.SheetLabel,
            Fim = FimKind.None,
            SheetPosition = position,
        };
        var bytes = MailpieceRenderer.Render(request, format);
        return format switch
        {
            RenderFormat.Png => Results.File(bytes, "image/png"),
            RenderFormat.Svg => Results.File(bytes, "image/svg+xml"),
            _ => Results.File(bytes, "application/pdf", "labels.pdf"),
        };
    }
}
