using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// P050 4.5: on approval of the licensing post office, the indicium may show the name and state of
/// its local classified branch (not a classified station, contract station or branch). The approval
/// is the Postal Service's; once set, every image of the license's indicia shows the branch.
/// </summary>
public static class ClassifiedBranchesApi
{
    public static void MapClassifiedBranches(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Indicia"); // one tag per module in the API reference
        v1.MapPut("/licenses/{licenseId}/classified-branch", Approve).WithName("ApproveClassifiedBranch")
            .WithSummary("Postal Service: approve the classified branch name a license's indicia may show (P050 4.5).")
            .Accepts<ClassifiedBranchInput>("application/json").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        v1.MapDelete("/licenses/{licenseId}/classified-branch", Withdraw).WithName("WithdrawClassifiedBranch")
            .WithSummary("Postal Service: withdraw the approval; indicia show the post office alone again.");
    }

    private static async Task<IResult> Approve(string licenseId, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        Rules.Check(new OnlyTheLicensingPostOfficeApprovesBranchNamesRule(caller.Role == Caller.PostalRole));
        var input = await JsonBody.Read<ClassifiedBranchInput>(http.Request, ct);
        // Issue 11 item 12: the Postal Service of one mode never reaches the other mode's licenses (a sandbox key approved live names).
        var license = await db.Licenses.AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenseId && db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox), ct)
                      ?? throw ApiException.NotFound("license", licenseId);
        var name = (input.BranchName ?? "").Trim().ToUpperInvariant();
        if (name.Length is 0 or > 28) throw ApiException.Invalid("branch_name_invalid", "branch_name is 1–28 characters", "branch_name");
        var state = (input.State ?? license.PostOfficeState).Trim().ToUpperInvariant();
        if (state.Length != 2 || !state.All(char.IsAsciiLetterUpper)) throw ApiException.Invalid("state_invalid", "state is a two-letter state designation", "state");
        var row = await db.ClassifiedBranches.FirstOrDefaultAsync(b => b.LicenseId == licenseId, ct);
        if (row is null) db.ClassifiedBranches.Add(row = new ClassifiedBranchRow { LicenseId = licenseId, BranchName = name, State = state, ApprovedBy = caller.UserOrKeyId });
        (row.BranchName, row.State, row.ApprovedBy, row.ApprovedAt) = (name, state, caller.UserOrKeyId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Results.Ok(new { @object = "classified_branch", license_id = licenseId, branch_name = name, state, approved_at = row.ApprovedAt });
    }

    private static async Task<IResult> Withdraw(string licenseId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Caller.PostalRole) throw new ApiException(403, "forbidden", "the licensing post office withdraws the approval");
        if (!await db.Licenses.AnyAsync(l => l.Id == licenseId && db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox), ct))
            throw ApiException.NotFound("license", licenseId);
        var row = await db.ClassifiedBranches.FirstOrDefaultAsync(b => b.LicenseId == licenseId, ct) ?? throw ApiException.NotFound("classified_branch", licenseId);
        db.ClassifiedBranches.Remove(row);
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}

public sealed record ClassifiedBranchInput(string? BranchName, string? State);
