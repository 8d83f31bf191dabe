using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Rendering;
using Ibis.Rendering.Mailpieces;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Rates;
using IndiciumVariant = Ibis.Domain.Indicia.IndiciumVariant;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

public static class IndiciaApi
{
    public static void MapIndicia(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Indicia"); // one tag per module in the API reference
        v1.MapIndiciaList();
        v1.MapPost("/devices/{deviceId}/indicia", Print)
            .WithName("PrintIndicium")
            .WithSummary("Print one indicium: debits the device's descending register and returns the signed indicium.")
            .Accepts<PrintIndiciumRequest>("application/json")
            .Produces<IndiciumView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(402).ProducesProblem(404).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/indicia/batch", PrintBatch)
            .WithName("PrintIndiciumBatch")
            .WithSummary("Print up to 1,000 indicia in one transaction: all or nothing, AR rising piece by piece.")
            .Accepts<PrintBatchRequest>("application/json")
            .Produces<IndiciumBatchView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(402).ProducesProblem(404).ProducesProblem(409);
        v1.MapGet("/indicia/{id}", Get)
            .WithName("GetIndicium")
            .WithSummary("An indicium (or REDATE imprint) as JSON; append .png, .svg or .pdf for an image, ?medium=envelope-10 etc. to choose the medium (default: the one it was printed for; PDF: a #10 envelope), ?position=1-30 on sheet labels. The recipient address, its IMb and FIM A (courtesy reply, P050 4.12) are those printed with it.")
            .WithQuery("medium", "The medium to render on (default: the one it was printed for).", enumeration: MediumSpec.Every.Select(m => m.Name).ToList())
            .WithQuery("position", "On sheet labels: the label, 1 to 30.", Microsoft.OpenApi.JsonSchemaType.Integer)
            .Produces<IndiciumView>()
            .ProducesFile("The indicium as JSON (id), or as an image: id.png, id.svg, id.pdf.", "application/json", "image/png", "image/svg+xml", "application/pdf")
            .ProducesProblem(404);
    }

    private static async Task<IResult> Print(string deviceId, HttpContext http, PrintIndicium printer, PrintRedate redate, CancellationToken ct)
    {
        var (request, idempotent) = await IdempotentBody.Read<PrintIndiciumRequest>(http, ct);
        var piece = ToPiece(request);
        return piece.Variant == IndiciumVariant.Redate
            ? (await redate.Handle(Caller.From(http.User), deviceId, piece, ct)).ToResult(http)
            : (await printer.Handle(Caller.From(http.User), deviceId, [piece], PrintAnswer.One, idempotent, ct)).ToResult(http);
    }

    private static async Task<IResult> PrintBatch(string deviceId, HttpContext http, PrintIndicium printer, CancellationToken ct)
    {
        var (request, idempotent) = await IdempotentBody.Read<PrintBatchRequest>(http, ct);
        if (request.Pieces is null) throw ApiException.Invalid("pieces_required", "pieces (an array of 1 to 1000 pieces) is required", "pieces");
        var pieces = new List<PieceRequest>(request.Pieces.Count);
        var all = new ValidationErrors();
        for (var i = 0; i < request.Pieces.Count; i++)
        {
            // Every bad field of every piece is reported at once, each named pieces[i].field.
            var errors = new ValidationErrors();
            if (request.Pieces[i] is not { } input) errors.Add("piece_required", "a piece is null", null);
            else if (ToPiece(input, errors) is { } piece) pieces.Add(piece);
            foreach (var e in errors.Errors)
                all.Add(e.Code, $"piece {i}: {e.Message}", e.Param is null ? $"pieces[{i}]" : $"pieces[{i}].{e.Param}");
        }
        all.ThrowIfAny();
        return (await printer.Handle(Caller.From(http.User), deviceId, pieces, PrintAnswer.Batch, idempotent, ct)).ToResult(http);
    }

