using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>
/// What the deposit-account use cases share (P050 3.2–3.5, §502.25): who may move money, and finding an
/// account the caller may see — its licensee, its provider, or the Postal Service and auditors of its mode.
/// </summary>
internal static class AccountRecords
{
    /// <summary>Who may move money on a deposit account: the licensee and its provider only (read-only roles see accounts but never post a ledger line).</summary>
    public static readonly Access MoneyMovers = Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    /// <summary>What only the provider does: open accounts, advance funds, set the advance limit, confirm deposits.</summary>
    public static readonly Access Provider = Access.For(Caller.ProviderRole);

    /// <summary>The account if the caller may see it; otherwise not found, whether it exists or not.</summary>
    public static async Task<DepositAccountRow> Visible(IbisDb db, Caller caller, string accountId, CancellationToken ct)
    {
        if (!Ids.HasShape(accountId, "acct")) throw ApiException.NotFound("account", accountId);
        var account = await db.DepositAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) throw ApiException.NotFound("account", accountId);
        var licensee = await db.Licensees.AsNoTracking().FirstAsync(l => l.Id == account.LicenseeId, ct);
        var visible = caller.Role switch
        {
            Caller.LicenseeRole => caller.LicenseeId == account.LicenseeId,
            Caller.ProviderRole => caller.ProviderId == licensee.ProviderId,
            Caller.PostalRole or Caller.AuditorRole => licensee.Sandbox == caller.IsSandbox, // the other mode's accounts do not exist for it
            _ => false,
        };
        return visible ? account : throw ApiException.NotFound("account", accountId);
    }

    /// <summary>Whether the account's licensee is a sandbox one (its money is never live: P050 3.5a, §502.25).</summary>
    public static Task<bool> IsSandbox(IbisDb db, DepositAccountRow account, CancellationToken ct) =>
        db.Licensees.AsNoTracking().Where(l => l.Id == account.LicenseeId).Select(l => l.Sandbox).FirstAsync(ct);
}
