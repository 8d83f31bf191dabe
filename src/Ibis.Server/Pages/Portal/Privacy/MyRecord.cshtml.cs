using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Privacy;

/// <summary>
/// The licensee's own customer record, masked, and its requests to amend it (notice 820.100
/// "Contesting Record Procedures"). The request goes through <see cref="SubmitPrivacyRequest"/>, as
/// the API's: only one's own record may be contested; any other record id is "not found" and nothing
/// is recorded. Showing the record is a logged read. The form's key is kept by <see cref="IdempotentFormFilter"/>;
/// a refusal is shown by <see cref="RefusalFilter"/>.
/// </summary>
internal sealed class MyRecordModel(CustomerRecordReads records, SubmitPrivacyRequest submit, ListPrivacyRequests list) : PageModel, IRefusalPage
{
    public CustomerRecordView? Record { get; private set; }

    public IReadOnlyList<PrivacyRequestView> Requests { get; private set; } = [];

    public string? Notice { get; private set; }

    /// <summary>"category|field" for every field the notice allows, for the amendment form.</summary>
    public static IEnumerable<(string Category, string Field)> Fields =>
        CustomerRecordSchema.Categories.SelectMany(c => c.Value.Select(f => (c.Key, f)));

    [BindProperty] public string? RecordId { get; set; }
    [BindProperty] public string? Field { get; set; }
    [BindProperty] public string? NewValue { get; set; }
    [BindProperty] public string? FormKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.LicenseeRole) return this.NotFoundPage("page");
        Notice = done;
        await Load(ct);
        return Page();
    }

    [IdempotentForm(nameof(FormKey), Replayed = "This request was already sent; nothing was sent twice.")]
    public async Task<IActionResult> OnPostAmendAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.LicenseeRole) return this.NotFoundPage("page");
        var parts = (Field ?? "").Split('|');
        if (parts.Length != 2) throw ApiException.Invalid("field_required", "choose the field to correct", "field");
        var value = string.IsNullOrWhiteSpace(NewValue) ? null : NewValue.Trim();
        var changes = new Dictionary<string, Dictionary<string, string?>> { [parts[0]] = new() { [parts[1]] = value } };
        var view = await submit.Handle(caller, new PrivacyRequestInput("amendment", null, null, null, RecordId, changes), ct);
        return RedirectToPage(new { done = $"Amendment request {view.Id} sent to the privacy officer." });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(ct);
        return Page();
    }

    /// <summary>The field to correct, or its value; the rest goes to the summary.</summary>
    string? IRefusalPage.InputFor(string field) => field is "field" or "record_id" ? nameof(Field) : nameof(NewValue);

    /// <summary>Someone else's record (a changed form) is not found, as in the API, and nothing is recorded.</summary>
    string? IRefusalPage.NotFoundAs => "customer record";

    private async Task Load(CancellationToken ct)
    {
        var caller = Caller.From(User);
        Record = (await records.Search(caller, null, null, null, "privacy_act_request", ct, ownRecord: true)).FirstOrDefault();
        RecordId ??= Record?.Id;
        Requests = await list.Newest(caller, 50, ct);
        if (string.IsNullOrEmpty(FormKey)) FormKey = Ids.New("form");
    }
}
