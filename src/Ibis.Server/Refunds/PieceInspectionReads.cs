using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Indicia;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.Verification;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>
/// §502.27(a): a refund is for unused postage; this answers whether a piece was already seen on the mail
/// (<see cref="ScanStoreSightings"/>, over the scan events' store).
/// </summary>
public interface IMailstreamSightings
{
    Task<bool> Seen(string deviceId, long pieceNumber, CancellationToken ct);
}

/// <summary>A piece as listed, with the indicium it matched (if any) and what the provider's verification found.</summary>
internal sealed record InspectedPiece(string ListedAs, string Source, IndiciumRow? Indicium, PieceFacts Facts);

/// <summary>
/// §502.27(a)(3): "The Provider will scan the indicia to ensure that they are valid." Gathers the facts
/// about one listed piece — selected by id or read from a scan — for <see cref="PieceAssessment.Judge"/>.
/// A piece of another licensee is looked at no further than needed to call it unknown. Reads only: nothing
/// is written, and the refund request that lists the pieces (<see cref="RequestRefund"/>) is the use case.
/// </summary>
public sealed class PieceInspectionReads(IbisDb db, VerifyIndicium verify, IMailstreamSightings mailstream)
{
    // Verification reasons that do not make a piece invalid postage for a refund: being refunded is
    // judged by its own rule, and a piece dated ahead was never mailed.
    private static readonly string[] NotAboutValidity = ["refunded", "mailing_date_in_future"];

    internal async Task<InspectedPiece> Selected(Caller caller, string indiciumId, string? deviceId, DateOnly today, bool listedBefore, CancellationToken ct)
    {
        var row = Domain.Ids.HasShape(indiciumId, "ind") ? await db.Indicia.AsNoTracking().FirstOrDefaultAsync(i => i.Id == indiciumId, ct) : null;
        return await Inspect(caller, indiciumId, "selected", row, row?.Data, null, deviceId, today, listedBefore, ct);
    }

    internal async Task<InspectedPiece> Scanned(Caller caller, string page, byte[] barcode, string? deviceId, DateOnly today, Func<string, bool> listedBefore, CancellationToken ct)
    {
        var parsed = IndiciumCodec.Parse(barcode);
        if (!parsed.Success)
            return new InspectedPiece(page, "scan", null, new PieceFacts { Readable = false, ReadError = parsed.ErrorMessage, RequestIsLive = !caller.IsSandbox, Today = today });
        var data = parsed.Value;
        // In the columns' own types: Npgsql has no bigint parameter for an unsigned value.
        int vendor = data.Device.Vendor, model = data.Device.Model;
        long serial = data.Device.Serial, pieceNumber = data.PieceCount;
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Vendor == vendor && d.Model == model && d.Serial == serial, ct);
        var row = device is null ? null : await db.Indicia.AsNoTracking().FirstOrDefaultAsync(i => i.DeviceId == device.Id && i.PieceNumber == pieceNumber, ct);
        // The same piece twice in a request is the same device and piece number, even if one copy was altered.
        var key = row?.Id ?? Convert.ToHexString(barcode);
        return await Inspect(caller, page, "scan", row, barcode, data, deviceId, today, listedBefore(key), ct);
    }

    private async Task<InspectedPiece> Inspect(Caller caller, string listedAs, string source, IndiciumRow? row, byte[]? bytes, IndiciumData? scanned, string? deviceId, DateOnly today, bool listedBefore, CancellationToken ct)
    {
        var facts = new PieceFacts { RequestIsLive = !caller.IsSandbox, Today = today, ListedBefore = listedBefore, RequestDeviceId = deviceId };
        if (row is null || bytes is null)
        {
            // Unknown here. A scanned piece still shows whether it is a sandbox one (its certificate says so).
            var test = scanned is not null && await IsTestCertificate(scanned, ct);
            return new InspectedPiece(listedAs, source, null, facts with { PieceIsTest = test });
        }
        var owner = await db.Devices.AsNoTracking().Where(d => d.Id == row.DeviceId).Select(d => d.LicenseeId).FirstOrDefaultAsync(ct);
        if (caller.LicenseeId is null || owner != caller.LicenseeId)
        {
            // Another licensee's piece is unknown to this one: nothing about it is told (a scan's own
            // certificate still tells anyone whether it is a sandbox piece).
            var test = scanned is not null && await IsTestCertificate(scanned, ct);
            return new InspectedPiece(listedAs, source, null, facts with { PieceIsTest = test });
        }
        // The licensee's own piece: a sandbox record is a test piece (a sandbox request may refund it).
        facts = facts with { PieceIsTest = row.Sandbox, KnownAndOwned = !(caller.IsSandbox && !row.Sandbox) };
        if (!facts.KnownAndOwned || (facts.PieceIsTest && facts.RequestIsLive))
            return new InspectedPiece(listedAs, source, null, facts);

        var verdict = await verify.Handle(bytes, ct);
        var problems = verdict.Reasons.Where(r => !NotAboutValidity.Contains(r.Code)).ToList();
        var refundedBy = await db.RefundedPieces.AsNoTracking().Where(p => p.IndiciumId == row.Id).Select(p => p.RefundId).FirstOrDefaultAsync(ct);
        return new InspectedPiece(listedAs, source, row, facts with
        {
            SignatureValid = problems.Count == 0,
            SignatureDetail = problems.Count == 0 ? null : string.Join("; ", problems.Select(p => p.Code)),
            PieceDeviceId = row.DeviceId,
            MailingDate = row.MailingDate,
            RefundedBy = refundedBy,
            SeenInMailstream = await mailstream.Seen(row.DeviceId, row.PieceNumber, ct),
        });
    }

    private async Task<bool> IsTestCertificate(IndiciumData data, CancellationToken ct)
    {
        var serial = data.CertificateSerial <= long.MaxValue ? (long)data.CertificateSerial : -1;
        return await db.Certificates.AsNoTracking().Where(c => c.Serial == serial).Select(c => c.Sandbox).FirstOrDefaultAsync(ct);
    }
}
