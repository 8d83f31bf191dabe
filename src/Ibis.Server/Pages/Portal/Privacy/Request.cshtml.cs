using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Privacy;

/// <summary>
/// One Privacy Act request for the privacy officer: verify the requester's identity (39 CFR 266.6,
/// recording what was checked), then for an inquiry the report of records held (on screen and as a
/// download, from <see cref="AnswerPrivacyInquiry"/>), for an amendment the record, the requested
/// change and the decision. Every record shown is a logged read with purpose privacy_act_request.
/// Each form's key is kept by <see cref="IdempotentFormFilter"/>; a refusal is shown by <see cref="RefusalFilter"/>.
/// </summary>
internal sealed class RequestModel(ListPrivacyRequests list, PrivacyRequestReads requests, AnswerPrivacyInquiry answer, VerifyRequesterIdentity verify, DecideAmendment decide, CustomerRecordReads records, ApiJson json)
    : PageModel, IRefusalPage
{
    private const string Purpose = "privacy_act_request";

    public PrivacyRequestView Item { get; private set; } = null!;

    public PrivacyReportView? Report { get; private set; }

    public IReadOnlyList<RequestedChange> Changes { get; private set; } = [];

    public CustomerRecordView? Record { get; private set; }

    public IReadOnlyList<RecordVersionView> History { get; private set; } = [];

    public string? Notice { get; private set; }

    public static IReadOnlyList<string> VerificationMethods => VerifyRequesterIdentity.VerificationMethods;

    [BindProperty] public string? Method { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Reasons { get; set; }
    [BindProperty] public string? VerifyKey { get; set; }
    [BindProperty] public string? DecideKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.PrivacyOfficerRole) return this.Forbidden();
        Notice = done;
        return await Load(id, ct) ?? Page();
    }

    /// <summary>The report of records held, as a JSON file for the answer to the requester (the same document as the API's).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.PrivacyOfficerRole) return this.Forbidden();
        var report = await answer.Handle(caller, id, ct);
        return File(json.Serialize(report), "application/json", $"privacy-report-{id}.json");
    }

    [IdempotentForm(nameof(VerifyKey), Replayed = AlreadyDone)]
    public Task<IActionResult> OnPostVerifyAsync(string id, CancellationToken ct) =>
        Act(id, async c =>
        {
            await verify.Handle(c, id, new VerificationRequest(Method, Note), ct);
            return "Identity verified (39 CFR 266.6).";
        });

    [IdempotentForm(nameof(DecideKey), Replayed = AlreadyDone)]
    public Task<IActionResult> OnPostDecideAsync(string id, string? decision, CancellationToken ct) =>
        Act(id, async c =>
        {
            var view = await decide.Handle(c, id, new AmendmentDecisionRequest(decision, Reasons), ct);
            return view.Status == "accepted" ? "Amendment accepted: the record is corrected and its earlier version kept." : "Amendment refused; the reasons are recorded.";
        });

    private const string AlreadyDone = "This form was already submitted; nothing was done twice.";

    private async Task<IActionResult> Act(string id, Func<Caller, Task<string>> action)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.PrivacyOfficerRole) return this.Forbidden();
        return RedirectToPage(new { id, done = await action(caller) });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct) => await Load((string)RouteData.Values["id"]!, ct) ?? Page();

    string? IRefusalPage.InputFor(string field) => PrivacyForms.Input(field);

    string? IRefusalPage.NotFoundAs => "privacy request";

    private async Task<IActionResult?> Load(string id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var row = await list.Find(caller, id, ct);
        if (row is null) return this.NotFoundPage("privacy request");
        Item = row;
        if (row.Kind == "inquiry" && row.VerifiedAt is not null)
        {
            Report = await answer.Handle(caller, id, ct);
            Item = Item with { Status = Item.Status == "verified" ? "answered" : Item.Status };
        }
        if (row.Kind == "amendment" && row.RecordId is not null)
        {
            Changes = await requests.RequestedChanges(caller, id, ct);
            Record = await records.Read(caller, row.RecordId, Purpose, ct);
            if (Record is not null) History = await records.History(caller, row.RecordId, ct);
            else
            {
                // Not a refusal of a form: the request is shown with what remains, and why its record is not.
                var gone = RecordKeys.Disposed(row.RecordId);
                ModelState.AddModelError("", $"{gone.Message} ({gone.Code})");
            }
        }
        if (string.IsNullOrEmpty(VerifyKey)) VerifyKey = Ids.New("form");
        if (string.IsNullOrEmpty(DecideKey)) DecideKey = Ids.New("form");
        return null;
    }
}
