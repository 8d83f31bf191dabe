using System.Collections.Concurrent;
using Ibis.Data;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Verification;

/// <summary>
/// What the verifier reads of each certificate and its device (revocation, the device's standing, its loss
/// and theft incidents) and of each device's refunded pieces, kept in memory so that a one-off verification
/// needs no query at all and a batch only one per kind for what is not yet known. Fresh on this node: an
/// entry is used only while no write to its tables has been seen since it was read (<see cref="TableWriteWatch"/>
/// raises a table's generation when the statement runs and again when it commits; a print's register update
/// does not count, <see cref="Auth.DeviceStandingWrites"/>), so a revocation, a device reported lost, an incident or a
/// refund here applies to the next verification. Another node's writes reach this node's entries through their
/// lifetime (Ibis:Verification:CacheMilliseconds, one second by default; 0 turns the cache off). Bounded:
/// past <see cref="Capacity"/> entries a map starts over.
/// <para>
/// A miss refreshes the working set, not one entry: the certificates and devices used in the last
/// <see cref="RecentUse"/> whose entries have gone stale are read again in the same round trip (at most
/// <see cref="RefreshAlong"/> of them). Every entry still lives only its lifetime, so nothing is served older
/// than before; but a verifier serving pieces of many devices pays one query a lifetime instead of one per
/// device: reading twenty certificates costs about what reading one does, and making the database context
/// and running the query cost far more than a signature (bench/RESULTS.md, one-off verification).
/// </para>
/// </summary>
public sealed class VerificationFacts(TableGenerations tables, TimeProvider clock, IConfiguration config)
{
    private const int Capacity = 100_000;

    // A device's refunds are cached while they are few; past this the verifier asks the database for the pieces at hand.
    private const int RefundsPerDevice = 10_000;

    private static readonly string[] StandingTables = ["certificates", DeviceStandingWrites.Table, "device_events", "incidents"];
    private const string RefundTable = "refunded_pieces";

    // Stale entries used this recently are refreshed together with a miss, at most this many at a time.
    private static readonly TimeSpan RecentUse = TimeSpan.FromSeconds(30);
    private const int RefreshAlong = 256;

    private readonly ConcurrentDictionary<long, StandingEntry> _standing = new();
    private readonly ConcurrentDictionary<string, RefundEntry> _refunds = new(StringComparer.Ordinal);

    // When each certificate serial and each device's refunds were last asked for (the working set), bounded.
    private readonly RecentKeys<long> _recentSerials = new(4 * RefreshAlong);
    private readonly RecentKeys<string> _recentRefunds = new(4 * RefreshAlong);

    private sealed record StandingEntry(KnownCertificate? Certificate, KnownDevice? Device, long Generation, DateTimeOffset Expires);

    private sealed record RefundEntry(HashSet<long> Pieces, long Generation, DateTimeOffset Expires);

    /// <summary>Days after a full date during which a scan is in time (P050 4.6, 4.7; Ibis:Scans:AcceptanceDays).</summary>
    public int AcceptanceDays { get; } = config.GetValue("Ibis:Scans:AcceptanceDays", Domain.Verification.ScanDateWindowRule.DefaultAcceptanceDays);

    public TimeSpan Lifetime { get; } = TimeSpan.FromMilliseconds(config.GetValue("Ibis:Verification:CacheMilliseconds", 1000));

    // Generations only grow, so their sum changes whenever any of them does.
    private long StandingGeneration()
    {
        long sum = 0;
        foreach (var t in StandingTables) sum += tables.Of(t);
        return sum;
    }

