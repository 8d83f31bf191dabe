using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>The log of oversight reads (who read which records, when, why), newest first; for the Postal Service's auditors and the postal role.</summary>
internal sealed class ListOversightReads(IbisDb db, CommandPipeline pipeline)
{
    public static readonly Access Access = Access.For(Caller.PostalRole, Caller.AuditorRole);

    public Task<ListView<OversightReadView>> Handle(Caller caller, string? subjectId, PageQuery page, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var reads = db.OversightReads.AsNoTracking().Where(r => r.Sandbox == caller.TestMode);
        if (subjectId is not null) reads = reads.Where(r => r.SubjectId == subjectId);
        return await Lists.Page(reads, page, Lists.NewestFirst<Ibis.Data.Entities.OversightReadRow>(r => r.ReadAt, r => r.Id), OversightReadView.From, ct);
    }, ct);
}
