using Ibis.Server.Auth;
using Ibis.Server.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Privacy;

/// <summary>
/// The retention schedule of notice 820.100 "Retention and Disposal" for the privacy officer, read
/// only: the four rules, what each will dispose of next, when the daily job last ran and the
/// disposal log (category, record id, when, rule). Disposal itself is the daily job's.
/// </summary>
internal sealed class RetentionModel(RetentionOverview overview) : PageModel
{
    public RetentionOverviewView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.PrivacyOfficerRole) return this.Forbidden();
        View = await overview.Get(ct);
        return Page();
    }
}
