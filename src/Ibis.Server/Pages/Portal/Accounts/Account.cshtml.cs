using System.Globalization;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Ibis.Server.Pages.Portal.Accounts;

/// <summary>
/// The licensee's deposit account (P050 3.2–3.5, §502.25): what is on deposit, funding it by a
/// payment method in the Postal Service's order of preference, its history, ledger and monthly
/// statements, and closing it on a written request (P050 3.3). Every action goes through the same
/// use cases as the API (<see cref="MakeDeposit"/>, <see cref="CloseDepositAccount"/>). The deposit and closing forms are idempotent (<see cref="IdempotentFormFilter"/>,
/// one key per form shown, post/redirect/get), and the account keeps the form's key beside the money it
/// moved, so a reload, a double click or the back button never deposits or refunds twice: a second post
/// lands on the first one's deposit or closing. The filter keeps only a hash of what was posted, so bank
/// and card numbers never reach the idempotency table; they are shown masked and never put back into a
/// form. A refusal is shown by <see cref="RefusalFilter"/> on the account as it now stands.
/// </summary>
internal sealed class AccountModel(ShowAccount show, MakeDeposit deposit, CloseDepositAccount close, TimeProvider clock) : PageModel, IRefusalPage
{
    public AccountDetails Details { get; private set; } = null!;

    public string? Notice { get; private set; }

    public string Today { get; private set; } = "";

    public List<SelectListItem> MethodChoices { get; } = PaymentMethod.InOrderOfPreference
        .Select(m => new SelectListItem($"{m.Preference}. {m.Name}", m.Code)).ToList();

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string Method { get; set; } = PaymentMethod.InOrderOfPreference[0].Code;

    [BindProperty]
    public string? RoutingNumber { get; set; }

    [BindProperty]
    public string? AccountNumber { get; set; }

    [BindProperty]
    public string? CardNumber { get; set; }

    [BindProperty]
    public string? CheckNumber { get; set; }

    /// <summary>One key per deposit form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty]
    public string? DepositKey { get; set; }

    [BindProperty]
    public string? RequestedOn { get; set; }

    [BindProperty]
    public string? Payee { get; set; }

    [BindProperty]
    public bool CloseConfirmed { get; set; }

    /// <summary>One key per closing form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty]
    public string? CloseKey { get; set; }

    /// <summary>The account; after a deposit or the closing, what it did (<paramref name="done"/>: the form was posted again and answered from its first post).</summary>
    public async Task<IActionResult> OnGetAsync(long? before, string? deposited, bool closed, string? done, CancellationToken ct)
    {
        if (await Load(before, ct) is { } notFound) return notFound;
        if (deposited is not null && Details.Deposits.FirstOrDefault(d => d.Id == deposited) is { } d)
        {
            Notice = d.Status switch
            {
                "confirmed" => $"Deposit of {AccountDetails.Dollars(d.Amount)} by {AccountDetails.MethodName(d.Method)} received and credited.",
                "pending" => $"Deposit of {AccountDetails.Dollars(d.Amount)} by {AccountDetails.MethodName(d.Method)} recorded: it is credited once the payment clears.",
                _ => $"Deposit of {AccountDetails.Dollars(d.Amount)} by {AccountDetails.MethodName(d.Method)} failed: {d.FailureReason}.",
            };
        }
        else if (closed && Details.Refund is { } r)
        {
            Notice = $"The account is closed. A refund of {AccountDetails.Dollars(r.Amount)} will be sent by check to {r.Payee}.";
        }
        if (done is not null) Notice = Notice is null ? done : $"{done} {Notice}";
        return Page();
    }

    /// <summary>A deposit (P050 3.5a): pending until the payment clears; the sandbox clears at once.</summary>
    [IdempotentForm(nameof(DepositKey), Replayed = "This deposit was already sent; nothing was deposited twice.")]
    public Task<IActionResult> OnPostDepositAsync(CancellationToken ct) => Attempt(async account =>
    {
        var request = new DepositRequest(new MoneyInput(Amount?.Trim().TrimStart('$') ?? "", null), Method,
            Blank(RoutingNumber), Blank(AccountNumber), Blank(CardNumber)?.Replace(" ", "", StringComparison.Ordinal), null, Blank(CheckNumber));
        // The processor is asked after the deposit is recorded: the account keeps the form's key with it.
        var done = (await deposit.Handle(Caller.From(User), account, request, IdempotentFormFilter.RequestOf(HttpContext), ct)).Value;
        return RedirectToPage(new { deposited = done.Id });
    }, ct);

    /// <summary>Closing (P050 3.3, §502.27(c)) on the licensee's written request; it cannot be undone, hence the confirmation.</summary>
    [IdempotentForm(nameof(CloseKey), Replayed = "The account was already closed by this form; nothing was refunded twice.")]
    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) => Attempt(async account =>
    {
        if (!CloseConfirmed)
        {
            ModelState.AddModelError(nameof(CloseConfirmed), "tick the box to confirm: a closed account accepts nothing afterwards (confirmation_required)");
            return null;
        }
        var request = new ClosingRequest(RequestedOn?.Trim(), Blank(Payee));
        await close.Handle(Caller.From(User), account, request, IdempotentFormFilter.RequestOf(HttpContext), ct);
        return RedirectToPage(new { closed = true });
    }, ct);

    /// <summary>
    /// Runs one action on the licensee's account; a form the page itself refuses (null) is shown again as a
    /// refusal of the use case is (by <see cref="RefusalFilter"/>): with the account as it now stands.
    /// </summary>
    private async Task<IActionResult> Attempt(Func<string, Task<IActionResult?>> action, CancellationToken ct)
    {
        var account = await AccountId(ct);
        if (account is null) return this.NotFoundPage("deposit account");
        return await action(account) ?? await ShowAgainAsync(ct);
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        // The numbers typed are not shown again: the page never echoes a bank or card number.
        AccountNumber = null;
        CardNumber = null;
        ModelState.Remove(nameof(AccountNumber));
        ModelState.Remove(nameof(CardNumber));
        return await Load(null, ct) ?? Page();
    }

    private Task<string?> AccountId(CancellationToken ct) => show.LicenseeAccountId(Caller.From(User), ct);

    private async Task<IActionResult?> Load(long? before, CancellationToken ct)
    {
        var id = await AccountId(ct);
        if (id is null) return this.NotFoundPage("deposit account");
        Details = await show.Run(Caller.From(User), id, before, ct);
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        RequestedOn ??= Today;
        // A form shown anew gets a new key; a form shown again after an error keeps the one it posted.
        if (string.IsNullOrEmpty(DepositKey)) DepositKey = Ids.New("form");
        if (string.IsNullOrEmpty(CloseKey)) CloseKey = Ids.New("form");
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
