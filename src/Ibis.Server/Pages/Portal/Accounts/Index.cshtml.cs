using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages.Portal.Accounts;

/// <summary>The provider's view of its licensees' deposit accounts (issue 7, portal): every account with its balance.</summary>
public sealed class IndexModel(IbisDb db) : PageModel
{
    public sealed record Row(AccountView Account, string LicenseeName, int PendingDeposits);

    public IReadOnlyList<Row> Accounts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        var licensees = await db.Licensees.AsNoTracking().Where(l => l.ProviderId == caller.ProviderId).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var ids = licensees.Keys.ToList();
        var accounts = await db.DepositAccounts.AsNoTracking().Where(a => ids.Contains(a.LicenseeId)).OrderBy(a => a.Id).ToListAsync(ct);
        var accountIds = accounts.Select(a => a.Id).ToList();
        var pending = await db.Deposits.AsNoTracking().Where(d => accountIds.Contains(d.AccountId) && d.Status == "pending")
            .GroupBy(d => d.AccountId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Accounts = accounts
            .Select(a => new Row(AccountView.From(a), licensees.GetValueOrDefault(a.LicenseeId, ""), pending.GetValueOrDefault(a.Id)))
            .OrderBy(r => r.LicenseeName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Account.Id, StringComparer.Ordinal).ToList();
        return Page();
    }
}
