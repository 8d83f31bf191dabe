using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Refunds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Refunds;

/// <summary>
/// Refunds of unused postage (P050 3.3, §502.27(a)): the licensee asks — pieces by id and/or scanned
/// pages — and follows its requests; the provider and the district MATS coordinator see their queue.
/// Sends the same <see cref="RequestRefund"/> command as the API; a refused request is shown by
/// <see cref="RefusalFilter"/>. The request form is idempotent (<see cref="IdempotentFormFilter"/>, one key
/// per form shown, post/redirect/get): a double click, a reload or the back button lands on the refund the
/// first post asked for and asks for no second one.
/// </summary>
internal sealed class IndexModel(RequestRefund request, RefundQueries queries) : PageModel, IRefusalPage
{
    public IReadOnlyList<RefundView> List { get; private set; } = [];

    public bool MayAsk { get; private set; }

    [BindProperty] public string? DeviceId { get; set; }
    [BindProperty] public string? Indicia { get; set; }
    [BindProperty] public List<IFormFile> Scans { get; set; } = [];

    /// <summary>One key per request form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? RequestKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string? status, string? indicia, string? device, CancellationToken ct)
    {
        if (!await Load(status, ct)) return this.NotFoundPage("page");
        // "Request refund" in History opens the form with the piece already listed.
        Indicia ??= indicia;
        DeviceId ??= device;
        return Page();
    }

    [IdempotentForm(nameof(RequestKey), Replayed = "This request was already sent; no second refund was asked for.")]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Load(null, ct) || !MayAsk) return this.NotFoundPage("page");
        var uploads = new List<ScanUpload>();
        foreach (var file in Scans)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            uploads.Add(new ScanUpload(Path.GetFileName(file.FileName), buffer.ToArray()));
        }
        var ids = (Indicia ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var view = await request.Handle(Caller.From(User), new RequestRefundCommand(string.IsNullOrWhiteSpace(DeviceId) ? null : DeviceId.Trim(), ids, uploads), ct);
        return Redirect($"/portal/refunds/{view.Id}");
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(null, ct);
        return Page();
    }

    private async Task<bool> Load(string? status, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.LicenseeRole && caller.Role != Caller.ProviderRole && !RefundRecords.PostalReaders.Contains(caller.Role)) return false;
        MayAsk = caller.Role == Caller.LicenseeRole;
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(RequestKey)) RequestKey = Ibis.Domain.Ids.New("form");
        List = (await queries.List(caller, new ListRefundsQuery(status, new Ibis.Server.Api.PageQuery(Ibis.Server.Api.PageQuery.MaxLimit, null, null, null, null)), ct)).Data;
        return true;
    }
}
