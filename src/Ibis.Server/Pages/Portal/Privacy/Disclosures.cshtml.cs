using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Privacy;

/// <summary>
/// The accounting of disclosures (5 U.S.C. 552a(c)) on screen: the privacy officer records a disclosure
/// outside the Postal Service under a routine use of notice 820.100 and reads every line; a customer
/// reads the lines about its own records once its identity is verified on a Privacy Act inquiry. A refused
/// disclosure is shown by <see cref="RefusalFilter"/>, each problem next to its input.
/// </summary>
internal sealed class DisclosuresModel(DisclosureReads disclosures, DiscloseRecord disclose, ShowDisclosedRecord showDisclosed) : PageModel, IRefusalPage
{
    public IReadOnlyList<DisclosureView> Lines { get; private set; } = [];

    public bool IsOfficer { get; private set; }

    public string? NotVerified { get; private set; }

    public DisclosedRecordView? Disclosed { get; private set; }

    public string? Notice { get; private set; }

    /// <summary>
    /// One key per form shown (<see cref="IdempotentFormFilter"/>): a double click, a reload or the back button lands
    /// on the one disclosure the first post recorded, never a second line of the accounting (5 U.S.C. 552a(c)).
    /// </summary>
    [BindProperty] public string? DiscloseKey { get; set; } = Ibis.Domain.Ids.New("form");

    [BindProperty] public string? RecordId { get; set; }
    [BindProperty] public string? Recipient { get; set; }
    [BindProperty] public string? RecipientAddress { get; set; }
    [BindProperty] public string? RoutineUse { get; set; }
    [BindProperty] public string? Purpose { get; set; }

    public IReadOnlyList<RoutineUse> Uses => RoutineUses.All;

    /// <param name="disclosed">The disclosure the form just recorded: what it handed over is shown to the officer.</param>
    /// <param name="done">The notice of a form answered from its first post.</param>
    public async Task<IActionResult> OnGetAsync(string? disclosed, string? done, CancellationToken ct)
    {
        Notice = done;
        var caller = Caller.From(User);
        if (caller.Role is not (Caller.PrivacyOfficerRole or Caller.LicenseeRole)) return this.Forbidden();
        if (!string.IsNullOrEmpty(disclosed) && caller.Role == Caller.PrivacyOfficerRole) Disclosed = await showDisclosed.Handle(caller, disclosed, ct);
        await Load(caller, ct);
        return Page();
    }

    [IdempotentForm(nameof(DiscloseKey), Replayed = "This disclosure was already recorded; it was not recorded twice.")]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.PrivacyOfficerRole) return this.Forbidden();
        var made = await disclose.Handle(caller, new DisclosureRequest(RecordId?.Trim(), Recipient, RecipientAddress, RoutineUse, Purpose, null), ct);
        return RedirectToPage(new { disclosed = made.Disclosure.Id });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Disclosed = null;
        await Load(Caller.From(User), ct);
        return Page();
    }

    string? IRefusalPage.InputFor(string field) => Fields.GetValueOrDefault(field);

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["record_id"] = nameof(RecordId), ["recipient"] = nameof(Recipient), ["recipient_address"] = nameof(RecipientAddress),
        ["routine_use"] = nameof(RoutineUse), ["purpose"] = nameof(Purpose),
    };

    private async Task Load(Caller caller, CancellationToken ct)
    {
        IsOfficer = caller.Role == Caller.PrivacyOfficerRole;
        if (caller.Role == Caller.LicenseeRole && !await disclosures.Verified(caller, ct))
        {
            NotVerified = DisclosureReads.NotVerified;
            return;
        }
        Lines = (await disclosures.List(caller, new PageQuery(PageQuery.MaxLimit, null, null, null, null), ct)).Data;
    }
}
