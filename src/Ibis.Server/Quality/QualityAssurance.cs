using System.Linq.Expressions;
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
    /// <summary>Refuses the reset (<c>qa_sample_overdue</c>, <c>qa_sample_failed</c>) on the standing its transaction read (<c>ResetReads</c>).</summary>
    public static void CheckResetAllowed(DeviceRow device, Standing standing, DateTimeOffset now)
    {
        if (Exempt(device) || device.CommissionedAt is not { } commissioned) return;
        Rules.Check(new QaSampleFailedRule(device.Id, standing.LatestEvaluatedStatus, standing.Deficiencies));
        Rules.Check(new QaSampleOverdueRule(device.Id, QualityProgram.NextDue(commissioned, standing.LastSubmittedAt), now));
    }

    /// <summary>Whether the program does not apply to the device: a sandbox device, or one not yet commissioned (no sample is due).</summary>
    public static bool Exempt(DeviceRow device) => device.Sandbox || device.CommissionedAt is null;

    /// <summary>The last sample forwarded, and the outcome of the last one evaluated.</summary>
    public sealed record Standing(DateTimeOffset? LastSubmittedAt, QualitySampleStatus? LatestEvaluatedStatus, string? Deficiencies);

    /// <summary>
    /// Issue 17: read on every reset of a live device, so one compiled statement (scalar sub-queries on the
    /// device's samples; the two of the last evaluated sample in one order, ties broken by id, so they read one row) rather than two LINQ queries built, translated and looked up on each call.
    /// </summary>
    public static async Task<Standing> StandingOf(IbisDb db, string deviceId, CancellationToken ct) =>
        await StandingQuery.For(db)(db, deviceId, ct) ?? new Standing(null, null, null);

    /// <summary>
    /// A device's standing as scalar sub-queries on its samples, for a query to place where it needs it
    /// (<see cref="Inline"/>): here alone, and on SQLite with the rows a reset reads besides its device.
    /// </summary>
    public static readonly Expression<Func<IbisDb, string, Standing>> StandingExpression = (db, deviceId) => new Standing(
        db.QualitySamples.Where(s => s.DeviceId == deviceId).OrderByDescending(s => s.SubmittedAt).Select(s => (DateTimeOffset?)s.SubmittedAt).FirstOrDefault(),
        db.QualitySamples.Where(s => s.DeviceId == deviceId && s.Status != QualitySampleStatus.Submitted).OrderByDescending(s => s.GradedAt).ThenByDescending(s => s.Id)
            .Select(s => (QualitySampleStatus?)s.Status).FirstOrDefault(),
        db.QualitySamples.Where(s => s.DeviceId == deviceId && s.Status != QualitySampleStatus.Submitted).OrderByDescending(s => s.GradedAt).ThenByDescending(s => s.Id)
            .Select(s => s.Deficiencies).FirstOrDefault());

    private static readonly PerModel<Func<IbisDb, string, CancellationToken, Task<Standing?>>> StandingQuery = new(() =>
    {
        var (db, deviceId, ct) = (Expression.Parameter(typeof(IbisDb), "db"), Expression.Parameter(typeof(string), "deviceId"), Expression.Parameter(typeof(CancellationToken), "ct"));
        Expression<Func<IbisDb, string, Standing, Standing?>> one = (db, deviceId, standing) => db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => standing).FirstOrDefault();
        var body = Inline.Body(one, db, deviceId, Inline.Body(StandingExpression, db, deviceId));
        return EF.CompileAsyncQuery(Expression.Lambda<Func<IbisDb, string, CancellationToken, Standing?>>(body, db, deviceId, ct));
    });
}
