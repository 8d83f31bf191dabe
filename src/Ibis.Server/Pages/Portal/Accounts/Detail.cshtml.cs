using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Accounts;

/// <summary>
/// One licensee's deposit account, for its provider: the same details the licensee sees, and the
/// provider's own acts on it — the advance limit and advances within it (§502.25(c)(1)). Another
/// provider's account is not found (404), as in the API. The advance form is idempotent
/// (<see cref="IdempotentFormFilter"/>, post/redirect/get, its key also kept by the account beside the
/// advance), so a double click or a resend advances once; setting the limit sets a value, which a resend
/// sets again to the same. A refusal is shown by <see cref="RefusalFilter"/> on the account as it now stands.
/// </summary>
internal sealed class DetailModel(ShowAccount show, SetAdvanceLimit setLimit, AdvanceFunds advance) : PageModel, IRefusalPage
{
    public AccountDetails Details { get; private set; } = null!;

    public string? Notice { get; private set; }

    [BindProperty]
    public string? LimitAmount { get; set; }

    [BindProperty]
    public string? AdvanceAmount { get; set; }

    /// <summary>One key per advance form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty]
    public string? AdvanceKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, long? before, bool limitSet, bool advanced, string? done, CancellationToken ct)
    {
        if (await Load(id, before, ct) is { } notFound) return notFound;
        if (limitSet) Notice = $"Advance limit set to {AccountDetails.Dollars(Details.Account.AdvanceLimit)}.";
        else if (advanced)
            Notice = $"Advance granted: {AccountDetails.Dollars(Details.Account.AdvanceOutstanding)} outstanding of a {AccountDetails.Dollars(Details.Account.AdvanceLimit)} limit; the balance is now {AccountDetails.Dollars(Details.Account.Balance)}.";
        if (done is not null) Notice = Notice is null ? done : $"{done} {Notice}";
        return Page();
    }

    public Task<IActionResult> OnPostLimitAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        if (Parse(LimitAmount, nameof(LimitAmount)) is not { } limit) return null;
        await setLimit.Handle(Caller.From(User), id, limit, ct);
        return RedirectToPage(new { id, limitSet = true });
    }, ct);

    [IdempotentForm(nameof(AdvanceKey), Replayed = "This advance was already granted; nothing was advanced twice.")]
    public Task<IActionResult> OnPostAdvanceAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        if (Parse(AdvanceAmount, nameof(AdvanceAmount)) is not { } amount) return null;
        await advance.Handle(Caller.From(User), id, amount, IdempotentFormFilter.RequestOf(HttpContext), ct);
        return RedirectToPage(new { id, advanced = true });
    }, ct);

    private Mills? Parse(string? text, string field)
    {
        var parsed = Mills.ParseDollars(text?.Trim().TrimStart('$'));
        if (parsed.Success) return parsed.Value;
        ModelState.AddModelError(field, $"{parsed.ErrorMessage} ({parsed.ErrorCode})");
        return null;
    }

    private async Task<IActionResult> Attempt(string id, Func<Task<IActionResult?>> action, CancellationToken ct)
    {
        if (await Load(id, null, ct) is { } notFound) return notFound;
        return await action() ?? await ShowAgainAsync(ct);
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct) => await Load((string)RouteData.Values["id"]!, null, ct) ?? Page();

    /// <summary>Another provider's account (or one that does not exist) is not found, as in the API.</summary>
    string? IRefusalPage.NotFoundAs => "deposit account";

    private async Task<IActionResult?> Load(string id, long? before, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("deposit account");
        Details = await show.Run(caller, id, before, ct);
        LimitAmount ??= Details.Account.AdvanceLimit.Amount;
        if (string.IsNullOrEmpty(AdvanceKey)) AdvanceKey = Ids.New("form");
        return null;
    }
}
