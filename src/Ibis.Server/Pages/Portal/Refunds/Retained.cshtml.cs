using Ibis.Server.Auth;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Refunds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Refunds;

/// <summary>
/// §502.27(a)(7): the refunds whose returned pieces the provider retains, with the day they may be
/// destroyed and the latest audit — for the Postal Service, which audits them from each refund's page,
/// and for the provider, which keeps them. The same query as <c>GET /v1/refunds/retained</c>; to anyone
/// else the page does not exist (the roles the use case admits, asked before it runs, as the oversight pages do).
/// </summary>
internal sealed class RetainedModel(ListRetainedPieces retained) : PageModel
{
    public IReadOnlyList<RetainedRefundView> List { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole && !AuditRetainedPieces.Access.Roles.Contains(caller.Role)) return this.NotFoundPage("page");
        List = await retained.Handle(caller, ct);
        return Page();
    }
}