    /// <summary>
    /// The certificates with these serials (absent when no certificate has one) and the devices they name, by
    /// device id. Whatever is not cached is read in one query per table; <paramref name="db"/> is asked for
    /// a context only then.
    /// </summary>
    internal async Task<(Dictionary<long, KnownCertificate> Certificates, Dictionary<string, KnownDevice> Devices)> Standing(Func<IbisDb> db, IReadOnlyCollection<long> serials, CancellationToken ct)
    {
        var certificates = new Dictionary<long, KnownCertificate>(serials.Count);
        var devices = new Dictionary<string, KnownDevice>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var generation = StandingGeneration();
        var keep = Lifetime > TimeSpan.Zero;
        List<long>? missing = null;
        foreach (var serial in serials)
        {
            if (keep) _recentSerials.Touch(serial, now);
            if (_standing.TryGetValue(serial, out var hit) && hit.Generation == generation && hit.Expires > now)
            {
                if (hit.Certificate is null) continue;
                certificates[serial] = hit.Certificate;
                if (hit.Device is { } device) devices[device.Id] = device;
            }
            else (missing ??= []).Add(serial);
        }
        if (missing is null) return (certificates, devices);

        // The rest of the working set whose entries are stale comes along in the same round trip.
        var asked = missing.Count;
        if (keep)
            foreach (var serial in _recentSerials.UsedSince(now - RecentUse, RefreshAlong))
                if (!serials.Contains(serial) && !(_standing.TryGetValue(serial, out var e) && e.Generation == generation && e.Expires > now))
                    missing.Add(serial);

        // The generation before the read: a write that lands during it makes these entries stale at once.
        var (loadedCertificates, loadedDevices) = await Load(db(), missing, ct);
        if (keep && _standing.Count + missing.Count > Capacity) _standing.Clear();
        for (var i = 0; i < missing.Count; i++)
        {
            var serial = missing[i];
            var cert = loadedCertificates.GetValueOrDefault(serial);
            var device = cert is null ? null : loadedDevices.GetValueOrDefault(cert.DeviceId);
            if (i < asked)
            {
                if (cert is not null) certificates[serial] = cert;
                if (device is not null) devices[device.Id] = device;
            }
            if (keep) _standing[serial] = new StandingEntry(cert, device, generation, now + Lifetime);
        }
        return (certificates, devices);
    }

    /// <summary>The refunded pieces (§502.27(a)) among <paramref name="pieces"/>, (device id, piece number).</summary>
    public async Task<IReadOnlySet<(string DeviceId, long Piece)>> Refunded(Func<IbisDb> dbOf, IReadOnlyCollection<(string DeviceId, long Piece)> pieces, CancellationToken ct)
    {
        var refunded = new HashSet<(string, long)>();
        if (pieces.Count == 0) return refunded;
        var now = clock.GetUtcNow();
        var generation = tables.Of(RefundTable);
        var keep = Lifetime > TimeSpan.Zero;
        var known = new Dictionary<string, HashSet<long>?>(StringComparer.Ordinal);
        List<string>? missing = null;
        foreach (var (deviceId, _) in pieces)
        {
            if (known.ContainsKey(deviceId)) continue;
            if (keep) _recentRefunds.Touch(deviceId, now);
            if (_refunds.TryGetValue(deviceId, out var hit) && hit.Generation == generation && hit.Expires > now) known[deviceId] = hit.Pieces;
            else
            {
                known[deviceId] = null;
                (missing ??= []).Add(deviceId);
            }
        }
        if (missing is not null)
        {
            // As for standing: the working set's stale entries are read again in the same round trip.
            if (keep)
                foreach (var deviceId in _recentRefunds.UsedSince(now - RecentUse, RefreshAlong))
                    if (!known.ContainsKey(deviceId) && !(_refunds.TryGetValue(deviceId, out var e) && e.Generation == generation && e.Expires > now))
                        missing.Add(deviceId);
            var db = dbOf();
            var counts = await db.RefundedPieces.AsNoTracking().Where(r => missing.Contains(r.DeviceId))
                .GroupBy(r => r.DeviceId).Select(g => new { DeviceId = g.Key, Count = g.Count() }).ToListAsync(ct);
            var many = counts.Where(c => c.Count > RefundsPerDevice).Select(c => c.DeviceId).ToHashSet(StringComparer.Ordinal);
            var few = missing.Where(d => !many.Contains(d)).ToList();
            var rows = few.Count == 0 ? [] : await db.RefundedPieces.AsNoTracking().Where(r => few.Contains(r.DeviceId))
                .Select(r => new { r.DeviceId, r.PieceNumber }).ToListAsync(ct);
            var byDevice = few.ToDictionary(d => d, _ => new HashSet<long>(), StringComparer.Ordinal);
            foreach (var r in rows) byDevice[r.DeviceId].Add(r.PieceNumber);
            if (keep && _refunds.Count + few.Count > Capacity) _refunds.Clear();
            foreach (var (deviceId, set) in byDevice)
            {
                known[deviceId] = set;
                if (keep) _refunds[deviceId] = new RefundEntry(set, generation, now + Lifetime);
            }
            // A device with very many refunds: only the pieces at hand are asked for, and nothing is kept.
            if (many.Count > 0)
            {
                var asked = pieces.Where(p => many.Contains(p.DeviceId)).ToList();
                foreach (var hit in await Checks.PieceMustNotBeRefunded.Load(db, asked, ct)) refunded.Add(hit);
            }
        }
        foreach (var (deviceId, piece) in pieces)
            if (known.GetValueOrDefault(deviceId) is { } set && set.Contains(piece)) refunded.Add((deviceId, piece));
        return refunded;
    }

