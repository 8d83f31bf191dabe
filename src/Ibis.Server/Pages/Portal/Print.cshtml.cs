using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Rates;
using Ibis.Rendering.Mailpieces;
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

    /// <summary>For zone-priced classes: where the piece is mailed; empty means the licensing post office.</summary>
    [BindProperty]
    public string? OriginZip { get; set; }

    [BindProperty]
    public string Medium { get; set; } = MediumSpec.Of(IndiciumImages.DefaultMedium).Name;

    [BindProperty]
    public string Variant { get; set; } = "standard";

    /// <summary>Postage to print; empty prints the amount due. Required for a postage correction (P050 4.9).</summary>
    [BindProperty]
    public string? Postage { get; set; }

    [BindProperty]
    public string? DesignId { get; set; }

    [BindProperty]
    public string? AdId { get; set; }

    /// <summary>Month and year only, Standard Mail (P050 4.6).</summary>
    [BindProperty]
    public bool OmitDay { get; set; }

    /// <summary>A courtesy reply envelope: FIM A instead of FIM D (P050 4.12).</summary>
    [BindProperty]
    public bool CourtesyReply { get; set; }

    /// <summary>The recipient (optional): printed in the address block with an Intelligent Mail barcode.</summary>
    [BindProperty] public string? ToName { get; set; }
    [BindProperty] public string? ToLine1 { get; set; }
    [BindProperty] public string? ToLine2 { get; set; }
    [BindProperty] public string? ToCity { get; set; }
    [BindProperty] public string? ToState { get; set; }
    [BindProperty] public string? ToZip5 { get; set; }
    [BindProperty] public string? ToZip4 { get; set; }
    [BindProperty] public string? ToDeliveryPoint { get; set; }

        /// <summary>One key per form shown: the idempotency key of the print it submits.</summary>
    [BindProperty]
    public string RequestKey { get; set; } = "";

    public IndiciumView? Printed { get; private set; }

    public RedateView? PrintedRedate { get; private set; }

    public List<SelectListItem> DeviceChoices { get; private set; } = [];

    public List<SelectListItem> CategoryChoices { get; } = RateCategory.All
        .Select(c => new SelectListItem($"{c.Marking} — {c.Name}", $"{c.MailClass}/{c.Name}")).ToList();

    public List<SelectListItem> MediumChoices { get; } = MediumSpec.Every.Select(m => new SelectListItem(m.Description, m.Name)).ToList();

    public List<SelectListItem> VariantChoices { get; } =
    [
        new("Postage (standard indicium)", "standard"),
        new("REDATE — date correction, no postage (P050 4.8)", "redate"),
        new("Postage correction for a short-paid piece (P050 4.9)", "postage_correction"),
    ];

    public List<SelectListItem> DesignChoices { get; private set; } = [];

    public List<SelectListItem> AdChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? printed, CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return this.NotFoundPage("print page");
        MailingDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        RequestKey = Ids.New("form");
        var caller = Caller.From(User);
        if (printed is not null && Ids.HasShape(printed, "ind"))
        {
            var row = await db.Indicia.AsNoTracking().FirstOrDefaultAsync(i => i.Id == printed, ct);
            if (row is not null && await db.Devices.AnyAsync(d => d.Id == row.DeviceId && d.LicenseeId == caller.LicenseeId, ct))
                Printed = IndiciumView.From(row);
        }
        else if (printed is not null && Ids.HasShape(printed, "rdt"))
        {
            var row = await db.Redates.AsNoTracking().FirstOrDefaultAsync(i => i.Id == printed, ct);
            if (row is not null && await db.Devices.AnyAsync(d => d.Id == row.DeviceId && d.LicenseeId == caller.LicenseeId, ct))
                PrintedRedate = RedateView.From(row);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadDevices(ct)) return this.NotFoundPage("print page");
        if (!ModelState.IsValid) return Page();
        var parts = Category.Split('/');
        try
        {
            var request = new PrintIndiciumRequest(parts[0], parts.Length > 1 ? parts[1] : null, WeightOz,
                string.IsNullOrWhiteSpace(Postage) ? null : new MoneyInput(Postage.Trim(), "USD"),
                MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DestinationZip,
                OriginZip: OriginZip, Variant: Variant, Medium: Medium, DesignId: DesignId, AdId: AdId, OmitDay: OmitDay,
                ToAddress: Recipient(), CourtesyReply: CourtesyReply);
            var piece = IndiciaApi.ToPiece(request);
            var key = string.IsNullOrEmpty(RequestKey) ? null : "portal:" + RequestKey;
            var hash = string.Join('|', DeviceId, Category, WeightOz.ToString(CultureInfo.InvariantCulture), DestinationZip, request.MailingDate,
                OriginZip, Medium, Variant, Postage, DesignId, AdId, OmitDay, CourtesyReply, ToName, ToLine1, ToLine2, ToCity, ToState, ToZip5, ToZip4, ToDeliveryPoint);
            var reply = await printer.Handle(Caller.From(User), DeviceId, [piece], batch: false, new IdempotentRequest(key, hash), ct);
            var printed = json.Deserialize<PrintedId>(reply.Body);
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

    /// <summary>The address typed in, or null when the recipient fields are all empty (no address block).</summary>
    private ToAddressInput? Recipient()
    {
        string?[] all = [ToName, ToLine1, ToLine2, ToCity, ToState, ToZip5, ToZip4, ToDeliveryPoint];
        if (all.All(string.IsNullOrWhiteSpace)) return null;
        string?[] lines = string.IsNullOrWhiteSpace(ToLine2) ? [ToLine1] : [ToLine1, ToLine2];
        return new ToAddressInput(ToName, lines, ToCity, ToState, ToZip5, ToZip4, ToDeliveryPoint);
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
        var providerId = await db.Licensees.Where(l => l.Id == caller.LicenseeId).Select(l => l.ProviderId).FirstOrDefaultAsync(ct);
        DesignChoices = [new("Default for the medium", ""), .. (await db.IndiciumDesigns.AsNoTracking()
            .Where(d => d.Status == ApprovalStatus.Approved && (d.ProviderId == null || d.ProviderId == providerId))
            .OrderBy(d => d.Name).ToListAsync(ct)).Select(d => new SelectListItem(d.Name, d.Id))];
        AdChoices = [new("None", ""), .. (await db.Advertisements.AsNoTracking()
            .Where(a => a.Status == ApprovalStatus.Approved && a.ProviderId == providerId && (a.LicenseeId == null || a.LicenseeId == caller.LicenseeId))
            .OrderBy(a => a.Name).ToListAsync(ct)).Select(a => new SelectListItem(a.Name, a.Id))];
        return true;
    }
}

/// <summary>The id of whatever was printed (an indicium or a REDATE imprint).</summary>
internal sealed record PrintedId(string Id);
