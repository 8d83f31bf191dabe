using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>One piece a licensee asks to print.</summary>
public sealed record PieceRequest(RateCategory Category, decimal WeightOz, Mills? Postage, DateOnly MailingDate, Zip5? DestinationZip);

/// <summary>
/// The issuance path (DESIGN §3): authorise and price every piece first, then one device
/// transaction (<see cref="PsdTransaction"/>) debits DR and credits AR piece by piece, signs each
/// indicium and inserts it. A batch is all or nothing. Nothing here is shared between devices.
/// </summary>
public sealed class PrintIndicium(IbisDb db, PsdTransaction psd, IKeyStore keys, TimeProvider clock, IbisOptions options)
{
    public const int MaxBatch = 1000;

    public async Task<ApiReply> Handle(Caller caller, string deviceId, IReadOnlyList<PieceRequest> pieces, bool batch, IdempotentRequest request, CancellationToken ct)
    {
        if (pieces.Count is 0 or > MaxBatch)
            throw ApiException.Invalid("batch_size_invalid", $"a batch holds 1 to {MaxBatch} pieces (got {pieces.Count})", "pieces");
        var (device, license) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        var licensingZip = Zip5.Parse(license.PostOfficeZip).Value;

        // Pricing and dates are checked for every piece before any register is touched.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var priced = new List<(PieceRequest Piece, Mills Postage, Mills Due)>(pieces.Count);
        for (var i = 0; i < pieces.Count; i++)
        {
            var p = pieces[i];
            try
            {
                Rules.Check(new MailingDateRule(p.MailingDate, today, options.MaxMailingDaysAhead));
                var due = RateTable.BuiltInSample.AmountDue(p.Category, p.WeightOz);
                var postage = p.Postage ?? due;
                Rules.Check(new PostageMustBePositiveRule(postage));
                Rules.Check(new PostageMustCoverAmountDueRule(postage, due));
                priced.Add((p, postage, due));
            }
            catch (BusinessRuleViolationException e) when (batch)
            {
                var error = ApiException.FromRule(e.Rule);
                throw new ApiException(error.Status, error.Code, $"piece {i}: {error.Message}", $"pieces[{i}].{e.Rule.Field ?? ""}".TrimEnd('.'));
            }
        }

        return await psd.Run(device.Id, request, async ctx =>
        {
            var d = ctx.Device;
            var current = await ctx.Db.Licenses.AsNoTracking().FirstAsync(l => l.Id == d.LicenseId, ct);
            Rules.Check(new LicenseMustBeValidRule(current.Id, current.Status));
            Rules.Check(new DeviceMustBeInServiceRule(d.Status, d.LockReason));
            Rules.Check(new WatchdogRule(d.WatchdogDeadline, ctx.Now));

            var registers = ctx.Registers;
            var views = new List<IndiciumView>(priced.Count);
            foreach (var (piece, postage, due) in priced)
            {
                registers = registers.Print(postage);
                var row = Issue(d, piece, postage, due, registers, licensingZip, ctx.Now);
                ctx.Db.Indicia.Add(row);
                views.Add(IndiciumView.From(row));
            }
            ctx.Apply(registers);
            return batch
                ? new PsdOutcome(StatusCodes.Status201Created, new IndiciumBatchView("list", views, views.Count, MoneyView.Of(priced.Aggregate(Mills.Zero, (s, p) => s + p.Postage))))
                : new PsdOutcome(StatusCodes.Status201Created, views[0], $"/v1/indicia/{views[0].Id}");
        }, ct);
    }

    private IndiciumRow Issue(DeviceRow d, PieceRequest piece, Mills postage, Mills due, Registers after, Zip5 licensingZip, DateTimeOffset now)
    {
        var data = new IndiciumData
        {
            CertificateSerial = (ulong)d.CertificateSerial,
            Device = new DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial),
            AscendingRegister = after.Ascending,
            Postage = postage,
            MailingDate = piece.MailingDate,
            LicensingZip = licensingZip,
            DescendingRegister = after.Descending,
            RateCategory = piece.Category.Code,
            PieceCount = checked((uint)after.PieceCount),
            DestinationZip = piece.DestinationZip,
        };
        var signature = keys.Sign(d.KeyHandle, IndiciumCodec.SignedBytes(data));
        return new IndiciumRow
        {
            DeviceId = d.Id,
            Id = Ids.New("ind"),
            PieceNumber = after.PieceCount,
            Data = IndiciumCodec.Encode(data with { Signature = signature }),
            PostageMills = postage.Value,
            AmountDueMills = due.Value,
            AscendingAfterMills = after.Ascending.Value,
            DescendingAfterMills = after.Descending.Value,
            MailClass = piece.Category.MailClass,
            RateCategory = piece.Category.Name,
            WeightOz = piece.WeightOz.ToString(CultureInfo.InvariantCulture),
            MailingDate = piece.MailingDate,
            DestinationZip = piece.DestinationZip?.ToString(),
            Sandbox = d.Sandbox,
            CreatedAt = now,
        };
    }
}

public sealed record IndiciumBatchView(string Object, IReadOnlyList<IndiciumView> Data, int Count, MoneyView TotalPostage);
