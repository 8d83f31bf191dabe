using Ibis.Server.Auth;
using Ibis.Server.Compliance;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Compliance;

/// <summary>The signed-in user's notices — reminders, overdue notices, escalations, written notices — and how their e-mail went.</summary>
internal sealed class InboxModel(ListInbox inbox) : PageModel
{
    public IReadOnlyList<InboxMessageView> Messages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Messages = await inbox.Handle(Caller.From(User), 200, ct);
}
