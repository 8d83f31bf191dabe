using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.Compliance;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Compliance;

/// <summary>
/// The caller's dated duties of the rule, per role (a licensee its own, a provider its and its
/// licensees', the Postal Service every one of its mode): what is due, overdue and done, through the
/// same query as GET /v1/compliance/duties. A licensee declares done the duties only it can attest; a
/// refused declaration is shown by <see cref="RefusalFilter"/>.
/// </summary>
internal sealed class IndexModel(ListDuties list, DeclareDutyDone declare) : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    public IReadOnlyList<DutyView> Overdue { get; private set; } = [];

    public IReadOnlyList<DutyView> Due { get; private set; } = [];

    public IReadOnlyList<DutyView> Done { get; private set; } = [];

    public string? Notice { get; private set; }

    public async Task OnGetAsync(string? declared, CancellationToken ct)
    {
        var caller = Caller.From(User);
        Overdue = await list.Handle(caller, new DutyQuery(Status: "overdue", Limit: 200), ct);
        Due = await list.Handle(caller, new DutyQuery(Status: "due", Limit: 200), ct);
        Done = (await list.Handle(caller, new DutyQuery(Status: "done", Limit: ListDuties.MaxLimit), ct)).OrderByDescending(d => d.CompletedAt).Take(50).ToList();
        if (declared is not null) Notice = $"Duty {declared} declared done.";
    }

    [IdempotentForm(nameof(StepKey), Replayed = "This declaration was already sent; nothing was recorded twice.")]
    public async Task<IActionResult> OnPostDeclareAsync(string dutyId, CancellationToken ct)
    {
        await declare.Handle(Caller.From(User), dutyId, ct);
        return RedirectToPage(new { declared = dutyId });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await OnGetAsync(null, ct);
        return Page();
    }
}