    private static async Task<IResult> Get(string id, HttpContext http, IbisDb db, IndiciumImages images, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (bare, ext) = SplitExtension(id);
        Medium? medium = null;
        if (http.Request.Query["medium"] is { Count: > 0 } m)
            medium = MediumSpec.Every.FirstOrDefault(s => s.Name == m.ToString())?.Medium
                     ?? throw ApiException.Invalid("medium_unknown", $"medium '{m}' is not one of: {string.Join(", ", MediumSpec.Every.Select(s => s.Name))}", "medium");
        if (Ids.HasShape(bare, "rdt"))
        {
            var redate = await db.Redates.AsNoTracking().FirstOrDefaultAsync(r => r.Id == bare, ct) ?? throw ApiException.NotFound("indicium", bare);
            var owner = await db.Devices.AsNoTracking().FirstAsync(d => d.Id == redate.DeviceId, ct);
            if (!DeviceAccess.MayUse(caller, owner)) throw ApiException.NotFound("indicium", bare);
            return ext switch
            {
                null => Results.Ok(RedateView.From(redate)),
                "png" => Results.File(await images.RenderRedate(redate, RenderFormat.Png, medium, ct), "image/png"),
                "svg" => Results.File(await images.RenderRedate(redate, RenderFormat.Svg, medium, ct), "image/svg+xml"),
                "pdf" => Results.File(await images.RenderRedate(redate, RenderFormat.Pdf, medium, ct), "application/pdf", $"{redate.Id}.pdf"),
                _ => throw ApiException.NotFound("indicium", id),
            };
        }
        if (!Ids.HasShape(bare, "ind")) throw ApiException.NotFound("indicium", id);
        int? position = null;
        if (http.Request.Query["position"] is { Count: > 0 } pos)
            position = int.TryParse(pos.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MediumSpec.SheetLabels
                ? n : throw ApiException.Invalid("sheet_position_invalid", $"position is a label of the sheet, 1 to {MediumSpec.SheetLabels}", "position");
        var row = await db.Indicia.AsNoTracking().FirstOrDefaultAsync(i => i.Id == bare, ct) ?? throw ApiException.NotFound("indicium", bare);
        var device = await db.Devices.AsNoTracking().FirstAsync(d => d.Id == row.DeviceId, ct);
        if (!DeviceAccess.MayUse(caller, device)) throw ApiException.NotFound("indicium", bare);
        return ext switch
        {
            null => Results.Ok(IndiciumView.From(row)),
            "png" => Results.File(await images.Render(row, IndiciumImageFormat.Png, ct, medium, position), "image/png"),
            "svg" => Results.File(await images.Render(row, IndiciumImageFormat.Svg, ct, medium, position), "image/svg+xml"),
            "pdf" => Results.File(await images.Render(row, IndiciumImageFormat.Pdf, ct, medium, position), "application/pdf", $"{row.Id}.pdf"),
            _ => throw ApiException.NotFound("indicium", id),
        };
    }

    internal static PieceRequest ToPiece(PrintIndiciumRequest r)
    {
        var errors = new ValidationErrors();
        var piece = ToPiece(r, errors);
        errors.ThrowIfAny();
        return piece!;
    }

    /// <summary>
    /// Reads one piece, collecting every bad field in <paramref name="errors"/> (each with its param) instead of
    /// stopping at the first, so a client fixes them all at once; null when any was bad.
    /// </summary>
    internal static PieceRequest? ToPiece(PrintIndiciumRequest r, ValidationErrors errors)
    {
        var before = errors.Errors.Count;
        var category = errors.Try(() => PieceInput.Category(r.MailClass, r.RateCategory));
        var variant = errors.Try(() => IndiciumVariants.Parse(r.Variant)
                      ?? throw ApiException.Invalid("variant_unknown", $"variant '{r.Variant}' is not one of standard, redate, postage_correction", "variant"));
        // P050 4.8: a REDATE is not priced, so it needs no weight.
        var weight = r.WeightOz ?? (variant == IndiciumVariant.Redate ? 0m : errors.Try<decimal>(() => throw ApiException.Invalid("weight_required", "weight_oz is required", "weight_oz")));
        var postage = errors.Try(() => r.Postage?.Parse("postage"));
        var date = errors.Try(() => PieceInput.Date(r.MailingDate));
        Medium? medium = null;
        if (!string.IsNullOrEmpty(r.Medium))
            medium = errors.Try<Medium?>(() => MediumSpec.Every.FirstOrDefault(m => m.Name == r.Medium)?.Medium
                     ?? throw ApiException.Invalid("medium_unknown", $"medium '{r.Medium}' is not one of: {string.Join(", ", MediumSpec.Every.Select(m => m.Name))}", "medium"));
        var destination = errors.Try(() => PieceInput.Zip(r.DestinationZip, "destination_zip"));
        var origin = errors.Try(() => PieceInput.Zip(r.OriginZip, "origin_zip"));
        var mailedFrom = errors.Try(() => PieceInput.Zip(r.MailedFromZip, "mailed_from_zip"));
        var to = r.ToAddress is null ? null : errors.Try(() => ToAddress(r.ToAddress));
        var from = r.FromAddress is null ? null : errors.Try(() => FromAddress(r.FromAddress));
        var fromId = string.IsNullOrWhiteSpace(r.FromAddressId) ? null : r.FromAddressId.Trim();
        if (from is not null && fromId is not null)
            errors.Add("from_address_conflict", "give from_address or from_address_id, not both", "from_address_id");
        if (errors.Errors.Count > before) return null;
        return new PieceRequest(category!, weight, postage, date!, destination)
        {
            OriginZip = origin,
            Variant = variant,
            Medium = medium,
            DesignId = string.IsNullOrEmpty(r.DesignId) ? null : r.DesignId,
            AdId = string.IsNullOrEmpty(r.AdId) ? null : r.AdId,
            OmitDay = r.OmitDay ?? false,
            MailedFromZip = mailedFrom,
            CorrectsIndiciumId = string.IsNullOrEmpty(r.CorrectsIndiciumId) ? null : r.CorrectsIndiciumId,
            PieceGroup = string.IsNullOrEmpty(r.PieceGroup) ? null : r.PieceGroup,
            ToAddress = to,
            CourtesyReply = r.CourtesyReply ?? false,
            FromAddress = from,
            FromAddressId = fromId,
        };
    }

    /// <summary>The sender, checked like the recipient: a bad field is a 400 naming it (from_address.zip5), nothing printed.</summary>
    private static ReturnAddress FromAddress(FromAddressInput a) =>
        ReturnAddress.Create(a.Name, a.Company, a.Lines, a.City, a.State, a.Zip5, a.Zip4, out var problem)
        ?? throw ApiException.Invalid(problem!.Code, $"from_address: {problem.Message}", $"from_address.{problem.Field}");

    /// <summary>The recipient, checked before anything is priced: a bad state or ZIP is a 400 naming the field, nothing printed.</summary>
    private static DeliveryAddress ToAddress(ToAddressInput a) =>
        DeliveryAddress.Create(a.Name, a.Lines, a.City, a.State, a.Zip5, a.Zip4, a.DeliveryPoint, out var problem)
        ?? throw ApiException.Invalid(problem!.Code, $"to_address: {problem.Message}", $"to_address.{problem.Field}");

    private static (string Id, string? Extension) SplitExtension(string id)
    {
        var dot = id.LastIndexOf('.');
        return dot < 0 ? (id, null) : (id[..dot], id[(dot + 1)..].ToLowerInvariant());
    }
}
