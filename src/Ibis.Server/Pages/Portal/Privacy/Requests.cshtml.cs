using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Privacy;

/// <summary>
/// The privacy officer's list of Privacy Act requests (notice 820.100 "Notification Procedure",
/// "Record Access Procedures", "Contesting Record Procedures") and the form that logs a written
/// inquiry addressed to the system manager. The inquiry is logged by <see cref="LogWrittenInquiry"/>,
/// as the API does; the form's key is kept by <see cref="IdempotentFormFilter"/>, a refusal shown by
/// <see cref="RefusalFilter"/> next to the field it names.
/// </summary>
internal sealed class RequestsModel(ListPrivacyRequests list, LogWrittenInquiry logInquiry) : PageModel, IRefusalPage
{
    public IReadOnlyList<PrivacyRequestView> List { get; private set; } = [];

    public string? Notice { get; private set; }

    public static IReadOnlyList<string> ReceivedViaChoices => LogWrittenInquiry.ReceivedViaChoices;

    [BindProperty] public string? CustomerName { get; set; }
    [BindProperty] public string? CustomerId { get; set; }
    [BindProperty] public string? LogonId { get; set; }
    [BindProperty] public string? ReceivedVia { get; set; }
    /// <summary>One key per inquiry form shown.</summary>
    [BindProperty] public string? FormKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.PrivacyOfficerRole) return this.Forbidden();
        Notice = done;
        await Load(ct);
        return Page();
    }

    [IdempotentForm(nameof(FormKey), Replayed = "This inquiry was already logged; nothing was logged twice.")]
    public async Task<IActionResult> OnPostLogAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.PrivacyOfficerRole) return this.Forbidden();
        var view = await logInquiry.Handle(caller, new WrittenInquiryInput(CustomerName, CustomerId, LogonId, ReceivedVia), ct);
        return RedirectToPage("Request", new { id = view.Id, done = $"Inquiry {view.Id} logged. Verify the requester's identity before answering (39 CFR 266.6)." });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(ct);
        return Page();
    }

    string? IRefusalPage.InputFor(string field) => PrivacyForms.Input(field);

    private async Task Load(CancellationToken ct)
    {
        List = await list.Newest(Caller.From(User), 200, ct);
        // A form shown anew gets a new key; a form shown again after an error keeps the one it posted.
        if (string.IsNullOrEmpty(FormKey)) FormKey = Ids.New("form");
    }
}
