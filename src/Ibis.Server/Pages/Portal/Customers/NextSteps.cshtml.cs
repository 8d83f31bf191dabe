using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Licensing;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Customers;

/// <summary>
/// The provider's next steps with one customer, in the rule's order: the license (3601-A, P050 2.1),
/// the deposit account with the Acknowledgement of Deposit Requirement (39 CFR 502.25(c)), the signed
/// lease with its financial agreement for resetting (P050 3.1), then a device from inventory. A refused
/// form is shown by <see cref="RefusalFilter"/> beside that form. The account and lease forms are
/// idempotent (<see cref="IdempotentFormFilter"/>, one key per form shown, post/redirect/get): a double
/// click, a reload or the back button lands on what the first post recorded and records nothing twice.
/// </summary>
internal sealed class NextStepsModel(OnboardingReads reads, OpenDepositAccount openAccount, SignLease leases, TimeProvider clock) : PageModel, IRefusalPage
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["deposit_requirement_acknowledged"] = nameof(Acknowledged), ["license_id"] = nameof(LicenseId),
        ["signed_by"] = nameof(SignedBy), ["signed_on"] = nameof(SignedOn),
    };

    public CustomerProgress Customer { get; private set; } = null!;

    public string? Notice { get; private set; }

    /// <summary>Which form was refused ("account" or "lease"), to show its refusal beside it.</summary>
    public string? Refused { get; private set; }

    [BindProperty] public bool Acknowledged { get; set; }
    [BindProperty] public bool MonthlyStatement { get; set; }
    [BindProperty] public string? LicenseId { get; set; }
    [BindProperty] public string? SignedBy { get; set; }
    [BindProperty] public string? SignedOn { get; set; }

    /// <summary>One key per account form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? AccountKey { get; set; }

    /// <summary>One key per lease form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? LeaseKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string licenseeId, string? done, CancellationToken ct)
    {
        if (!await Load(licenseeId, ct)) return this.NotFoundPage("customer");
        Notice = done;
        SignedOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    [IdempotentForm(nameof(AccountKey), Replayed = "This form was already sent; no second account was opened.")]
    public Task<IActionResult> OnPostAccountAsync(string licenseeId, CancellationToken ct) => Act(licenseeId, "account", async c =>
    {
        var account = await openAccount.Handle(c, new OpenAccountRequest(licenseeId, Acknowledged, MonthlyStatement), ct);
        return $"Deposit account {account.Id} opened.";
    }, ct);

    [IdempotentForm(nameof(LeaseKey), Replayed = "This form was already sent; no second lease was recorded.")]
    public Task<IActionResult> OnPostLeaseAsync(string licenseeId, CancellationToken ct) => Act(licenseeId, "lease", async c =>
    {
        var lease = await leases.Handle(c, new LeaseRequest(licenseeId, LicenseId, SignedBy, SignedOn, Customer.OpenAccountId), ct);
        return $"Lease {lease.Id} recorded.";
    }, ct);

    private async Task<IActionResult> Act(string licenseeId, string form, Func<Caller, Task<string>> action, CancellationToken ct)
    {
        if (!await Load(licenseeId, ct)) return this.NotFoundPage("customer");
        Refused = form; // read only when the form is shown again, refused
        return RedirectToPage(new { licenseeId, done = await action(Caller.From(User)) });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct) =>
        await Load(Customer.LicenseeId, ct) ? Page() : this.NotFoundPage("customer");

    string? IRefusalPage.InputFor(string field) => Fields.GetValueOrDefault(field);

    private async Task<bool> Load(string licenseeId, CancellationToken ct)
    {
        var progress = await reads.ForProvider(Caller.From(User), licenseeId, ct);
        if (progress is null) return false;
        Customer = progress;
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(AccountKey)) AccountKey = Ibis.Domain.Ids.New("form");
        if (string.IsNullOrEmpty(LeaseKey)) LeaseKey = Ibis.Domain.Ids.New("form");
        return true;
    }
}
