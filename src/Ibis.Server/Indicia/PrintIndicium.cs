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

/// <summary>One piece a licensee asks to print.</summary>
public sealed record PieceRequest(RateCategory Category, decimal WeightOz, Mills? Postage, DateOnly MailingDate, Zip5? DestinationZip)
{
    /// <summary>Where the piece enters the mail, for its zone; null: the licensing post office (P050 5.3).</summary>
    public Zip5? OriginZip { get; init; }
    public IndiciumVariant Variant { get; init; } = IndiciumVariant.Standard;
    public Medium? Medium { get; init; }
    public string? DesignId { get; init; }
    public string? AdId { get; init; }
    public bool OmitDay { get; init; }
    public Zip5? MailedFromZip { get; init; }
    public string? CorrectsIndiciumId { get; init; }
    /// <summary>Indicia of one mailpiece share a group (multi-denomination, P050 4.5).</summary>
    public string? PieceGroup { get; init; }
    /// <summary>The recipient, printed with an Intelligent Mail barcode in the address block.</summary>
    public DeliveryAddress? ToAddress { get; init; }
    /// <summary>A courtesy reply envelope: FIM A instead of FIM D (P050 4.12).</summary>
    public bool CourtesyReply { get; init; }
    /// <summary>The sender's return address printed in the upper-left corner (not signed, not part of the indicium).</summary>
    public ReturnAddress? FromAddress { get; init; }
    /// <summary>An address book entry to print as the return address, or "none"; resolved into <see cref="FromAddress"/> before pricing.</summary>
    public string? FromAddressId { get; init; }
}

/// <summary>A piece after every rule of P050 1.5 and 4 was checked: what it costs and how it prints.</summary>
internal sealed record PricedPiece(PieceRequest Piece, Mills Postage, Mills Due, string RateTableId, int? Zone, Zip5? Origin, string DesignId);

/// <summary>
/// The issuance path (DESIGN §3): authorise, then check and price every piece — date (P050 4.6,
/// 4.7), class and weight against the rate table in force on its date of mailing and its zone
/// (P050 1.5), design (4.1), advertising (4.10), and the layout on the chosen medium (4.4–4.12) —
/// before any register is touched; then one device transaction (<see cref="PsdTransaction"/>)
/// debits DR and credits AR piece by piece, signs each indicium and inserts it. A batch is all or
/// nothing. A REDATE (4.8) spends nothing and touches no register. Nothing here is shared between devices.
/// </summary>
public sealed class PrintIndicium(IbisDb db, PsdTransaction psd, IKeyStore keys, TimeProvider clock, RateTables rates, ApiJson json, IConfiguration config, CertificateValidityCache certificates, ReferenceCache cache, ILogger<PrintIndicium> log)
{
    private readonly ImbSettings _imb = new(config);

    public const int MaxBatch = 1000;

    /// <summary>From this many pieces a batch signs in parallel; below it the hand-off costs more than it saves.</summary>
    private const int ParallelSigningFrom = 16;

