using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Ibis.Rendering.Mailpieces;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Ibis.Server.Psd;
using Ibis.Server.Rates;
using Microsoft.EntityFrameworkCore;
using IndiciumVariant = Ibis.Domain.Indicia.IndiciumVariant;

namespace Ibis.Server.Indicia;

/// <summary>
/// Every check of a piece before any register moves, and its price (P050 1.5, 4): the date of mailing (4.6, 4.7), class
/// and weight against the rate table in force on that date and its zone (1.5), the design (4.1), advertising (4.10), the
/// mailed-from ZIP, a correction's postage, multi-denomination groups (4.5) and the layout on the chosen medium
/// (4.4–4.12). Shared by the print (<see cref="PrintIndicium"/>) and its dry run (<see cref="QuotePieces"/>), so a
/// quote and a print can never disagree.
/// </summary>
public sealed class PiecePricing(RateTables rates, ReferenceCache cache, IConfiguration config)
{
    private readonly ImbSettings _imb = new(config);

    /// <summary>The IMb settings the layouts are checked with (the print uses the same).</summary>
    internal ImbSettings Imb => _imb;

    /// <summary>The lookups shared by the pieces of one request on one device.</summary>
    internal PieceContext For(IbisDb db, DeviceRow device, LicenseRow license, CancellationToken ct) => new(db, device, license, rates, cache, ct);

    /// <summary>
    /// Checks and prices every piece (P050 1.5, 4). A batch is mostly pieces of a few shapes: each distinct
    /// request is checked and priced once (issue 17); a refusal names the batch's piece.
    /// </summary>
    internal async Task<List<PricedPiece>> PriceAll(IReadOnlyList<PieceRequest> pieces, bool batch, DateTimeOffset now, PieceContext context)
    {
        var license = context.License;
        var licensingZip = Zip5.Parse(license.PostOfficeZip).Value;
        // Reference data from memory (ReferenceCache): the schedule, rate tables and designs change rarely and drop out when written.
        var schedule = await cache.Get("collection_schedules", license.PostOfficeZip, () => CollectionSchedules.For(context.Db, license.PostOfficeZip, context.Ct));
        var priced = new List<PricedPiece>(pieces.Count);
        var shapes = new Dictionary<PieceRequest, PricedPiece>();
        for (var i = 0; i < pieces.Count; i++)
        {
            try
            {
                if (!shapes.TryGetValue(pieces[i], out var piece))
                    shapes[pieces[i]] = piece = await Price(pieces[i], now, schedule, licensingZip, context);
                priced.Add(piece);
            }
            catch (BusinessRuleViolationException e) when (batch)
            {
                throw ApiException.FromRule(e.Rule).OfPiece(i);
            }
            catch (ApiException e) when (batch)
            {
                throw e.OfPiece(i);
            }
        }
        return priced;
    }

