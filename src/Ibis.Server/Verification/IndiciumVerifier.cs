using System.Globalization;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Ibis.Domain.Verification;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Rates;
using Ibis.Server.Verification.Checks;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Verification;

/// <summary>
/// The one verifier behind a one-off verification (POST /v1/verifications, the CLI) and a stream of scan
/// events (POST /v1/scan-events), so both report the same reasons (§502.8). A batch is verified in three
/// steps: parse every piece (bytes that do not parse are <c>format_invalid</c>, never an error); load what
/// the checks read in a few queries (<see cref="VerificationContext"/>); run every check on every piece in
/// parallel. Copies (duplicates) need the scan store and are found afterwards by <see cref="RecordScanEvents"/>.
/// </summary>
public sealed class IndiciumVerifier(IServiceProvider services, TimeProvider clock, CertificateValidityCache validities, VerifyingKeys keys, VerificationFacts facts, ReferenceCache cache)
{
    /// <summary>Every check, in the order their reasons are listed. Add a reason by adding its check here.</summary>
    internal static IReadOnlyList<IIndiciumCheck> Checks { get; } =
    [
        new CertificateMustBeKnown(),
        new ModeMustMatchScanner(),
        new CertificateMustBeValidOnMailingDate(),
        new CertificateMustNameDevice(),
        new CertificateMustNotBeRevoked(),
        new DeviceMustNotBeWithdrawn(),
        new DeviceMustNotBeReportedMissing(),
        new PieceMustNotBeRefunded(),
        new SignatureMustMatch(),
        new MailingDateMustNotBeInFuture(),
        new DateMustBeInWindow(),
        new PostageMustCoverRate(),
    ];

    // The database context is made only when something is not in memory: a one-off verification served from
    // the caches (VerificationFacts, ReferenceCache, VerifyingKeys) would otherwise spend more on making a
    // context it never uses than on the signature.
    private IbisDb? _db;

    private IbisDb Db => _db ??= services.GetRequiredService<IbisDb>();

    // Below this many pieces the parallel loop costs more than it saves.
    private const int ParallelFrom = 32;

