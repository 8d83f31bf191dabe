using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

/// <summary>
/// A computer access by the customer, kept as a logon record (notice 820.100 retention rule 1: logon records are
/// kept 1 year after the access). Written at sign-in, so it has no caller of its own.
/// </summary>
public sealed class RecordCustomerLogon(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task Handle(string licenseeId, string logonId, CancellationToken ct) => pipeline.Run(null, null, async ct =>
    {
        var recordId = await db.CustomerRecords.Where(r => r.LicenseeId == licenseeId).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (recordId is null) return false;
        db.LogonRecords.Add(new LogonRecordRow { Id = Ids.New("lgn"), RecordId = recordId, LogonId = logonId, At = clock.GetUtcNow() });
        return true;
    }, ct);
}