    public async Task<ApiReply> Handle(Caller caller, string deviceId, IReadOnlyList<PieceRequest> pieces, bool batch, IdempotentRequest request, CancellationToken ct)
    {
        if (pieces.Count is 0 or > MaxBatch)
            throw ApiException.Invalid("batch_size_invalid", $"a batch holds 1 to {MaxBatch} pieces (got {pieces.Count})", "pieces");
        Rules.Check(new RedateMustBePrintedAloneRule(batch, pieces.Any(p => p.Variant == IndiciumVariant.Redate)));
        pieces = await ReturnAddresses.Resolve(db, cache, caller, pieces, batch, ct);
        if (pieces.Any(p => p.Variant == IndiciumVariant.Redate))
            return await Redate(caller, deviceId, pieces[0], ct);
        if (!Ids.HasShape(deviceId, "psd")) throw ApiException.NotFound("device", deviceId);

        // Issue 17: three round trips on PostgreSQL — the device row locked and read with its license, standings and
        // the answer kept under the Idempotency-Key in one statement, the inserts and the register update, the commit. So the device is not read before its transaction: the
        // caller is admitted on the locked row, and the pieces are checked and priced under the lock
        // (from the reference data in memory) before any register moves.
        List<PricedPiece> priced = [];
        var printed = await psd.Run(deviceId, request, async ctx =>
        {
            var d = ctx.Device;
            var license = ctx.License ?? throw new InvalidOperationException($"device {d.Id} names license {d.LicenseId}, which does not exist");
            var licensingZip = Zip5.Parse(license.PostOfficeZip).Value;
            priced = await PriceAll(pieces, batch, ctx.Now, new PieceContext(ctx.Db, d, license, rates, cache, ct));
            CheckPieceGroups(priced, batch);

            // The standings were read with the device's newest records, in the transaction's one read (DeviceStanding).
            var standing = ctx.Standing;
            Rules.Check(new LicenseMustBeValidRule(d.LicenseId!, standing.LicenseStatus));
            Rules.Check(new Domain.Organisations.ProviderMustBeAuthorizedRule(d.ProviderId, standing.ProviderStatus));
            Rules.Check(new Domain.Licensing.DeviceMustBeUnderActiveLeaseRule(d.Id, d.LeaseId, standing.LeaseStatus));
            Rules.Check(new DeviceMustBeInServiceRule(d.Status, d.LockReason));
            // §502.28: nothing is signed under a revoked certificate or one that ends before the date of
            // mailing; checked before the watchdog because an audit cannot cure it, only a key rollover.
            await certificates.RequireSigningCertificate(ctx.Db, d.CertificateSerial, standing.CertificateRevoked, standing.CertificateRevocationReason,
                ctx.Now, priced.Max(p => p.Piece.MailingDate), ct);
            Rules.Check(new WatchdogRule(d.WatchdogDeadline, ctx.Now));

            // USPS-B-3200: an addressed piece's IMb serial starts with the device's slot under the mailer ID,
            // taken before any register moves so that running out of slots spends nothing.
            Imb? imb = null;
            if (priced.Any(p => p.Piece.ToAddress is not null))
            {
                var mailerId = _imb.MailerIdFor(d.ProviderId);
                imb = new Imb(mailerId, await AllocateImbSlot.For(ctx, mailerId, _imb.DeviceSlots(mailerId), ct));
            }

            // Registers move piece by piece (each indicium carries the registers after itself); the
            // signatures then depend on nothing but their own piece, so a batch signs on every core.
            // P050 3.6: a batch that does not fit says what it needs, what DR holds and the first piece that does not fit.
            var after = ctx.Psd.Print(priced.ConvertAll(p => p.Postage), batch);
            var rows = new IndiciumRow[priced.Count];
            if (priced.Count >= ParallelSigningFrom)
            {
                try
                {
                    Parallel.For(0, priced.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                        i => rows[i] = Issue(d, priced[i], after[i], licensingZip, ctx.Now, imb));
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    // The key store's own exception, as a sequential batch would throw it.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                }
            }
            else
                for (var i = 0; i < priced.Count; i++) rows[i] = Issue(d, priced[i], after[i], licensingZip, ctx.Now, imb);
            // A batch's rows go in by bulk insert (COPY on PostgreSQL), untracked; a single piece rides in the
            // transaction's one SaveChanges batch with the register update (PrintRoundTripTests).
            if (batch) await ctx.Record(rows, ct);
            else foreach (var row in rows) ctx.Record(row);
            var views = new List<IndiciumView>(rows.Length);
            foreach (var row in rows) views.Add(IndiciumView.From(row));
            return batch
                ? new PsdOutcome(StatusCodes.Status201Created, new IndiciumBatchView("list", views, views.Count, MoneyView.Of(priced.Aggregate(Mills.Zero, (s, p) => s + p.Postage))))
                : new PsdOutcome(StatusCodes.Status201Created, views[0], $"/v1/indicia/{views[0].Id}");
        }, ct, admit: d =>
        {
            DeviceAccess.Admit(caller, d);
            Rules.Check(new Domain.Indicia.OnlyTheLicenseePrintsRule(caller.Role == Caller.LicenseeRole)); // P050 1.3: never the provider's key
        });
        IndiciaLog.Printed(log, printed, deviceId, priced.Count, priced.Sum(p => p.Postage.Value), batch, caller.IsSandbox);
        return printed;
    }

    /// <summary>
    /// Checks and prices every piece (P050 1.5, 4). A batch is mostly pieces of a few shapes: each distinct
    /// request is checked and priced once (issue 17); a refusal names the batch's piece.
    /// </summary>
    private async Task<List<PricedPiece>> PriceAll(IReadOnlyList<PieceRequest> pieces, bool batch, DateTimeOffset now, PieceContext context)
    {
        var license = context.License;
        var licensingZip = Zip5.Parse(license.PostOfficeZip).Value;
        // Reference data from memory (ReferenceCache): the schedule, rate tables and designs change rarely and drop out when written.
        var schedule = await cache.Get("collection_schedules", license.PostOfficeZip, () => CollectionSchedulesApi.For(context.Db, license.PostOfficeZip, context.Ct));
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

    /// <summary>A REDATE (P050 4.8): checked like a print, before any transaction, and spending nothing.</summary>
    private async Task<ApiReply> Redate(Caller caller, string deviceId, PieceRequest piece, CancellationToken ct)
    {
        var (device, license) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        Rules.Check(new Domain.Indicia.OnlyTheLicenseePrintsRule(caller.Role == Caller.LicenseeRole)); // P050 1.3: never the provider's key
        var now = clock.GetUtcNow();
        var priced = await PriceAll([piece], batch: false, now, new PieceContext(db, device, license, rates, cache, ct));
        return await Redate(device, license, priced[0], now, ct);
    }

    /// <summary>
    /// A dry run for the portal's price step and CSV preview: every piece priced and checked by the
    /// same rules as a print (<see cref="Price"/>), each on its own, nothing spent and no register
    /// touched. A piece that would be refused carries the refusal instead of a price.
    /// </summary>
    public async Task<IReadOnlyList<PieceQuote>> Preview(Caller caller, string deviceId, IReadOnlyList<PieceRequest> pieces, CancellationToken ct)
    {
        if (pieces.Count is 0 or > MaxBatch)
            throw ApiException.Invalid("batch_size_invalid", $"a batch holds 1 to {MaxBatch} pieces (got {pieces.Count})", "pieces");
        var (device, license) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        Rules.Check(new Domain.Indicia.OnlyTheLicenseePrintsRule(caller.Role == Caller.LicenseeRole));
        var licensingZip = Zip5.Parse(license.PostOfficeZip).Value;
        pieces = await ReturnAddresses.Resolve(db, cache, caller, pieces, batch: true, ct);
        var now = clock.GetUtcNow();
        var schedule = await CollectionSchedulesApi.For(db, license.PostOfficeZip, ct);
        var context = new PieceContext(db, device, license, rates, cache, ct);
        var quotes = new List<PieceQuote>(pieces.Count);
        foreach (var piece in pieces)
        {
            try
            {
                var priced = await Price(piece, now, schedule, licensingZip, context);
                quotes.Add(new PieceQuote(priced.Postage, priced.Due, priced.Zone, null));
            }
            catch (BusinessRuleViolationException e)
            {
                quotes.Add(new PieceQuote(null, null, null, ApiException.FromRule(e.Rule)));
            }
            catch (ApiException e)
            {
                quotes.Add(new PieceQuote(null, null, null, e));
            }
        }
        return quotes;
    }

    /// <summary>The mailer ID a device prints IMbs under and its slot there.</summary>
    private sealed record Imb(string MailerId, int Slot);

    /// <summary>Lookups shared by the pieces of one request (tables per date, designs, ads, corrected indicia).</summary>
    private sealed class PieceContext(IbisDb db, DeviceRow device, LicenseRow license, RateTables rates, ReferenceCache cache, CancellationToken ct)
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

    private async Task<PricedPiece> Price(PieceRequest p, DateTimeOffset now, CollectionSchedule? schedule, Zip5 licensingZip, PieceContext c)
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
    private static void CheckPieceGroups(List<PricedPiece> priced, bool batch)
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
        var id = p.DesignId ?? IndiciumDesignsApi.BuiltInFor(p.Medium ?? IndiciumImages.DefaultMedium);
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

    /// <summary>
    /// P050 4.8: a REDATE imprint. It carries the device ID and the post office, so it needs a valid
    /// license and a device in service, but it spends no postage, so no register moves and no
    /// signature or idempotency record is needed (printing it twice costs nothing).
    /// </summary>
    private async Task<ApiReply> Redate(DeviceRow device, LicenseRow license, PricedPiece priced, DateTimeOffset now, CancellationToken ct)
    {
        Rules.Check(new LicenseMustBeValidRule(license.Id, license.Status));
        Rules.Check(new DeviceMustBeInServiceRule(device.Status, device.LockReason));
        var p = priced.Piece;
        var row = new RedateRow
        {
            DeviceId = device.Id, Id = Ids.New("rdt"), MailingDate = p.MailingDate, MailClass = p.Category.MailClass, RateCategory = p.Category.Name,
            CorrectsIndiciumId = p.CorrectsIndiciumId, DesignId = priced.DesignId, Medium = p.Medium is { } m ? MediumSpec.Of(m).Name : null,
            MailedFromZip = p.MailedFromZip?.ToString(), Sandbox = device.Sandbox, CreatedAt = now,
        };
        db.Redates.Add(row);
        await db.SaveChangesAsync(ct);
        return new ApiReply(StatusCodes.Status201Created, json.Serialize(RedateView.From(row)), $"/v1/indicia/{row.Id}", Replayed: false);
    }

    private IndiciumRow Issue(DeviceRow d, PricedPiece priced, Registers after, Zip5 licensingZip, DateTimeOffset now, Imb? imb)
    {
        var piece = priced.Piece;
        var data = new IndiciumData
        {
            CertificateSerial = (ulong)d.CertificateSerial,
            Device = new DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial),
            AscendingRegister = after.Ascending,
            Postage = priced.Postage,
            MailingDate = piece.MailingDate,
            LicensingZip = licensingZip,
            DescendingRegister = after.Descending,
            RateCategory = piece.Category.Code,
            PieceCount = checked((uint)after.PieceCount),
            DestinationZip = piece.DestinationZip,
        };
        var signature = keys.Sign(d.KeyHandle, IndiciumCodec.SignedMessage(data)); // v2: under the indicium context tag
        return new IndiciumRow
        {
            DeviceId = d.Id,
            Id = Ids.New("ind"),
            PieceNumber = after.PieceCount,
            Data = IndiciumCodec.Encode(data with { Signature = signature }),
            PostageMills = priced.Postage.Value,
            AmountDueMills = priced.Due.Value,
            AscendingAfterMills = after.Ascending.Value,
            DescendingAfterMills = after.Descending.Value,
            MailClass = piece.Category.MailClass,
            RateCategory = piece.Category.Name,
            WeightOz = piece.WeightOz.ToString(CultureInfo.InvariantCulture),
            MailingDate = piece.MailingDate,
            DestinationZip = piece.DestinationZip?.ToString(),
            Sandbox = d.Sandbox,
            CreatedAt = now,
            Variant = piece.Variant.Name(),
            DesignId = priced.DesignId,
            AdvertisementId = piece.AdId,
            Medium = piece.Medium is { } m ? MediumSpec.Of(m).Name : null,
            OriginZip = priced.Origin?.ToString(),
            Zone = priced.Zone,
            RateTableId = priced.RateTableId,
            OmitDay = piece.OmitDay,
            MailedFromZip = piece.MailedFromZip?.ToString(),
            CorrectsIndiciumId = piece.CorrectsIndiciumId,
            CourtesyReply = piece.CourtesyReply,
            ToName = piece.ToAddress?.Name,
            ToLines = piece.ToAddress is { } to ? string.Join('\n', to.Lines) : null,
            ToCity = piece.ToAddress?.City,
            ToState = piece.ToAddress?.State,
            ToZip5 = piece.ToAddress?.Zip.ToString(),
            ToZip4 = piece.ToAddress?.Zip4,
            ToDeliveryPoint = piece.ToAddress?.DeliveryPoint,
            FromName = piece.FromAddress?.Name,
            FromCompany = piece.FromAddress?.Company,
            FromLines = piece.FromAddress is { } from ? string.Join('\n', from.Lines) : null,
            FromCity = piece.FromAddress?.City,
            FromState = piece.FromAddress?.State,
            FromZip5 = piece.FromAddress?.Zip.ToString(),
            FromZip4 = piece.FromAddress?.Zip4,
            // USPS-B-3200: routing code = the recipient's delivery point ZIP; tracking code = barcode ID,
            // STID, the provider's mailer ID and a serial unique per mailer ID: device slot + piece number (ImbTrackingCode).
            ImbTrackingCode = piece.ToAddress is null || imb is null ? null : _imb.TrackingCode(imb.MailerId, imb.Slot, after.PieceCount),
        };
    }
}

/// <summary>A piece priced without printing: its postage and amount due, or the refusal a print would meet.</summary>
public sealed record PieceQuote(Mills? Postage, Mills? Due, int? Zone, ApiException? Refusal);

public sealed record IndiciumBatchView(string Object, IReadOnlyList<IndiciumView> Data, int Count, MoneyView TotalPostage);
