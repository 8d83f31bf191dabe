using Ibis.Domain.Compliance;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// §502.20(k): each provider owes, for every month that has ended since it was authorized, one file of
/// its lost and stolen devices, due by the end of the 1st of the next month. Done when a file for that
/// month was transmitted after the month ended (a file made during the month would miss its last days).
/// </summary>
internal sealed class MonthlyLostStolenFile : IDutySource
{
    public IDutyRule Rule => MonthlyLostStolenFileDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await ProduceLostStolenFile.MonthsOwed(scan.Db, scan.Now, ct))
        .Select(m => new DutyFact(MonthlyLostStolenFileDuty.SubjectOf(m.ProviderId, m.Month), MonthlyLostStolenFileDuty.DueAt(m.Month), m.ProviderId, null, m.Sandbox, m.TransmittedAt))
        .ToList();
}
