using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Rates;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Indicia;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// The licensee prints one envelope. The page goes through the same PrintIndicium use case as the
/// API, so rules, errors and registers are the same on both.
/// </summary>
public sealed class PrintModel(IbisDb db, PrintIndicium printer, TimeProvider clock) : PageModel
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

    public IndiciumView? Printed { get; private set; }

    public List<SelectListItem> DeviceChoices { get; private set; } = [];

    public List<SelectListItem> CategoryChoices { get; } = RateCategory.All
        .Select(c => new SelectListItem($"{c.Marking} — {c.Name}", $"{c.MailClass}/{c.Name}")).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return Forbid();
        MailingDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return Forbid();
        if (!ModelState.IsValid) return Page();
        var parts = Category.Split('/');
        var request = new PrintIndiciumRequest(parts[0], parts.Length > 1 ? parts[1] : null, WeightOz, null,
            MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DestinationZip);
        try
        {
            var command = IndiciaApi.ToCommand(DeviceId, request, null, Ids.New("req"));
            var result = await printer.Handle(Caller.From(User), command, ct);
            Printed = IndiciumView.From(result.Indicium);
        }
        catch (ApiException e)
        {
            ModelState.AddModelError(e.Field ?? "", $"{e.Message} ({e.Code})");
        }
        catch (BusinessRuleViolationException e)
        {
            ModelState.AddModelError(e.Rule.Field ?? "", $"{e.Message} ({e.Code})");
        }
        return Page();
    }

    private async Task<bool> LoadDevices(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.LicenseeRole) return false;
        var devices = await db.Devices.AsNoTracking().Where(d => d.LicenseeId == caller.LicenseeId && d.Status == "in_service")
            .OrderBy(d => d.Id).ToListAsync(ct);
        DeviceChoices = devices.Select(d => new SelectListItem(
            $"{new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial)} (${Domain.Money.Mills.FromMills(d.DescendingMills)} available)", d.Id)).ToList();
        if (string.IsNullOrEmpty(DeviceId) && devices.Count > 0) DeviceId = devices[0].Id;
        return true;
    }
}
