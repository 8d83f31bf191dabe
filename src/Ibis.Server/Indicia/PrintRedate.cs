using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Psd;
using Ibis.Rendering.Mailpieces;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Ibis.Server.UseCases;

namespace Ibis.Server.Indicia;

/// <summary>
/// P050 4.8: a REDATE imprint, for a piece whose indicium's date has passed. It carries the device ID and the post
/// office, so it needs a valid license and a device in service, and it is checked like a print (<see cref="PiecePricing"/>:
/// date, class, design, medium) — but it spends no postage: no register moves, nothing is signed, no idempotency
/// record is needed (printing it twice costs nothing). Only the licensee prints (P050 1.3).
/// </summary>
public sealed class PrintRedate(IbisDb db, CommandPipeline pipeline, PiecePricing pricing, ReferenceCache cache, IdempotencyStore answers, TimeProvider clock)
{
    public async Task<Reply<RedateView>> Handle(Caller caller, string deviceId, PieceRequest piece, CancellationToken ct)
    {
        if (piece.Variant != IndiciumVariant.Redate)
            throw new ArgumentException($"a {piece.Variant.Name()} piece is printed by PrintIndicium", nameof(piece));
        piece = (await ReturnAddresses.Resolve(db, cache, caller, [piece], batch: false, ct))[0];
        var (device, license) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        Rules.Check(new OnlyTheLicenseePrintsRule(caller.Role == Caller.LicenseeRole)); // P050 1.3: never the provider's key
        var now = clock.GetUtcNow();
        var priced = (await pricing.PriceAll([piece], batch: false, now, pricing.For(db, device, license, ct)))[0];
        Rules.Check(new LicenseMustBeValidRule(license.Id, license.Status));
        Rules.Check(new DeviceMustBeInServiceRule(device.Status, device.LockReason));
        var row = new RedateRow
        {
            DeviceId = device.Id, Id = Ids.New("rdt"), MailingDate = piece.MailingDate, MailClass = piece.Category.MailClass, RateCategory = piece.Category.Name,
            CorrectsIndiciumId = piece.CorrectsIndiciumId, DesignId = priced.DesignId, Medium = piece.Medium is { } m ? MediumSpec.Of(m).Name : null,
            MailedFromZip = piece.MailedFromZip?.ToString(), Sandbox = device.Sandbox, CreatedAt = now,
        };
        // Through the pipeline's transaction stage (the SQLite write gate), though it is one insert.
        await pipeline.Run(caller, null, ct =>
        {
            db.Redates.Add(row);
            return Task.FromResult(row);
        }, ct);
        return answers.Unkept(Outcome.Created(RedateView.From(row), $"/v1/indicia/{row.Id}"));
    }
}