    internal async Task<PricedPiece> Price(PieceRequest p, DateTimeOffset now, CollectionSchedule? schedule, Zip5 licensingZip, PieceContext c)
    {
        Rules.Check(MailingDateRule.At(p.MailingDate, now, schedule)); // P050 4.7: today, or the next collection day after the last collection
        Rules.Check(new CompleteDateRule(p.Category, p.OmitDay));                                   // P050 4.6
        var designId = await Design(p, c);
        await Ad(p, c);
        await MailedFrom(p, c);

        Mills postage, due;
        string tableId = "";
        int? zone = null;
        Zip5? origin = null;
        if (p.Variant == IndiciumVariant.Redate)
        {
            // P050 4.8: REDATE instead of the postage amount; nothing is priced or spent.
            Rules.Check(new RedateCarriesNoPostageRule(p.Postage));
            postage = due = Mills.Zero;
        }
        else
        {
            var (id, table) = await c.Table(p.MailingDate); // P050 1.5: the amount due when mailed
            Rules.Check(new SampleRateTableRule(table.Name, table.Sample, Live: !c.Device.Sandbox)); // a SAMPLE list never prices live postage
            tableId = id;
            if (p.Category.PricedByZone)
            {
                var destination = p.DestinationZip ?? throw ApiException.Invalid("destination_zip_required", $"{p.Category.MailClass} is priced by zone: destination_zip is required", "destination_zip");
                origin = p.OriginZip ?? licensingZip;
                zone = table.ZoneFor(origin.Value, destination);
            }
            due = table.AmountDue(p.Category, p.WeightOz, zone);
            if (p.Variant == IndiciumVariant.PostageCorrection)
            {
                // P050 4.9, 1.6: the additional postage for a short-paid piece.
                Rules.Check(new CorrectionNeedsPostageRule(p.Postage));
                postage = p.Postage!.Value;
                Rules.Check(new PostageMustBePositiveRule(postage));
                if (p.CorrectsIndiciumId is { } correctedId)
                {
                    var paid = await CorrectedPostage(correctedId, c);
                    Rules.Check(new CorrectionMustCoverShortfallRule(postage, paid, due));
                    due = Mills.Max(Mills.Zero, due - paid);
                }
                else
                {
                    due = postage;
                }
            }
            else if (p.PieceGroup is not null)
            {
                // One of several indicia of one piece: it states its share; the group covers the amount due.
                Rules.Check(new DenominationMustStatePostageRule(p.Postage));
                postage = p.Postage!.Value;
                Rules.Check(new PostageMustBePositiveRule(postage));
            }
            else
            {
                postage = p.Postage ?? due;
                Rules.Check(new PostageMustBePositiveRule(postage));
                Rules.Check(new PostageMustCoverAmountDueRule(postage, due)); // P050 1.5
            }
        }
        if (p.Variant == IndiciumVariant.Redate && p.CorrectsIndiciumId is { } redated) await CorrectedPostage(redated, c);

        // P050 4.4–4.12: a piece the renderer would refuse is refused now, before postage is spent.
        var medium = p.Medium ?? IndiciumImages.DefaultMedium;
        // P050 4.12: FIM A replaces FIM D on a courtesy reply envelope; a label, REDATE or correction bears no FIM at all.
        if (p.CourtesyReply && MediumSpec.Of(medium).DefaultFim(p.Variant) != FimKind.D)
            throw new BusinessRuleViolationException(new LayoutRule("P050 4.12", $"FIM A goes on a courtesy reply envelope; a {p.Variant.Name()} indicium on a {MediumSpec.Of(medium).Description} bears no FIM", "courtesy_reply"));
        if (p.Medium is not null || p.AdId is not null || p.Variant != IndiciumVariant.Standard || p.MailedFromZip is not null || p.DesignId is not null || p.ToAddress is not null || p.FromAddress is not null)
        {
            var key = $"{p.Medium}|{designId}|{p.AdId}|{p.Variant}|{p.Category.Code}|{p.MailedFromZip}|{p.OmitDay}|{postage.Value.ToString(CultureInfo.InvariantCulture).Length}|{string.Join('/', p.ToAddress?.PrintedLines ?? [])}|{string.Join('/', p.FromAddress?.PrintedLines ?? [])}";
            if (c.FirstLayout(key))
            {
                // The tracking code is made when the slot and piece number are known; a code of the same shape stands in for it.
                var recipient = p.ToAddress is { } to ? IndiciumImages.Recipient(to, _imb.TrackingCode(_imb.MailerIdFor(c.Device.ProviderId), 0, 0)) : null;
                var mailpiece = await IndiciumImages.Mailpiece(c.Db, c.Device, c.License, p.Category, p.Variant, p.MailingDate, p.OmitDay, postage, barcode: null,
                    medium, designId, p.AdId, p.MailedFromZip?.ToString(), c.Ct, recipient, p.CourtesyReply, IndiciumImages.Sender(p.FromAddress));
                var broken = LayoutValidator.Preflight(mailpiece);
                // The renderer calls the address blocks "recipient" and "return_address"; the request calls them to_address and from_address.
                if (broken.Count > 0)
                    throw new BusinessRuleViolationException(broken[0].Field switch
                    {
                        "recipient" => broken[0] with { Field = "to_address" },
                        "return_address" => broken[0] with { Field = "from_address" },
                        _ => broken[0],
                    });
            }
        }
        return new PricedPiece(p, postage, due, tableId, zone, origin, designId);
    }

    /// <summary>
    /// Multi-denomination (P050 4.5): the indicia of one piece describe the same piece, and their
    /// postage together must equal or exceed its amount due (P050 1.5).
    /// </summary>
    internal static void CheckPieceGroups(List<PricedPiece> priced, bool batch)
    {
        var groups = priced.Select((p, i) => (p, i)).Where(x => x.p.Piece.PieceGroup is not null).GroupBy(x => x.p.Piece.PieceGroup!);
        foreach (var group in groups)
        {
            var (first, _) = group.First();
            var (_, last) = group.Last();
            var field = batch ? $"pieces[{last}].postage" : "postage";
            if (group.Any(x => x.p.Piece.Category != first.Piece.Category || x.p.Piece.WeightOz != first.Piece.WeightOz || x.p.Zone != first.Zone
                               || x.p.Piece.MailingDate != first.Piece.MailingDate || x.p.Piece.Variant != first.Piece.Variant))
                throw ApiException.Invalid("piece_group_inconsistent", $"the indicia of piece group '{group.Key}' must describe the same piece (class, weight, zone, date)", batch ? $"pieces[{last}].piece_group" : "piece_group");
            var total = group.Aggregate(Mills.Zero, (s, x) => s + x.p.Postage);
            var rule = new PostageMustCoverAmountDueRule(total, first.Due);
            if (rule.IsBroken())
            {
                var error = ApiException.FromRule(rule);
                throw new ApiException(error.Status, error.Code, $"piece group '{group.Key}': {rule.Message}", field);
            }
        }
    }

