using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <param name="DepositRequirementAcknowledged">The Acknowledgement of Deposit Requirement is signed (§502.25(c)).</param>
/// <param name="MonthlyStatement">A monthly statement instead of a receipt after each reset (P050 3.5c).</param>
public sealed record OpenAccountRequest(string? LicenseeId, bool? DepositRequirementAcknowledged, bool? MonthlyStatement);

/// <summary>
/// The provider opens the licensee's deposit account when the lease is signed, with the Acknowledgement of
/// Deposit Requirement (§502.25(c)) recorded; a licensee has one open account at a time.
/// </summary>
public sealed class OpenDepositAccount(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = AccountRecords.Provider;

    public Task<AccountView> Handle(Caller caller, OpenAccountRequest request, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var licensee = request.LicenseeId is null ? null : await db.Licensees.FirstOrDefaultAsync(l => l.Id == request.LicenseeId && l.ProviderId == caller.ProviderId, ct);
        if (licensee is null) throw ApiException.NotFound("licensee", request.LicenseeId ?? "");
        Rules.Check(new DepositRequirementMustBeAcknowledgedRule(request.DepositRequirementAcknowledged));
        Rules.Check(new DepositAccountRequiresValidLicenseRule(await db.Licenses.AnyAsync(l => l.LicenseeId == licensee.Id && l.Status == LicenseStatus.Valid, ct)));
        if (await db.DepositAccounts.AnyAsync(a => a.LicenseeId == licensee.Id && a.Status != AccountStatus.Closed, ct))
            throw new ApiException(409, "account_exists", "the licensee already has an open deposit account");
        var now = clock.GetUtcNow();
        var account = new DepositAccountRow
        {
            Id = Ids.New("acct"), LicenseeId = licensee.Id, DepositRequirementAcknowledgedAt = now,
            MonthlyStatement = request.MonthlyStatement ?? false, CreatedAt = now,
        };
        db.DepositAccounts.Add(account);
        // The lease's financial agreement for resetting (P050 2.5i) moves to the new account when the
        // account it named was closed: resets keep drawing on the licensee's open account.
        var closed = await db.DepositAccounts.Where(a => a.LicenseeId == licensee.Id && a.Status == AccountStatus.Closed).Select(a => a.Id).ToListAsync(ct);
        await db.Leases.Where(l => l.LicenseeId == licensee.Id && l.Status == LeaseStatus.Active && closed.Contains(l.ResettingAccountId))
            .ForEachAsync(l => l.ResettingAccountId = account.Id, ct);
        return AccountView.From(account);
    }, ct);
}
