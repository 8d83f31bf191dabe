using Ibis.Data;
using Ibis.Domain.Funds;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>A provider's deposit account in its list: the licensee's name and how many deposits wait to clear.</summary>
public sealed record ProviderAccountEntry(AccountView Account, string LicenseeName, int PendingDeposits);

/// <summary>
/// The reads of the deposit-account pages (P050 3.5c): one account's details as its licensee or provider
/// may see it (scoped by <see cref="AccountRecords.Visible"/>, as the API is), the licensee's own
/// account, and a provider's accounts. Page models call these and never the database.
/// </summary>
public sealed class ShowAccount(IbisDb db)
{
    /// <summary>The account's details, one ledger page before <paramref name="before"/>; another's account is not found.</summary>
    public async Task<AccountDetails> Run(Caller caller, string accountId, long? before, CancellationToken ct) =>
        await AccountDetails.Load(db, await AccountRecords.Visible(db, caller, accountId, ct), before, ct);

    /// <summary>The licensee's own account page shows its first deposit account; null for anyone else.</summary>
    public async Task<string?> LicenseeAccountId(Caller caller, CancellationToken ct) =>
        caller.Role != Caller.LicenseeRole ? null
            : await db.DepositAccounts.AsNoTracking().Where(a => a.LicenseeId == caller.LicenseeId).OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct);

    /// <summary>Every deposit account of the provider's licensees with its balance, by licensee name.</summary>
    public async Task<IReadOnlyList<ProviderAccountEntry>> OfProvider(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) return [];
        var licensees = await db.Licensees.AsNoTracking().Where(l => l.ProviderId == caller.ProviderId).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var ids = licensees.Keys.ToList();
        var accounts = await db.DepositAccounts.AsNoTracking().Where(a => ids.Contains(a.LicenseeId)).OrderBy(a => a.Id).ToListAsync(ct);
        var accountIds = accounts.Select(a => a.Id).ToList();
        var pending = await db.Deposits.AsNoTracking().Where(d => accountIds.Contains(d.AccountId) && d.Status == DepositStatus.Pending)
            .GroupBy(d => d.AccountId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return accounts
            .Select(a => new ProviderAccountEntry(AccountView.From(a), licensees.GetValueOrDefault(a.LicenseeId, ""), pending.GetValueOrDefault(a.Id)))
            .OrderBy(r => r.LicenseeName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Account.Id, StringComparer.Ordinal).ToList();
    }
}
