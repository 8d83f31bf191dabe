using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Accounts;

/// <summary>The provider's view of its licensees' deposit accounts (issue 7, portal): every account with its balance.</summary>
internal sealed class IndexModel(ShowAccount accounts) : PageModel
{
    public IReadOnlyList<ProviderAccountEntry> Accounts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        Accounts = await accounts.OfProvider(caller, ct);
        return Page();
    }
}
