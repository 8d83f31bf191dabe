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
using Ibis.Server.UseCases;
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
/// The issuance path (DESIGN §3): authorise, then check and price every piece (<see cref="PiecePricing"/>: date,
/// P050 4.6, 4.7; class and weight against the rate table in force on its date of mailing and its zone, P050 1.5;
/// design, 4.1; advertising, 4.10; the layout on the chosen medium, 4.4–4.12) before any register is touched; then one device transaction (<see cref="PsdTransaction"/>)
/// debits DR and credits AR piece by piece, signs each indicium and inserts it. A batch is all or
/// nothing. A REDATE (4.8) spends nothing and is <see cref="PrintRedate"/>'s. Nothing here is shared between devices.
/// </summary>
public sealed class PrintIndicium(IbisDb db, PsdTransaction psd, PiecePricing pricing, IKeyStore keys, CertificateValidityCache certificates, ReferenceCache cache, ILogger<PrintIndicium> log)
{
    private readonly ImbSettings _imb = pricing.Imb;

    public const int MaxBatch = 1000;

    /// <summary>From this many pieces a batch signs in parallel; below it the hand-off costs more than it saves.</summary>
    private const int ParallelSigningFrom = 16;

    /// <param name="answer">How the print answers: <see cref="PrintAnswer.One"/> indicium or a <see cref="PrintAnswer.Batch"/>, all or nothing.</param>
    public async Task<Reply<T>> Handle<T>(Caller caller, string deviceId, IReadOnlyList<PieceRequest> pieces, PrintAnswer<T> answer, IdempotentRequest request, CancellationToken ct)
        where T : class
    {
        var batch = answer.Batch;
        if (!batch && pieces.Count != 1) throw new ArgumentException("one piece, or a batch", nameof(pieces));
        if (pieces.Count is 0 or > MaxBatch)
            throw ApiException.Invalid("batch_size_invalid", $"a batch holds 1 to {MaxBatch} pieces (got {pieces.Count})", "pieces");
        Rules.Check(new RedateMustBePrintedAloneRule(batch, pieces.Any(p => p.Variant == IndiciumVariant.Redate)));
        if (!batch && pieces[0].Variant == IndiciumVariant.Redate)
            throw new ArgumentException("a REDATE spends nothing: PrintRedate prints it", nameof(pieces));
        pieces = await ReturnAddresses.Resolve(db, cache, caller, pieces, batch, ct);
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
            priced = await pricing.PriceAll(pieces, batch, ctx.Now, pricing.For(ctx.Db, d, license, ct));
            PiecePricing.CheckPieceGroups(priced, batch);

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
            // Untracked: a batch by bulk insert (COPY on PostgreSQL); a single piece on PostgreSQL rides in the
            // transaction's one SaveChanges batch with the register update (PrintRoundTripTests).
            await ctx.Record(rows, ct);
            var views = new List<IndiciumView>(rows.Length);
            foreach (var row in rows) views.Add(IndiciumView.From(row));
            return answer.Of(views, priced.Aggregate(Mills.Zero, (s, p) => s + p.Postage));
        }, ct, admit: d =>
        {
            DeviceAccess.Admit(caller, d);
            Rules.Check(new Domain.Indicia.OnlyTheLicenseePrintsRule(caller.Role == Caller.LicenseeRole)); // P050 1.3: never the provider's key
        }, prepareBeforeTurn: batch); // SQLite: a batch is priced and signed before the write gate, which it holds for its writes alone
        IndiciaLog.Printed(log, printed.Replayed, deviceId, priced.Count, priced.Sum(p => p.Postage.Value), batch, caller.IsSandbox);
        return printed;
    }

    /// <summary>The mailer ID a device prints IMbs under and its slot there.</summary>
    private sealed record Imb(string MailerId, int Slot);

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
            Id = Ids.Ordered("ind", now), // issue 17: the id index grows at its right edge
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

/// <summary>How a print answers: the one indicium it issued, or the batch with its total postage.</summary>
public sealed record PrintAnswer<T>(bool Batch, Func<List<IndiciumView>, Mills, Outcome<T>> Of) where T : class;

/// <summary>The two ways a print answers (<see cref="PrintIndicium"/>).</summary>
public static class PrintAnswer
{
    /// <summary>One piece: its indicium, at its location.</summary>
    public static readonly PrintAnswer<IndiciumView> One = new(false, (views, _) => Outcome.Created(views[0], $"/v1/indicia/{views[0].Id}"));

    /// <summary>A batch (1 to 1,000 pieces, all or nothing): the list and its total postage.</summary>
    public static readonly PrintAnswer<IndiciumBatchView> Batch = new(true, (views, total) => Outcome.Created(new IndiciumBatchView("list", views, views.Count, MoneyView.Of(total))));
}
