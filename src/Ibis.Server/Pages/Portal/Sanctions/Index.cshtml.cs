using Ibis.Server.Auth;
using Ibis.Server.Compliance;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Pages.Portal.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Sanctions;

/// <summary>
/// Sanction procedures against providers (39 CFR 502.5, 502.13, 502.15, 502.21). The Postal Service sees
/// every provider's, issues the written notice and takes each later step; a provider's users see their
/// own with their deadlines and file the written defense and the appeal. Every step is asked twice: the
/// first post shows what will be done and the reasons or statement written out as the notice will carry
/// them; only the confirmation runs it, through the same use cases as /v1/providers/{id}/sanctions.
/// A refused step is shown by <see cref="RefusalFilter"/>. Issuing a notice is an idempotent form
/// (<see cref="IdempotentFormFilter"/>, one key per form shown, carried into its confirmation,
/// post/redirect/get): a double click, a reload or the back button on the confirmation lands on the
/// sanction the first post issued and issues no second one; each later step likewise lands where its first
/// confirmation did (one key per page shown for the step forms), not on the stage's refusal of a repeat.
/// </summary>
internal sealed class IndexModel(SanctionReads reads, IssueSanction issue, ListProviders providers) : PageModel, IRefusalPage
{
    public IReadOnlyList<ProviderView> ProviderChoices { get; private set; } = [];

    public IReadOnlyList<SanctionView> List { get; private set; } = [];

    public string? Notice { get; private set; }

    /// <summary>The step waiting for its confirmation, with the words it will send.</summary>
    public Confirmation? Pending { get; private set; }

    public bool IsPostal { get; private set; }

    /// <summary>One key per issue form shown (<see cref="IdempotentFormFilter"/>), kept through its confirmation.</summary>
    [BindProperty] public string? IssueKey { get; set; }

    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>), kept through the step's
    /// confirmation: a double click, a reload or the back button on a confirmed step lands where its first post did
    /// instead of showing the stage's refusal of a repeat. What is acted on (sanction, step) is part of what is posted.
    /// </summary>
    [BindProperty] public string? StepKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (!await Load(ct)) return this.Forbidden();
        Notice = done;
        return Page();
    }

    [IdempotentForm(nameof(IssueKey), Replayed = "This notice was already sent; no second sanction was issued.")]
    public async Task<IActionResult> OnPostIssueAsync(string providerId, string? basis, string? action, string? grounds, bool willful, int? suspensionDays, string? amount,
        int? cureDays, int? defenseDays, bool confirmed, CancellationToken ct)
    {
        if (!await Load(ct) || !IsPostal) return this.Forbidden();
        var command = new IssueSanctionCommand(basis, action, grounds?.Trim(), willful, suspensionDays, string.IsNullOrWhiteSpace(amount) ? null : amount.Trim(), cureDays, defenseDays);
        if (!confirmed)
        {
            var name = ProviderChoices.FirstOrDefault(p => p.Id == providerId)?.Name ?? providerId;
            Pending = new Confirmation("issue", providerId, null, $"Issue a written notice of {Words(action)} ({basis}) against {name}.", "Grounds", grounds ?? "",
                new Dictionary<string, string?>
                {
                    [nameof(IssueKey)] = IssueKey, ["providerId"] = providerId, ["basis"] = basis, ["action"] = action, ["grounds"] = grounds, ["willful"] = willful ? "true" : "false",
                    ["suspensionDays"] = suspensionDays?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["amount"] = amount,
                    ["cureDays"] = cureDays?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["defenseDays"] = defenseDays?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            return Page();
        }
        return await Run(async c =>
        {
            var view = await issue.Handle(c, providerId, command, ct);
            return $"Sanction {view.Id} issued: {Words(view.Stage)}.";
        });
    }

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public async Task<IActionResult> OnPostStepAsync(string providerId, string sanctionId, string step, string? text, string? outcome, string? effectiveAt, int? days, int? defenseDays,
        bool confirmed, CancellationToken ct)
    {
        if (!await Load(ct)) return this.Forbidden();
        var spec = SanctionProcedureStep.Find(step);
        if (spec is null) return this.NotFoundPage("step");
        var command = new SanctionStepCommand(
            spec.Text == SanctionStepText.Statement ? text?.Trim() : null, spec.Text == SanctionStepText.Reasons ? text?.Trim() : null,
            string.IsNullOrEmpty(outcome) ? null : outcome, string.IsNullOrWhiteSpace(effectiveAt) ? null : effectiveAt.Trim(), days, defenseDays);
        if (!confirmed)
        {
            var what = $"{spec.Label} — sanction {sanctionId}" + (command.Outcome is { } o ? $", outcome {o}" : "") + (days is { } d ? $", {d} days" : "")
                + (command.EffectiveAt is { } at ? $", effective {at}" : "") + (defenseDays is { } dd ? $", defense period {dd} days" : "") + ".";
            Pending = new Confirmation(step, providerId, sanctionId, what, spec.Text == SanctionStepText.Statement ? "Statement" : "Reasons", text ?? "",
                new Dictionary<string, string?>
                {
                    [nameof(StepKey)] = StepKey, ["providerId"] = providerId, ["sanctionId"] = sanctionId, ["step"] = step, ["text"] = text, ["outcome"] = outcome, ["effectiveAt"] = effectiveAt,
                    ["days"] = days?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["defenseDays"] = defenseDays?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            return Page();
        }
        return await Run(async c =>
        {
            await reads.Get(c, providerId, sanctionId, ct); // this provider's, and visible to the caller
            var view = await spec.Run(HttpContext.RequestServices, c, sanctionId, command, ct);
            return $"{spec.Label}: sanction {view.Id} is now {Words(view.Stage)}.";
        });
    }

    /// <summary>The steps the caller may take (the server still refuses one the stage does not allow).</summary>
    public IEnumerable<SanctionProcedureStep> StepsFor(SanctionView s) => s.ClosedAt is not null ? [] :
        SanctionProcedureStep.All.Where(x => x.Actor == (IsPostal ? SanctionActor.PostalService : SanctionActor.Provider));

    public static string Words(string? code) => (code ?? "").Replace('_', ' ');

    private async Task<IActionResult> Run(Func<Caller, Task<string>> action) =>
        RedirectToPage(new { done = await action(Caller.From(User)) });

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(ct);
        return Page();
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        var caller = Caller.From(User);
        IsPostal = caller.Role == Caller.PostalRole;
        if (!IsPostal && caller.Role != Caller.ProviderRole) return false;
        // A form shown anew gets a new key; a form shown again (its confirmation, a refusal) keeps the one it posted.
        if (string.IsNullOrEmpty(IssueKey)) IssueKey = Ibis.Domain.Ids.New("form");
        if (string.IsNullOrEmpty(StepKey)) StepKey = Ibis.Domain.Ids.New("form");
        if (IsPostal) ProviderChoices = await providers.Handle(caller, ct);
        List = await reads.List(caller, IsPostal ? null : caller.ProviderId, ct);
        return true;
    }
}

/// <summary>A step shown back before it runs: what it does, and the words the written notice will carry.</summary>
internal sealed record Confirmation(string Step, string ProviderId, string? SanctionId, string What, string TextLabel, string Text, IReadOnlyDictionary<string, string?> Fields);