    public async Task<IReadOnlyList<PieceUnderCheck>> Verify(IReadOnlyList<(byte[] Bytes, ScanInfo? Scan)> input, VerifierMode mode, CancellationToken ct)
    {
        var parsed = new IndiciumData?[input.Count];
        var formatErrors = new string?[input.Count];
        ForEach(input.Count, ct, i =>
        {
            var result = IndiciumCodec.Parse(input[i].Bytes);
            if (result.Success) parsed[i] = result.Value;
            else formatErrors[i] = $"the bytes are not a valid indicium ({result.ErrorCode}): {result.ErrorMessage}";
        });

        var context = await Load(parsed, mode, ct);
        var pieces = new PieceUnderCheck[input.Count];
        ForEach(input.Count, ct, i =>
        {
            var data = parsed[i];
            var cert = data is not null && data.CertificateSerial <= long.MaxValue && context.Certificates.TryGetValue((long)data.CertificateSerial, out var c) ? c : null;
            var piece = pieces[i] = new PieceUnderCheck(input[i].Bytes, input[i].Scan)
            {
                Data = data,
                Certificate = cert,
                Device = cert is not null && context.Devices.TryGetValue(cert.DeviceId, out var d) ? d : null,
            };
            if (data is null) piece.Fail(VerificationReasons.FormatInvalid, formatErrors[i]!);
            else RunChecks(piece, context);
        });

        // One measurement per kind of verdict, not per piece: a batch of 10,000 would otherwise pay the meter 10,000 times.
        var verdicts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var piece in pieces)
        {
            var first = piece.Reasons.Count == 0 ? "" : piece.Reasons[0].Code;
            verdicts[first] = verdicts.GetValueOrDefault(first) + 1;
        }
        foreach (var (first, count) in verdicts) Observability.IbisMetrics.Verdict(first.Length == 0, first.Length == 0 ? null : first, count);
        return pieces;
    }

    private static void RunChecks(PieceUnderCheck piece, VerificationContext context)
    {
        foreach (var check in Checks) check.Run(piece, context);
    }

    // Every piece is independent of the others, so parsing and the checks run on every core for a batch.
    private static void ForEach(int count, CancellationToken ct, Action<int> body)
    {
        if (count < ParallelFrom)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, body);
    }

    private async Task<VerificationContext> Load(IndiciumData?[] parsed, VerifierMode mode, CancellationToken ct)
    {
        var pieces = parsed.OfType<IndiciumData>().ToList();
        var serials = new HashSet<long>();
        foreach (var p in pieces)
            if (p.CertificateSerial <= long.MaxValue) serials.Add((long)p.CertificateSerial);
        // Revocations and device standing from memory while no write to them has been seen (VerificationFacts).
        var (certificates, devices) = await facts.Standing(() => Db, serials, ct);
        // The sandbox's Postal Service reaches sandbox certificates only.
        if (mode == VerifierMode.Sandbox)
            foreach (var serial in certificates.Where(c => !c.Value.Sandbox).Select(c => c.Key).ToList()) certificates.Remove(serial);
        // A CA's certificate never changes once made, so it is read once per process.
        var authorities = new Dictionary<string, byte[]>();
        foreach (var id in certificates.Values.Select(c => c.AuthorityId).Distinct())
        {
            if (keys.AuthorityDer(id) is { } known)
            {
                authorities[id] = known;
                continue;
            }
            var der = await Db.CertificateAuthorities.AsNoTracking().Where(a => a.Id == id).Select(a => a.CertificateDer).FirstOrDefaultAsync(ct);
            if (der is null) continue;
            keys.RememberAuthority(id, der);
            authorities[id] = der;
        }

        // (device id, piece number) of every piece whose certificate is known: the key of per-piece records.
        var pieceKeys = new List<(string DeviceId, long Piece)>();
        var standardKeys = new List<(string DeviceId, long Piece)>();
        foreach (var p in pieces)
        {
            if (p.CertificateSerial > long.MaxValue || !certificates.TryGetValue((long)p.CertificateSerial, out var cert)) continue;
            pieceKeys.Add((cert.DeviceId, p.PieceCount));
            if (RateCategory.FromCode(p.RateCategory) is { MayOmitDay: true }) standardKeys.Add((cert.DeviceId, p.PieceCount));
        }

        var tables = new Dictionary<DateOnly, RateTable>();
        foreach (var date in pieces.Select(p => p.MailingDate).Distinct())
        {
            try
            {
                // The same entries as the issuance path's: a table imported here applies to the next piece.
                tables[date] = (await cache.Get("rate_tables", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), () => services.GetRequiredService<RateTables>().On(date, ct))).Table;
            }
            catch (BusinessRuleViolationException)
            {
                // No price list in force that day: the postage cannot be judged, which is not the piece's fault.
            }
        }

        var schedules = new Dictionary<string, CollectionSchedule?>();
        if (mode == VerifierMode.Open)
            foreach (var zip in pieces.Select(p => p.LicensingZip.ToString()).Distinct())
                schedules[zip] = await cache.Get("collection_schedules", zip, () => Indicia.CollectionSchedules.For(Db, zip, ct));

        return new VerificationContext
        {
            Mode = mode,
            Now = clock.GetUtcNow(),
            AcceptanceDays = facts.AcceptanceDays,
            Certificates = certificates,
            Authorities = authorities,
            Devices = devices,
            RateTables = tables,
            Schedules = schedules,
            MonthOnlyPieces = await MonthOnly(standardKeys, ct),
            RefundedPieces = await facts.Refunded(() => Db, pieceKeys, ct),
            Keys = keys,
            Validities = validities,
        };
    }

    /// <summary>P050 4.6: the Standard Mail pieces among <paramref name="keys"/> that were printed without the day.</summary>
    private async Task<IReadOnlySet<(string DeviceId, long Piece)>> MonthOnly(List<(string DeviceId, long Piece)> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return new HashSet<(string, long)>();
        var devices = keys.Select(k => k.DeviceId).Distinct().ToList();
        var numbers = keys.Select(k => k.Piece).Distinct().ToList();
        var rows = await Db.Indicia.AsNoTracking()
            .Where(i => i.OmitDay && devices.Contains(i.DeviceId) && numbers.Contains(i.PieceNumber))
            .Select(i => new { i.DeviceId, i.PieceNumber }).ToListAsync(ct);
        var wanted = keys.ToHashSet();
        return rows.Select(r => (r.DeviceId, r.PieceNumber)).Where(wanted.Contains).ToHashSet();
    }
}
