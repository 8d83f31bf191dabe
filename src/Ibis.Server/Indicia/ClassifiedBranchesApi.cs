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

    private static async Task<IResult> Approve(string licenseId, HttpContext http, ApproveClassifiedBranch approve, CancellationToken ct) =>
        Results.Ok(await approve.Handle(Caller.From(http.User), licenseId, await JsonBody.Read<ClassifiedBranchInput>(http.Request, ct), ct));

    private static async Task<IResult> Withdraw(string licenseId, HttpContext http, WithdrawClassifiedBranch withdraw, CancellationToken ct)
    {
        await withdraw.Handle(Caller.From(http.User), licenseId, ct);
        return Results.NoContent();
    }
}

public sealed record ClassifiedBranchInput(string? BranchName, string? State);
