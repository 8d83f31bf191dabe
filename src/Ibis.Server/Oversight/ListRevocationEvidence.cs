using Ibis.Data;
using Ibis.Domain.Psd;
using Ibis.Domain.Quality;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>One ground for revoking a license, with the device and the facts behind it.</summary>
public sealed record RevocationEvidenceView(string Ground, string Code, string LicenseeId, string DeviceId, string ProviderId, string Detail, DateTimeOffset Since);

/// <summary>
/// P050 2.3: the evidence the Postal Service needs to initiate revocations — ground b, a device not reset or
/// audited within 3 months (its watchdog expired), and ground f, a licensee that did not forward a mailpiece
/// for quality assurance (§502.26: "The Provider must notify the Postal Service of all noncomplying licensees,
/// so that license revocations can be initiated"), or whose last sample failed. Computed from the records at
/// the time of the read; the read is logged like every oversight read.
/// </summary>
internal sealed class ListRevocationEvidence(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    // In-service devices are scanned a page at a time so memory stays bounded however many there are.
    private const int Batch = 1_000;

    public Task<ListView<RevocationEvidenceView>> Handle(Caller caller, OversightQuery query, CancellationToken ct) => pipeline.Run(caller, OversightReads.Access, async ct =>
    {
        var now = clock.GetUtcNow();
        OversightReads.Log(db, caller, "revocation_evidence", query.ProviderId, query.Purpose, now);
        if (query.Page.EndingBefore is not null || query.Page.CreatedGte is not null || query.Page.CreatedLt is not null)
            throw ApiException.Invalid("parameter_unsupported", "this list pages forward only, by starting_after (a device id)", "ending_before");
        var limit = query.Page.Limit;
        var evidence = new List<RevocationEvidenceView>();
        var hasMore = false;
        string? after = query.Page.StartingAfter;
        while (!hasMore)
        {
            var devices = db.Devices.AsNoTracking().Where(d => d.Sandbox == caller.TestMode && d.LicenseeId != null && d.Status != DeviceStatus.Withdrawn && d.Status != DeviceStatus.Inventory);
            if (query.ProviderId is { } provider) devices = devices.Where(d => d.ProviderId == provider);
            if (after is not null) devices = devices.Where(d => string.Compare(d.Id, after) > 0);
            var page = await devices.OrderBy(d => d.Id).Take(Batch)
                .Select(d => new { d.Id, d.LicenseeId, d.ProviderId, d.WatchdogDeadline, d.CommissionedAt, d.Sandbox }).ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var d in page)
            {
                var found = new List<RevocationEvidenceView>();
                if (d.WatchdogDeadline < now)
                    found.Add(new("P050 2.3b", "watchdog_expired", d.LicenseeId!, d.Id, d.ProviderId, $"not reset or audited within 3 months: its watchdog expired on {d.WatchdogDeadline:yyyy-MM-dd}", d.WatchdogDeadline));
                if (d.CommissionedAt is { } commissioned && !d.Sandbox)
                {
                    var standing = await Quality.QualityAssurance.StandingOf(db, d.Id, ct);
                    var due = QualityProgram.NextDue(commissioned, standing.LastSubmittedAt);
                    if (due < now)
                        found.Add(new("P050 2.3f", "qa_sample_overdue", d.LicenseeId!, d.Id, d.ProviderId, $"no mailpiece forwarded for quality assurance; one was due by {due:yyyy-MM-dd} (P050 2.5h, §502.26)", due));
                    if (standing.LatestEvaluatedStatus == QualitySampleStatus.Failed)
                        found.Add(new("P050 2.3f", "qa_sample_failed", d.LicenseeId!, d.Id, d.ProviderId, $"the last quality-assurance sample failed: {standing.Deficiencies}", standing.LastSubmittedAt ?? commissioned));
                }
                if (found.Count == 0) continue;
                // A device's evidence stays on one page, so that the cursor (starting_after = the last device id) skips none.
                if (evidence.Count > 0 && evidence.Count + found.Count > limit) { hasMore = true; break; }
                evidence.AddRange(found);
            }
            after = page[^1].Id;
            if (page.Count < Batch) break;
        }
        return ListView<RevocationEvidenceView>.Of(evidence, hasMore);
    }, ct);
}
