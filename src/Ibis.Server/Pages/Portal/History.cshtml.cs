using System.Globalization;
using System.Text;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Indicia;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// Every piece the licensee printed, searchable (destination ZIP, amount, piece number, dates) and
/// filterable (class, device, refund status), newest first, paged by cursor — the same
/// <see cref="IndiciaHistory"/> query as <c>GET /v1/indicia</c>. From here a piece is reprinted (its
/// stored, signed indicium drawn again: nothing is spent), put on a label sheet, exported as CSV
/// or sent to a refund request. A search the query refuses (a malformed ZIP, amount or date) is shown
/// by <see cref="RefusalFilter"/> above an empty list.
/// </summary>
internal sealed class HistoryModel(IndiciaHistory history) : PageModel, IRefusalPage
{
    public const int PageSize = 25;

    /// <summary>At most this many rows go into one CSV export.</summary>
    public const int MaxExport = 10_000;

    [BindProperty(SupportsGet = true)] public string? Zip { get; set; }
    [BindProperty(SupportsGet = true)] public string? Amount { get; set; }
    [BindProperty(SupportsGet = true)] public string? Piece { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Class { get; set; }
    [BindProperty(SupportsGet = true)] public string? Device { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];
    public bool HasMore { get; private set; }
    public Dictionary<string, string> DeviceNumbers { get; private set; } = [];
    public List<SelectListItem> DeviceChoices { get; private set; } = [];

    public List<SelectListItem> ClassChoices { get; } =
        [new("Any class", ""), .. RateCategory.All.Select(c => c.MailClass).Distinct().Select(c => new SelectListItem(c.Replace('_', ' '), c))];

    public List<SelectListItem> StatusChoices { get; } =
    [
        new("Any status", ""), new("Printed", PieceStatus.Printed), new("Refund requested", PieceStatus.RefundRequested), new("Refunded", PieceStatus.Refunded),
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        var page = await history.Page(Caller.From(User), Filter(), PageSize, After, ct);
        Entries = page.Entries;
        HasMore = page.HasMore;
        return Page();
    }

    /// <summary>Every piece the search finds, as CSV (the same columns as the list).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.LicenseeRole) return this.NotFoundPage("page");
        var rows = await history.All(Caller.From(User), Filter(), MaxExport, ct);
        var devices = (await history.Devices(Caller.From(User), ct)).ToDictionary(d => d.Id, d => DeviceView.From(d).DeviceNumber);
        var csv = new StringBuilder("indicium_id,created_at,device_id,device_number,piece_number,mail_class,rate_category,weight_oz,postage,mailing_date,destination_zip,recipient,status,refund_id\r\n");
        foreach (var e in rows)
        {
            var r = e.Row;
            csv.AppendJoin(',', r.Id, r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), r.DeviceId,
                    devices.GetValueOrDefault(r.DeviceId, ""), r.PieceNumber.ToString(CultureInfo.InvariantCulture), r.MailClass, r.RateCategory, r.WeightOz,
                    Mills.FromMills(r.PostageMills).ToString(), r.MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.DestinationZip ?? "",
                    Cell(r.ToName), e.Status, e.RefundId ?? "")
                .Append("\r\n");
        }
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", "indicia.csv");
    }

    /// <summary>The pieces ticked in the list on one sheet of 2⅝ × 1 in labels (up to 30).</summary>
    public async Task<IActionResult> OnGetLabelsAsync(string[]? ids, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        var chosen = (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().ToList();
        if (chosen.Count is 0 or > Rendering.Mailpieces.MediumSpec.SheetLabels)
        {
            ModelState.AddModelError("", $"Tick 1 to {Rendering.Mailpieces.MediumSpec.SheetLabels} pieces for a label sheet (ids_invalid)");
        }
        else
        {
            var found = await history.ByIds(Caller.From(User), chosen, ct);
            var other = found.FirstOrDefault(e => e.Row.Variant != "standard");
            if (found.Count != chosen.Count) ModelState.AddModelError("", "Some of the ticked pieces are not yours (indicium_not_found)");
            else if (other is not null) ModelState.AddModelError("", $"{other.Row.Id} is a {other.Row.Variant.Replace('_', ' ')} indicium; it goes on the piece itself, not on a sheet label (variant_not_on_sheet)");
            else return Redirect("/v1/label-sheets?format=pdf&ids=" + string.Join(',', chosen));
        }
        var list = await history.Page(Caller.From(User), Filter(), PageSize, null, ct);
        Entries = list.Entries;
        HasMore = list.HasMore;
        return Page();
    }

    /// <summary>A refused search shows the form again, with no pieces.</summary>
    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await Load(ct);
        Entries = [];
        HasMore = false;
        return Page();
    }

    /// <summary>The query string of this search, for the next page and the export.</summary>
    public string Query(string? after = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("zip", Zip); Add("amount", Amount); Add("piece", Piece); Add("from", From); Add("to", To);
        Add("class", Class); Add("device", Device); Add("status", Status); Add("after", after);
        return string.Join('&', parts);
    }

    /// <summary>"to" is a day the search includes: created before the day after it.</summary>
    private IndiciaFilter Filter()
    {
        var before = DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last)
            ? last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : To;
        return IndiciaFilter.Parse(Device, Class, From, before, Zip, Amount, Piece, Status);
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.LicenseeRole) return false;
        var devices = await history.Devices(caller, ct);
        DeviceNumbers = devices.ToDictionary(d => d.Id, d => DeviceView.From(d).DeviceNumber);
        DeviceChoices = [new("Any device", ""), .. devices.Select(d => new SelectListItem(DeviceNumbers[d.Id], d.Id))];
        return true;
    }

    /// <summary>A CSV cell: quoted when it holds a comma or quote; a leading formula character is neutralised for spreadsheets.</summary>
    private static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text[0] is '=' or '+' or '-' or '@') text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
