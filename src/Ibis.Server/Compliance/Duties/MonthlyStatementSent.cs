using Ibis.Domain.Compliance;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// P050 3.5c: each ended month of an account on monthly statements owes its statement, due by the end of
/// the 3rd of the next month; done when every copy of it has been mailed (the outbox's delivery log).
/// </summary>
internal sealed class MonthlyStatementSent : IDutySource
{
    public IDutyRule Rule => MonthlyStatementDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await MonthlyStatements.MonthsOwed(scan.Db, scan.Now, ct))
        .Select(m => new DutyFact(MonthlyStatementDuty.SubjectOf(m.AccountId, m.Month), MonthlyStatementDuty.DueAt(m.Month), m.ProviderId, m.LicenseeId, m.Sandbox, m.SentAt))
        .ToList();
}
