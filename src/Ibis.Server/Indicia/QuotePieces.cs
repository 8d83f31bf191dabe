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
/// A dry run for the portal's price step and CSV preview: every piece priced and checked by the
/// same rules as a print (<see cref="PiecePricing"/>), each on its own, nothing spent and no register
/// touched. A piece that would be refused carries the refusal instead of a price.
/// </summary>
public sealed class QuotePieces(IbisDb db, PiecePricing pricing, TimeProvider clock, ReferenceCache cache)
{
    public async Task<IReadOnlyList<PieceQuote>> Handle(Caller caller, string deviceId, IReadOnlyList<PieceRequest> pieces, CancellationToken ct)
    {
        if (pieces.Count is 0 or > PrintIndicium.MaxBatch)
            throw ApiException.Invalid("batch_size_invalid", $"a batch holds 1 to {PrintIndicium.MaxBatch} pieces (got {pieces.Count})", "pieces");
        var (device, license) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        Rules.Check(new Domain.Indicia.OnlyTheLicenseePrintsRule(caller.Role == Caller.LicenseeRole));
        var licensingZip = Zip5.Parse(license.PostOfficeZip).Value;
        pieces = await ReturnAddresses.Resolve(db, cache, caller, pieces, batch: true, ct);
        var now = clock.GetUtcNow();
        var schedule = await CollectionSchedules.For(db, license.PostOfficeZip, ct);
        var context = pricing.For(db, device, license, ct);
        var quotes = new List<PieceQuote>(pieces.Count);
        foreach (var piece in pieces)
        {
            try
            {
                var priced = await pricing.Price(piece, now, schedule, licensingZip, context);
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
}
