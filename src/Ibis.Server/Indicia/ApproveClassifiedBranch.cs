using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>A classified branch approved for a license's indicia.</summary>
internal sealed record ClassifiedBranchView(
    string Object,
    string LicenseId,
    string BranchName,
    string State,
    DateTimeOffset ApprovedAt);

/// <summary>
/// P050 4.5: on approval of the licensing post office, the indicium may show the name and state of its local classified
/// branch (not a classified station, contract station or branch); approving again replaces the name. The Postal Service
/// of one mode never reaches the other mode's licenses (a sandbox key approving live names).
/// </summary>
internal sealed class ApproveClassifiedBranch(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<ClassifiedBranchView> Handle(Caller caller, string licenseId, ClassifiedBranchInput input, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        Rules.Check(new OnlyTheLicensingPostOfficeApprovesBranchNamesRule(caller.Role == Caller.PostalRole));
        var license = await db.Licenses.AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenseId && db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox), ct)
                      ?? throw ApiException.NotFound("license", licenseId);
        var name = (input.BranchName ?? "").Trim().ToUpperInvariant();
        if (name.Length is 0 or > 28) throw ApiException.Invalid("branch_name_invalid", "branch_name is 1–28 characters", "branch_name");
        var state = (input.State ?? license.PostOfficeState).Trim().ToUpperInvariant();
        if (state.Length != 2 || !state.All(char.IsAsciiLetterUpper)) throw ApiException.Invalid("state_invalid", "state is a two-letter state designation", "state");
        var row = await db.ClassifiedBranches.FirstOrDefaultAsync(b => b.LicenseId == licenseId, ct);
        if (row is null) db.ClassifiedBranches.Add(row = new ClassifiedBranchRow { LicenseId = licenseId, BranchName = name, State = state, ApprovedBy = caller.UserOrKeyId });
        (row.BranchName, row.State, row.ApprovedBy, row.ApprovedAt) = (name, state, caller.UserOrKeyId, clock.GetUtcNow());
        return new ClassifiedBranchView("classified_branch", licenseId, name, state, row.ApprovedAt);
    }, ct);
}
