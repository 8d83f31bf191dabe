using System.Globalization;
using System.Text;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Indicia;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Ibis.Server.Pages.Portal;

/// <summary>One row of the preview: the line of the file, what it asks for, its price or its error.</summary>
internal sealed record BatchPreviewRow(int Line, string What, string? Zip, string? Recipient, Mills? Postage, string? Error);

/// <summary>
/// Batch printing from a CSV file (<see cref="BatchCsv"/>). Step 1 uploads the file and shows every
/// row's price or error — priced by the same rules as a print, nothing spent. Step 2 prints the valid
/// rows as one batch through the batch print use case (all or nothing, one device transaction), only
/// at the total the user saw; the file travels back in the form, so nothing is kept between the steps.
/// A refusal of the whole batch is shown by <see cref="RefusalFilter"/>. The print form is idempotent as
/// every money form of the portal (<see cref="IdempotentFormFilter"/>, one key per form shown) and answers
/// with post/redirect/get: the redirect names the batch by its device and first and last piece numbers
/// (a batch is one device transaction, its pieces consecutive), which the page then reads back from the
/// history, so a second post of the form (a double click, a reload) lands on the same batch, printing nothing.
/// </summary>
internal sealed class BatchModel(PrintFormReads reads, PrintIndicium printer, QuotePieces quoting, IndiciaHistory history, TimeProvider clock) : PageModel, IRefusalPage
{
    /// <summary>The largest file accepted: 1,000 rows of addresses fit well within it.</summary>
    public const int MaxFileBytes = 512 * 1024;

    [BindProperty] public string DeviceId { get; set; } = "";
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? CsvText { get; set; }
    [BindProperty] public string? ConfirmedTotal { get; set; }
    [BindProperty] public string RequestKey { get; set; } = "";

    public List<SelectListItem> DeviceChoices { get; private set; } = [];
    public Mills Available { get; private set; }
    public IReadOnlyList<BatchPreviewRow> Preview { get; private set; } = [];
    public int ValidCount => Preview.Count(r => r.Error is null);
    public Mills Total => Preview.Where(r => r.Postage is not null).Aggregate(Mills.Zero, (s, r) => s + r.Postage!.Value);
    public bool TotalChanged { get; private set; }
    public IReadOnlyList<PrintedId> Printed { get; private set; } = [];
    public Mills PrintedTotal { get; private set; }
    public string? Notice { get; private set; }

    /// <summary>The form; after a print, the batch printed (<paramref name="device"/>'s pieces <paramref name="first"/> to <paramref name="last"/>).</summary>
    public async Task<IActionResult> OnGetAsync(string? device, long? first, long? last, string? done, CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return this.NotFoundPage("page");
        RequestKey = Ids.New("form");
        Notice = done;
        if (device is not null && first is { } from && last is { } to)
        {
            var rows = await history.Batch(Caller.From(User), device, from, to, ct);
            Printed = rows.Select(r => new PrintedId(r.Id)).ToList();
            PrintedTotal = rows.Aggregate(Mills.Zero, (sum, r) => sum + Mills.FromMills(r.PostageMills));
        }
        return Page();
    }

    /// <summary>Step 1: read the file and price every row; nothing is spent.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return this.NotFoundPage("page");
        if (Upload is { } file)
        {
            if (file.Length > MaxFileBytes)
            {
                ModelState.AddModelError("", $"The file is larger than {MaxFileBytes / 1024} KB (csv_too_large)");
                return Page();
            }
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            CsvText = await reader.ReadToEndAsync(ct);
            ModelState.Remove(nameof(CsvText));
        }
        if (string.IsNullOrWhiteSpace(CsvText))
        {
            ModelState.AddModelError("", "Choose a CSV file to upload (csv_required)");
            return Page();
        }
        await Price(ct);
        return Page();
    }

    /// <summary>Step 2: print the valid rows as one batch, at the total shown.</summary>
    [IdempotentForm(nameof(RequestKey), Replayed = "This batch was already printed; nothing was printed twice.")]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return this.NotFoundPage("page");
        if (string.IsNullOrWhiteSpace(CsvText)) return RedirectToPage();
        var pieces = await Price(ct);
        if (pieces.Count == 0)
        {
            ModelState.AddModelError("", "No row of the file can be printed; correct the rows in red and upload it again (batch_empty)");
            return Page();
        }
        if (ConfirmedTotal != Total.Value.ToString(CultureInfo.InvariantCulture))
        {
            TotalChanged = true; // never spend a total the user did not see
            return Page();
        }
        // The device keeps the form's key beside the batch: a resend after a lost answer lands on the same batch.
        var printed = (await printer.Handle(Caller.From(User), DeviceId, pieces, PrintAnswer.Batch, IdempotentFormFilter.RequestOf(HttpContext), ct)).Value.Data;
        return RedirectToPage(new { device = DeviceId, first = printed.Min(p => p.PieceNumber), last = printed.Max(p => p.PieceNumber) });
    }

    /// <summary>After a refusal: the preview as priced, with the refusal at the top and the devices as they now stand.</summary>
    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await LoadDevices(ct);
        return Page();
    }

    /// <summary>Prices every row; returns the pieces of the valid rows.</summary>
    private async Task<List<PieceRequest>> Price(CancellationToken ct)
    {
        // A file that cannot be read at all is refused (shown by RefusalFilter); a bad row is shown in its row.
        var rows = BatchCsv.Parse(CsvText!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var preview = new List<BatchPreviewRow>(rows.Count);
        var pieces = new List<(int Index, PieceRequest Piece)>();
        foreach (var row in rows)
        {
            var to = row.Request?.ToAddress is { } a ? $"{a.Name}, {a.City} {a.State}" : null;
            var error = row.Code is null ? null : $"{row.Message} ({row.Code})";
            if (error is null)
            {
                var problems = new ValidationErrors();
                if (IndiciaApi.ToPiece(row.Request!, problems) is { } piece && !problems.Any) pieces.Add((preview.Count, piece));
                else if (problems.Refusal() is { } refused) error = $"{refused.Message} ({refused.Code})";
            }
            preview.Add(new BatchPreviewRow(row.Line, row.Describe, row.Request?.DestinationZip, to, null, error));
        }
        if (pieces.Count > 0)
        {
            var quotes = await quoting.Handle(Caller.From(User), DeviceId, pieces.Select(p => p.Piece).ToList(), ct);
            for (var i = 0; i < pieces.Count; i++)
            {
                var q = quotes[i];
                preview[pieces[i].Index] = preview[pieces[i].Index] with
                {
                    Postage = q.Postage,
                    Error = q.Refusal is { } r ? $"{r.Message} ({r.Code})" : null,
                };
            }
        }
        Preview = preview;
        ConfirmedTotal = Total.Value.ToString(CultureInfo.InvariantCulture);
        ModelState.Remove(nameof(ConfirmedTotal));
        return pieces.Where(p => preview[p.Index].Error is null).Select(p => p.Piece).ToList();
    }

    private async Task<bool> LoadDevices(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.LicenseeRole) return false;
        var devices = await reads.DevicesInService(caller, ct);
        DeviceChoices = devices.Select(d => new SelectListItem($"{d.DeviceNumber} — ${d.Available} postage available", d.Id)).ToList();
        if (string.IsNullOrEmpty(DeviceId) && devices.Count > 0) DeviceId = devices[0].Id;
        Available = devices.FirstOrDefault(d => d.Id == DeviceId)?.Available ?? Mills.Zero;
        return true;
    }
}