    /// <summary>The certificates and their devices, read from the database (revocation, status, incidents).</summary>
    private static async Task<(Dictionary<long, KnownCertificate>, Dictionary<string, KnownDevice>)> Load(IbisDb db, List<long> serials, CancellationToken ct)
    {
        var certificateRows = await db.Certificates.AsNoTracking()
            .Where(c => serials.Contains(c.Serial))
            .Select(c => new KnownCertificate(c.Serial, c.DeviceId, c.AuthorityId, c.Der, c.Revoked, c.RevokedAt, c.RevocationReason, c.Sandbox))
            .ToListAsync(ct);
        var certificates = certificateRows.ToDictionary(c => c.Serial);
        var deviceIds = certificateRows.Select(c => c.DeviceId).Distinct().ToList();
        if (deviceIds.Count == 0) return (certificates, []);
        var deviceRows = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Status, d.WithdrawnAt, d.LicenseeId, d.ProviderId }).ToListAsync(ct);
        var missingIds = deviceRows.Where(d => d.Status is DeviceStatus.Lost or DeviceStatus.Stolen).Select(d => d.Id).ToList();
        var reports = missingIds.Count == 0 ? [] : await db.DeviceEvents.AsNoTracking()
            .Where(e => missingIds.Contains(e.DeviceId) && (e.ToStatus == DeviceStatus.Lost || e.ToStatus == DeviceStatus.Stolen))
            .Select(e => new { e.DeviceId, e.CreatedAt }).ToListAsync(ct);
        var reportedAt = reports.GroupBy(e => e.DeviceId).ToDictionary(g => g.Key, g => g.Max(e => e.CreatedAt));
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => deviceIds.Contains(i.DeviceId) && (i.Kind == "lost" || i.Kind == "stolen"))
            .Select(i => new { i.DeviceId, i.Kind, i.OccurredOn, i.ReportedAt, i.RecoveredOn }).ToListAsync(ct);
        var missing = incidents.GroupBy(i => i.DeviceId).ToDictionary(g => g.Key, g => (IReadOnlyList<MissingPeriod>)g
            .Select(i => new MissingPeriod(i.Kind, i.OccurredOn ?? DateOnly.FromDateTime(i.ReportedAt.UtcDateTime), i.RecoveredOn)).ToList());
        var devices = deviceRows.ToDictionary(d => d.Id, d => new KnownDevice(d.Id, d.Status, d.WithdrawnAt,
            reportedAt.TryGetValue(d.Id, out var at) ? at : null, d.LicenseeId, d.ProviderId)
        {
            Missing = missing.TryGetValue(d.Id, out var periods) ? periods : [],
        }, StringComparer.Ordinal);
        return (certificates, devices);
    }
}
