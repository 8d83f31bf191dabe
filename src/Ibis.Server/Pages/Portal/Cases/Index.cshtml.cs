using Ibis.Server.Auth;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Psd;
using Ibis.Server.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Cases;

/// <summary>
/// The provider's cases: devices Ibis locked itself after a failed audit or a register integrity failure,
/// and weaknesses the provider opened (the same list as GET /v1/cases), each taken up and resolved here
/// with a finding and note (POST /v1/cases/{id}/investigation, …/resolution); recently resolved ones below.
/// A refusal is shown by <see cref="RefusalFilter"/>.
/// </summary>
internal sealed class IndexModel(ListProviderCases list, InvestigateCase investigate, ResolveCase resolve) : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    public IReadOnlyList<CaseListEntry> Cases { get; private set; } = [];

    /// <summary>Cases resolved in the last 90 days, with their findings.</summary>
    public IReadOnlyList<CaseListEntry> Resolved { get; private set; } = [];

    [BindProperty]
    public string? CaseId { get; set; }

    [BindProperty]
    public string? Finding { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        // Cases are the provider's; to anyone else the page does not exist.
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        await Load(caller, ct);
        return Page();
    }

    /// <summary>§502.14(c): the provider takes the case up.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostInvestigateAsync(CancellationToken ct) => Attempt(caller => investigate.Handle(caller, CaseId ?? "", ct), ct);

    /// <summary>The provider resolves the case with its finding and note; the device's lock is a separate matter.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostResolveAsync(CancellationToken ct) => Attempt(caller => resolve.Handle(caller, CaseId ?? "", new ResolveCaseCommand(Finding, Note), ct), ct);

    private async Task<IActionResult> Attempt(Func<Caller, Task<CaseView>> action, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        await action(caller);
        return RedirectToPage();
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(Caller.From(User), ct);
        return Page();
    }

    private async Task Load(Caller caller, CancellationToken ct)
    {
        var cases = await list.Run(caller, ct);
        Cases = cases.Open;
        Resolved = cases.Resolved;
    }
}
