using Ibis.Server.Auth;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Refunds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Refunds;

/// <summary>
/// One refund: its pieces and their verdicts, Part IV, pages, history and Form 3533. The provider
/// uploads the scans of the pieces it received, annotates a piece, certifies (signs) or rejects; the
/// district MATS coordinator approves or rejects; the Postal Service audits the retained pieces —
/// through the same use cases as the API. A refused step is shown by <see cref="RefusalFilter"/> on the
/// refund as it now stands; a refund the caller may not see is not found.
/// </summary>
internal sealed class RefundModel(RefundQueries queries, ReviewRefund review, CertifyRefund certify, ApproveRefund approve, RejectRefund reject, RecordReceipt receipt, AuditRetainedPieces audits)
    : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    public RefundView? Refund { get; private set; }

    public string Role { get; private set; } = "";

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken ct)
    {
        Notice = done;
        return await Show(id, ct);
    }

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostAnnotateAsync(string id, int line, string? note, CancellationToken ct) =>
        Act(id, c => review.Handle(c, id, new ReviewRefundCommand([new PieceAnnotation(line, null, note)]), ct), $"Line {line} annotated.", ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostReviewAsync(string id, CancellationToken ct) =>
        Act(id, c => review.Handle(c, id, new ReviewRefundCommand(null), ct), "Under review.", ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostCertifyAsync(string id, string? signedBy, CancellationToken ct) =>
        Act(id, c => certify.Handle(c, id, new CertifyRefundCommand(signedBy), ct), "Certified and sent to the district.", ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostApproveAsync(string id, CancellationToken ct) =>
        Act(id, c => approve.Handle(c, id, ct), "Approved; the amount was credited to the deposit account.", ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public async Task<IActionResult> OnPostReceiveAsync(string id, List<IFormFile> received, CancellationToken ct)
    {
        var uploads = new List<ScanUpload>();
        foreach (var file in received ?? [])
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            uploads.Add(new ScanUpload(Path.GetFileName(file.FileName), buffer.ToArray()));
        }
        return await Act(id, c => receipt.Handle(c, id, uploads, ct), "The pieces received are recorded and matched to Part IV.", ct);
    }

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostAuditAsync(string id, string? finding, CancellationToken ct) =>
        Act(id, c => audits.Handle(c, id, new AuditRefundCommand(finding), ct), "Audit recorded.", ct);

    [IdempotentForm(nameof(StepKey), Replayed = "This step was already sent; nothing was done twice.")]
    public Task<IActionResult> OnPostRejectAsync(string id, string? reason, CancellationToken ct) =>
        Act(id, c => reject.Handle(c, id, new RejectRefundCommand(reason), ct), "Rejected.", ct);

    private async Task<IActionResult> Act(string id, Func<Caller, Task<RefundView>> action, string done, CancellationToken ct)
    {
        await action(Caller.From(User));
        return RedirectToPage(new { id, done });
    }

    public Task<IActionResult> ShowAgainAsync(CancellationToken ct) => Show((string)RouteData.Values["id"]!, ct);

    string? IRefusalPage.NotFoundAs => "refund";

    /// <summary>Only the refund itself is not found; a piece the form names that the refund does not list is a refusal on the form.</summary>
    bool IRefusalPage.IsNotFound(string code) => code == "refund_not_found";

    private async Task<IActionResult> Show(string id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        Role = caller.Role;
        Refund = await queries.Get(caller, id, ct);
        return Page();
    }
}
