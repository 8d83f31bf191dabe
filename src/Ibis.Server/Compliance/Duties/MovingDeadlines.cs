using Ibis.Data.Entities;
using Ibis.Domain.Compliance;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// The shape shared by duties whose deadline moves on with each act (a reset or audit every 3 months, a
/// quality sample every 6): a device owes one duty at its current deadline; an open duty at an earlier
/// deadline was discharged by the act that moved it, and a device that left service owes nothing more.
/// </summary>
internal static class MovingDeadlines
{
    /// <summary>What a source knows of one device to settle its open duties.</summary>
    /// <param name="Deadline">The device's current deadline.</param>
    /// <param name="LastAct">When the act that moves the deadline last happened.</param>
    /// <param name="LeftService">Whether the device no longer owes the act, and since when.</param>
    internal sealed record Standing(DateTimeOffset Deadline, DateTimeOffset? LastAct, bool LeftService, DateTimeOffset? LeftAt);

    /// <summary>The facts closing each open duty whose deadline has moved on or whose device left service.</summary>
    public static IEnumerable<DutyFact> Settle(DutyScan scan, IReadOnlyDictionary<string, Standing> devices, DutyOutcome leftServiceOutcome)
    {
        foreach (var open in scan.Open)
        {
            if (!devices.TryGetValue(open.SubjectId, out var d)) continue;
            if (d.Deadline > open.DueAt)
                yield return Closed(open, d.LastAct ?? scan.Now, DutyOutcome.Done); // the act happened: the deadline moved on
            else if (d.LeftService)
                yield return Closed(open, d.LeftAt ?? scan.Now, leftServiceOutcome);
        }
    }

    private static DutyFact Closed(DutyRow open, DateTimeOffset at, DutyOutcome outcome) =>
        new(open.SubjectId, open.DueAt, open.ProviderId, open.LicenseeId, open.Sandbox, at, outcome);
}
