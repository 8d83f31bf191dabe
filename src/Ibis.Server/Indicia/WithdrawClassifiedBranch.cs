using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>P050 4.5: the licensing post office withdraws its approval of a classified branch; the license's indicia show the post office alone again.</summary>
internal sealed class WithdrawClassifiedBranch(IbisDb db, CommandPipeline pipeline)
{
    public static readonly Access Access = Access.For(Caller.PostalRole);

    public Task<bool> Handle(Caller caller, string licenseId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        if (!await db.Licenses.AnyAsync(l => l.Id == licenseId && db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox), ct))
            throw ApiException.NotFound("license", licenseId);
        var row = await db.ClassifiedBranches.FirstOrDefaultAsync(b => b.LicenseId == licenseId, ct) ?? throw ApiException.NotFound("classified_branch", licenseId);
        db.ClassifiedBranches.Remove(row);
        return true;
    }, ct);
}
