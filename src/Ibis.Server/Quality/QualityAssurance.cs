using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Quality;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Quality;

/// <summary>
/// The mailpiece quality-assurance program (P050 2.5h, §502.26) as the reset sees it: a device whose sample
/// is overdue or whose last evaluated sample failed is not reset. Sandbox devices are exempt: their SAMPLE
/// indicia never travel as postage, and the sandbox's clock-driven tests would otherwise need samples.
/// </summary>
public static class QualityAssurance
{
    /// <summary>Refuses the reset (<c>qa_sample_overdue</c>, <c>qa_sample_failed</c>); called inside the reset's transaction.</summary>
    public static async Task CheckResetAllowed(IbisDb db, DeviceRow device, DateTimeOffset now, CancellationToken ct)
    {
        if (device.Sandbox || device.CommissionedAt is not { } commissioned) return;
        var standing = await StandingOf(db, device.Id, ct);
        Rules.Check(new QaSampleFailedRule(device.Id, standing.LatestEvaluatedStatus, standing.Deficiencies));
        Rules.Check(new QaSampleOverdueRule(device.Id, QualityProgram.NextDue(commissioned, standing.LastSubmittedAt), now));
    }

    /// <summary>The last sample forwarded, and the outcome of the last one evaluated.</summary>
    public sealed record Standing(DateTimeOffset? LastSubmittedAt, QualitySampleStatus? LatestEvaluatedStatus, string? Deficiencies);

    /// <summary>
    /// Issue 17: read on every reset of a live device, so one compiled statement (scalar sub-queries on the
    /// device's samples; the two of the last evaluated sample in one order, ties broken by id, so they read one row) rather than two LINQ queries built, translated and looked up on each call.
    /// </summary>
    public static async Task<Standing> StandingOf(IbisDb db, string deviceId, CancellationToken ct) =>
        await StandingQuery.For(db)(db, deviceId, ct) ?? new Standing(null, null, null);

    private static readonly PerModel<Func<IbisDb, string, CancellationToken, Task<Standing?>>> StandingQuery = new(() =>
        EF.CompileAsyncQuery((IbisDb db, string deviceId, CancellationToken ct) => db.Devices.AsNoTracking().Where(d => d.Id == deviceId)
            .Select(d => new Standing(
                db.QualitySamples.Where(s => s.DeviceId == d.Id).OrderByDescending(s => s.SubmittedAt).Select(s => (DateTimeOffset?)s.SubmittedAt).FirstOrDefault(),
                db.QualitySamples.Where(s => s.DeviceId == d.Id && s.Status != QualitySampleStatus.Submitted).OrderByDescending(s => s.GradedAt).ThenByDescending(s => s.Id)
                    .Select(s => (QualitySampleStatus?)s.Status).FirstOrDefault(),
                db.QualitySamples.Where(s => s.DeviceId == d.Id && s.Status != QualitySampleStatus.Submitted).OrderByDescending(s => s.GradedAt).ThenByDescending(s => s.Id)
                    .Select(s => s.Deficiencies).FirstOrDefault()))
            .FirstOrDefault()));
}
