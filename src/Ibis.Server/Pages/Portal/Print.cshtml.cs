using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Rates;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Indicia;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// The licensee prints one envelope, through the same PrintIndicium use case as the API. Each form
/// carries its own idempotency key and a successful print redirects (post/redirect/get), so a
/// reload or a double click never prints — or charges — twice.
/// </summary>
public sealed class PrintModel(IbisDb db, PrintIndicium printer, ApiJson json, TimeProvider clock) : PageModel
{
    [BindProperty, Required]
    public string DeviceId { get; set; } = "";

    [BindProperty, Required]
    public string Category { get; set; } = "first_class/letter";

    [BindProperty, Required]
    public decimal WeightOz { get; set; } = 1;

    [BindProperty]
    public string? DestinationZip { get; set; }

    [BindProperty, Required]
    public DateOnly MailingDate { get; set; }

    /// <summary>One key per form shown: the idempotency key of the print it submits.</summary>
    [BindProperty]
    public string RequestKey { get; set; } = "";

    public IndiciumView? Printed { get; private set; }

    public List<SelectListItem> DeviceChoices { get; private set; } = [];

    public List<SelectListItem> CategoryChoices { get; } = RateCategory.All
        .Select(c => new SelectListItem($"{c.Marking} — {c.Name}", $"{c.MailClass}/{c.Name}")).ToList();

    public async Task<IActionResult> OnGetAsync(string? printed, CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return this.NotFoundPage("print page");
        MailingDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        RequestKey = Ids.New("form");
        if (printed is not null && Ids.HasShape(printed, "ind"))
        {
            var row = await db.Indicia.AsNoTracking().FirstOrDefaultAsync(i => i.Id == printed, ct);
            var caller = Caller.From(User);
            if (row is not null && await db.Devices.AnyAsync(d => d.Id == row.DeviceId && d.LicenseeId == caller.LicenseeId, ct))
                Printed = IndiciumView.From(row);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return this.NotFoundPage("print page");
        if (!ModelState.IsValid) return Page();
        var parts = Category.Split('/');
        var request = new PrintIndiciumRequest(parts[0], parts.Length > 1 ? parts[1] : null, WeightOz, null,
            MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DestinationZip);
        try
        {
            var piece = IndiciaApi.ToPiece(request);
            var key = string.IsNullOrEmpty(RequestKey) ? null : "portal:" + RequestKey;
            var hash = $"{DeviceId}|{Category}|{WeightOz.ToString(CultureInfo.InvariantCulture)}|{DestinationZip}|{request.MailingDate}";
            var reply = await printer.Handle(Caller.From(User), DeviceId, [piece], batch: false, new IdempotentRequest(key, hash), ct);
            var printed = json.Deserialize<IndiciumView>(reply.Body);
            return RedirectToPage(new { printed = printed.Id });
        }
        catch (ApiException e)
        {
            ModelState.AddModelError("", $"{e.Message} ({e.Code})");
        }
        catch (BusinessRuleViolationException e)
        {
            ModelState.AddModelError("", $"{e.Message} ({e.Code})");
        }
        return Page();
    }

    private async Task<bool> LoadDevices(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.LicenseeRole) return false;
        var devices = await db.Devices.AsNoTracking().Where(d => d.LicenseeId == caller.LicenseeId && d.Status == Domain.Psd.DeviceStatus.InService)
            .OrderBy(d => d.Id).ToListAsync(ct);
        DeviceChoices = devices.Select(d => new SelectListItem(
            $"{DeviceView.From(d).DeviceNumber} (${Domain.Money.Mills.FromMills(d.DescendingMills)} available)", d.Id)).ToList();
        if (string.IsNullOrEmpty(DeviceId) && devices.Count > 0) DeviceId = devices[0].Id;
        return true;
    }
}
