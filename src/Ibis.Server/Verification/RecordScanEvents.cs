using Ibis.Domain;
using Ibis.Domain.Verification;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Verification;

/// <summary>One scan of a mailpiece by the Postal Service's equipment: the indicium's bytes, where and when.</summary>
public sealed record ScanEvent(string? BarcodeData, string? Site, DateTimeOffset? ScannedAt);

public sealed record RecordScanEventsCommand(IReadOnlyList<ScanEvent?>? Events);

/// <summary>The verdict on one scan event; <see cref="FirstScan"/> is set on a duplicate.</summary>
public sealed record ScanVerdict(string Verdict, IReadOnlyList<VerificationReason> Reasons, string? DeviceNumber, long? PieceNumber, string? MailingDate, FirstScanView? FirstScan);

public sealed record FirstScanView(string Site, DateTimeOffset ScannedAt);

public sealed record ScanEventsResult(IReadOnlyList<ScanVerdict> Results, IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// The Postal Service's scan stream (§502.8 verification of indicia on the mail; revenue protection,
/// §502.25(b)): up to 10,000 scan events, one verdict each, in order. Every piece goes through the same
/// checks as a one-off verification (<see cref="IndiciumVerifier"/>), with the date judged against the scan
/// (P050 4.6); then every authentic piece is recorded in the scan store, where a second sighting of a device
/// and piece number is a copied indicium (<c>duplicate</c>, naming the first scan). Verification reads only and
/// runs before the write transaction, so the SQLite writer is held just for the batched insert.
/// </summary>
internal sealed class RecordScanEvents(IndiciumVerifier verifier, ScanStore store, SuspectDevices suspects, Ibis.Data.IbisDb db, CommandPipeline pipeline)
{
    /// <summary>The Postal Service's own roles; licensees and providers do not scan the mail.</summary>
    public static readonly Access Access = Access.For(Caller.PostalRole, Caller.InspectorRole);

    public async Task<ScanEventsResult> Handle(Caller caller, RecordScanEventsCommand command, CancellationToken ct)
    {
        Access.Authorize(caller);
        var events = command.Events ?? throw new BusinessRuleViolationException(new BrokenRule("events_required", "events (an array of 1 to 10,000 scan events) is required", "events", RuleKind.BadInput));
        Rules.Check(new ScanBatchSizeRule(events.Count));
        var input = new (byte[] Bytes, ScanInfo? Scan)[events.Count];
        for (var i = 0; i < events.Count; i++) input[i] = Read(events[i], i);

        var pieces = await verifier.Verify(input, caller.TestMode ? VerifierMode.Sandbox : VerifierMode.Live, ct);

        // Only authentic pieces of the caller's own mode claim a piece number: a forgery must not make the
        // genuine piece look like its copy, and a sandbox piece on live mail is no postage at all.
        var claimed = new List<int>();
        var sightings = new List<Sighting>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var p = pieces[i];
            if (!p.Authentic || p.Reasons.Any(r => r.Code == VerificationReasons.TestIndicium)) continue;
            claimed.Add(i);
            sightings.Add(new Sighting(p.Certificate!.DeviceId, p.Data!.PieceCount, p.Data.MailingDate, p.Scan!.Site, p.Scan.ScannedAt));
        }
        var results = new ScanVerdict[pieces.Count];
        var counts = new Dictionary<string, int>();
        // One transaction: the sightings, the revenue-protection tallies and any suspect device's case commit together.
        await pipeline.Run(null, null, async ct =>
        {
            // Nothing outside the transaction changes here, so a retried transaction answers the same.
            counts.Clear();
            var firsts = await store.Record(sightings, ct);
            var firstOf = new FirstScan?[pieces.Count];
            var copied = new VerificationReason?[pieces.Count];
            for (var k = 0; k < claimed.Count; k++)
            {
                if (firsts[k] is not { } first) continue;
                var data = pieces[claimed[k]].Data!;
                firstOf[claimed[k]] = first;
                copied[claimed[k]] = new VerificationReason(VerificationReasons.Duplicate,
                    $"device {data.Device} piece {data.PieceCount} was already scanned at {first.Site} on {first.ScannedAt:yyyy-MM-dd HH:mm:ss} UTC: this is a copy");
            }

            var tallies = new Dictionary<TallyKey, TallyCounts>();
            for (var i = 0; i < pieces.Count; i++)
            {
                var p = pieces[i];
                IReadOnlyList<VerificationReason> reasons = copied[i] is { } copy ? [.. p.Reasons, copy] : p.Reasons;
                var verdict = VerificationReasons.VerdictOf(reasons.Select(r => r.Code));
                counts[verdict] = counts.GetValueOrDefault(verdict) + 1;
                results[i] = new ScanVerdict(verdict, reasons, p.Data?.Device.ToString(), p.Data?.PieceCount,
                    p.Data?.MailingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    firstOf[i] is { } f ? new FirstScanView(f.Site, f.ScannedAt) : null);
                // A scan counts against the device its certificate names, when that device is of the scanner's mode;
                // anything else (unreadable, unknown, a sample indicium on live mail) is counted unattributed.
                var device = p.Certificate is { } cert && cert.Sandbox == caller.TestMode ? p.Device : null;
                var key = new TallyKey(device?.Id ?? "", DateOnly.FromDateTime(p.Scan!.ScannedAt.UtcDateTime));
                if (!tallies.TryGetValue(key, out var tally))
                    tallies[key] = tally = new TallyCounts { ProviderId = device?.ProviderId ?? "", LicenseeId = device?.LicenseeId ?? "" };
                ScanTallies.Count(tally, verdict);
            }
            await ScanTallies.Add(db, caller.TestMode, tallies, ct);
            await suspects.Check(db, caller.TestMode, tallies, ct);
            return 0;
        }, ct);
        return new ScanEventsResult(results, counts);
    }

    // A scan with no site or time is a fault of the scanning equipment (400); unreadable bytes are a fact
    // about the piece, which gets a verdict (format_invalid) like any other.
    private static (byte[], ScanInfo?) Read(ScanEvent? e, int i)
    {
        if (e is null) throw Invalid("event_required", $"event {i} is null", $"events[{i}]");
        if (string.IsNullOrWhiteSpace(e.Site) || e.Site.Length > 100) throw Invalid("site_required", $"event {i}: site (the scanning facility, at most 100 characters) is required", $"events[{i}].site");
        if (e.ScannedAt is not { } at) throw Invalid("scanned_at_required", $"event {i}: scanned_at (an ISO 8601 date and time) is required", $"events[{i}].scanned_at");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(e.BarcodeData?.Trim() ?? "");
        }
        catch (FormatException)
        {
            bytes = [];
        }
        return (bytes, new ScanInfo(e.Site.Trim(), at.ToUniversalTime()));
    }

    private static BusinessRuleViolationException Invalid(string code, string message, string field) =>
        new(new BrokenRule(code, message, field, RuleKind.BadInput));
}