    /// <summary>
    /// P050 4.5 alternative: "Mailed From ZIP Code" and the mailer's delivery address ZIP. That ZIP is
    /// only on record inside the sealed customer record and 3601-A (personal data, opened only by the
    /// privacy workflows), and the clear licensing post office ZIP is a different thing, so the
    /// printer cannot compare against it. It takes the mailer's word for the ZIP and checks only that
    /// it is a real mailing origin: a prefix the zone chart of the rate table in force that day lists
    /// as an origin (a table without a zone chart cannot judge, so it passes).
    /// </summary>
    private static async Task MailedFrom(PieceRequest p, PieceContext c)
    {
        if (p.MailedFromZip is not { } zip) return;
        var (_, table) = await c.Table(p.MailingDate);
        if (table.Zones is { } chart && !chart.HasOrigin(zip))
            throw new BusinessRuleViolationException(new ZipNotInZoneChartRule(zip, "mailed_from_zip"));
    }

    /// <summary>P050 4.1: the named design must be registered for this provider (or built in) and approved.</summary>
    private static async Task<string> Design(PieceRequest p, PieceContext c)
    {
        var id = p.DesignId ?? SeedBuiltInDesigns.BuiltInFor(p.Medium ?? IndiciumImages.DefaultMedium);
        var row = await c.Design(id);
        Rules.Check(new DesignMustBeRegisteredRule(id, row is not null));
        Rules.Check(new DesignMustBeApprovedRule(row!.Id, row.Status));
        return row.Id;
    }

    /// <summary>P050 4.10, §502.20(d): advertising matter from the device's provider, meant for this licensee, approved.</summary>
    private static async Task Ad(PieceRequest p, PieceContext c)
    {
        if (p.AdId is null) return;
        var ad = await c.Db.Advertisements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == p.AdId && a.ProviderId == c.Device.ProviderId
                                                                                   && (a.LicenseeId == null || a.LicenseeId == c.Device.LicenseeId), c.Ct);
        Rules.Check(new AdMustBeOfferedRule(p.AdId, ad is not null));
        Rules.Check(new AdMustBeApprovedRule(ad!.Id, ad.Status));
    }

    /// <summary>The postage already on the piece being corrected: one of this licensee's indicia.</summary>
    private static async Task<Mills> CorrectedPostage(string indiciumId, PieceContext c)
    {
        var row = await c.Db.Indicia.AsNoTracking().Where(i => i.Id == indiciumId && c.Db.Devices.Any(d => d.Id == i.DeviceId && d.LicenseeId == c.Device.LicenseeId))
                      .Select(i => new { i.PostageMills }).FirstOrDefaultAsync(c.Ct)
                  ?? throw ApiException.Invalid("indicium_unknown", $"'{indiciumId}' is not one of your indicia", "corrects_indicium_id");
        return Mills.FromMills(row.PostageMills);
    }
}

/// <summary>Lookups shared by the pieces of one request (tables per date, designs, ads, corrected indicia).</summary>
internal sealed class PieceContext(IbisDb db, DeviceRow device, LicenseRow license, RateTables rates, ReferenceCache cache, CancellationToken ct)
{
    private readonly Dictionary<DateOnly, (string, RateTable)> _tables = [];
    private readonly HashSet<string> _preflighted = [];
    private readonly Dictionary<string, IndiciumDesignRow?> _designs = [];

    public DeviceRow Device => device;
    public LicenseRow License => license;
    public IbisDb Db => db;
    public CancellationToken Ct => ct;

    public async Task<(string Id, RateTable Table)> Table(DateOnly date)
    {
        if (!_tables.TryGetValue(date, out var t))
            _tables[date] = t = await cache.Get("rate_tables", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), () => rates.On(date, ct));
        return t;
    }

    /// <summary>
    /// A design by id, looked up once per request: every piece names one (the built-in design of
    /// its medium at least), and a query per piece made a batch of 100 three times slower.
    /// </summary>
    public async Task<IndiciumDesignRow?> Design(string id)
    {
        if (!_designs.TryGetValue(id, out var row))
            _designs[id] = row = await cache.Get("indicium_designs", $"{id}|{device.ProviderId}", () => db.IndiciumDesigns.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == id && (d.ProviderId == null || d.ProviderId == device.ProviderId), ct));
        return row;
    }

    /// <summary>True the first time a layout combination is seen: a batch preflights each combination once.</summary>
    public bool FirstLayout(string key) => _preflighted.Add(key);
}
