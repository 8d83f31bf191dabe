using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
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

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// The licensee prints one envelope or label, through the same PrintIndicium use case as the API, in
/// two steps: "See the price" prices the piece by every rule of a print and spends nothing; "Print
/// for $X" prints it only when the price is still the one shown (otherwise the new price is shown
/// and nothing is spent). Each form carries its own key (<see cref="IdempotentFormFilter"/>) and a
/// print redirects (post/redirect/get), so a reload or a double click never prints — or charges —
/// twice. A refusal is shown by <see cref="RefusalFilter"/>.
/// </summary>
internal sealed class PrintModel(PrintFormReads reads, PrintIndicium printer, PrintRedate redate, QuotePieces quotes, AddressBookReads addressBook, KeepPrintedAddress keepAddress, TimeProvider clock) : PageModel, IRefusalPage
{
    [BindProperty, Required]
    public string DeviceId { get; set; } = "";

    [BindProperty, Required]
    public string Category { get; set; } = "first_class/letter";

    [BindProperty, Required]
    public decimal WeightOz { get; set; } = 1;

    /// <summary>Required: a piece without a destination cannot be priced by zone or traced (issue 19).</summary>
    [BindProperty, Required(ErrorMessage = "Destination ZIP Code is required (destination_zip_required)")]
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

    /// <summary>A saved address chosen from the address book; it fills the recipient.</summary>
    [BindProperty] public string? AddressId { get; set; }

    /// <summary>
    /// The return address printed in the upper-left corner: an address book entry's id, or "none".
    /// The licensee's default return address is preselected.
    /// </summary>
    [BindProperty] public string? FromAddressId { get; set; }

    /// <summary>Save the recipient typed in to the address book once the piece is printed.</summary>
    [BindProperty] public bool SaveAddress { get; set; }

    /// <summary>One key per form shown: the idempotency key of the print it submits.</summary>
    [BindProperty]
    public string RequestKey { get; set; } = "";

    /// <summary>The postage (in mills) the user saw and confirmed; a print at any other amount is not made.</summary>
    [BindProperty]
    public string? ConfirmedPostage { get; set; }

    public IndiciumView? Printed { get; private set; }

    public RedateView? PrintedRedate { get; private set; }

    /// <summary>True when the result shown is a piece printed before (a reprint from History): nothing was spent now.</summary>
    public bool Reprint { get; private set; }

    /// <summary>The price of the piece as the form describes it, after "See the price".</summary>
    public PieceQuote? Quote { get; private set; }

    /// <summary>The quote changed between the price step and the print (the form was edited): confirm again.</summary>
    public bool PriceChanged { get; private set; }

    /// <summary>Postage available (descending register) on the chosen device now.</summary>
    public Mills Available { get; private set; }

    public List<SelectListItem> DeviceChoices { get; private set; } = [];

    public List<SelectListItem> AddressChoices { get; private set; } = [];

    public List<SelectListItem> FromChoices { get; private set; } = [];

    public List<SelectListItem> CategoryChoices { get; } = RateCategory.All
        .Select(c => new SelectListItem($"{c.Marking} — {c.Name.Replace('_', ' ')}", $"{c.MailClass}/{c.Name}")).ToList();

    public List<SelectListItem> MediumChoices { get; } = MediumSpec.Every.Select(m => new SelectListItem(m.Description, m.Name)).ToList();

    public List<SelectListItem> VariantChoices { get; } =
    [
        new("Postage (standard indicium)", "standard"),
        new("REDATE — date correction, no postage (P050 4.8)", "redate"),
        new("Postage correction for a short-paid piece (P050 4.9)", "postage_correction"),
    ];

    public List<SelectListItem> DesignChoices { get; private set; } = [];

    public List<SelectListItem> AdChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? printed, string? address, bool reprint, CancellationToken ct)
    {
        if (!await LoadChoices(ct)) return this.NotFoundPage("print page");
        MailingDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        RequestKey = Ids.New("form");
        var caller = Caller.From(User);
        if (!string.IsNullOrEmpty(address))
        {
            AddressId = address;
            await FillFromAddressBook(ct);
        }
        if (printed is not null && Ids.HasShape(printed, "ind"))
        {
            Printed = await reads.PrintedIndicium(caller, printed, ct);
            Reprint = reprint && Printed is not null;
        }
        else if (printed is not null && Ids.HasShape(printed, "rdt"))
            PrintedRedate = await reads.PrintedRedate(caller, printed, ct);
        return Page();
    }

    /// <summary>Step 1: the price of the piece, checked by every rule of a print; nothing is spent.</summary>
    public async Task<IActionResult> OnPostPriceAsync(CancellationToken ct)
    {
        if (!await LoadChoices(ct)) return this.NotFoundPage("print page");
        await FillFromAddressBook(ct);
        if (!ModelState.IsValid) return Page();
        var quote = await QuoteIt(ct);
        if (quote is not null) Confirm(quote);
        return Page();
    }

    /// <summary>Step 2: print at the confirmed price, or show the new price and spend nothing.</summary>
    [IdempotentForm(nameof(RequestKey))]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadChoices(ct)) return this.NotFoundPage("print page");
        await FillFromAddressBook(ct);
        if (!ModelState.IsValid) return Page();
        var quote = await QuoteIt(ct);
        if (quote is null) return Page();
        if (ConfirmedPostage != quote.Postage!.Value.Value.ToString(CultureInfo.InvariantCulture))
        {
            // Never spend an amount the user did not see: the form changed since the price was shown.
            PriceChanged = ConfirmedPostage is not null;
            Confirm(quote);
            return Page();
        }
        // A second post of this form never gets here: the form's key (IdempotentFormFilter) answers it with this redirect.
        // The device keeps the key beside the piece too: if that answer is lost after the print committed (the post
        // aborted), the resend is answered with the same piece, never a second one.
        var piece = IndiciaApi.ToPiece(BuildRequest());
        var printed = piece.Variant == Domain.Indicia.IndiciumVariant.Redate
            ? (await redate.Handle(Caller.From(User), DeviceId, piece, ct)).Value.Id
            : (await printer.Handle(Caller.From(User), DeviceId, [piece], PrintAnswer.One, IdempotentFormFilter.RequestOf(HttpContext), ct)).Value.Id;
        if (SaveAddress && Recipient() is not null && string.IsNullOrEmpty(AddressId)) await Save(ct);
        return RedirectToPage(new { printed });
    }

    /// <summary>After a refusal: the form as posted, with the refusal at the top and the choices (and postage available) as they now stand.</summary>
    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        await LoadChoices(ct);
        return Page();
    }

    /// <summary>Postage available after printing the quoted piece.</summary>
    public Mills AvailableAfter => Quote?.Postage is { } p ? Available - p : Available;

    private void Confirm(PieceQuote quote)
    {
        Quote = quote;
        ConfirmedPostage = quote.Postage!.Value.Value.ToString(CultureInfo.InvariantCulture);
        ModelState.Remove(nameof(ConfirmedPostage)); // the hidden field shows this price, not the one posted
    }

    /// <summary>The piece priced; a piece the rules refuse is thrown (and shown by <see cref="RefusalFilter"/>).</summary>
    private async Task<PieceQuote?> QuoteIt(CancellationToken ct)
    {
        var quote = (await quotes.Handle(Caller.From(User), DeviceId, [IndiciaApi.ToPiece(BuildRequest())], ct))[0];
        if (quote.Refusal is { } refusal) throw refusal;
        return quote;
    }

    private PrintIndiciumRequest BuildRequest()
    {
        var parts = Category.Split('/');
        return new PrintIndiciumRequest(parts[0], parts.Length > 1 ? parts[1] : null, WeightOz,
            string.IsNullOrWhiteSpace(Postage) ? null : new MoneyInput(Postage.Trim().TrimStart('$'), "USD"),
            MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DestinationZip?.Trim(),
            OriginZip: string.IsNullOrWhiteSpace(OriginZip) ? null : OriginZip.Trim(), Variant: Variant, Medium: Medium, DesignId: DesignId, AdId: AdId, OmitDay: OmitDay,
            ToAddress: Recipient(), CourtesyReply: CourtesyReply, FromAddressId: Sender());
    }

    /// <summary>
    /// The return address chosen, sent explicitly so the page prints what it shows. Only envelopes and
    /// 4 x 6 labels carry one: for sheet labels and a REDATE or correction (non-address side) none is sent.
    /// </summary>
    private string Sender() =>
        string.IsNullOrEmpty(FromAddressId) || Variant != "standard" || Medium == MediumSpec.Of(Ibis.Rendering.Mailpieces.Medium.SheetLabel).Name
            ? ReturnAddresses.None : FromAddressId;

    /// <summary>The address typed in, or null when the recipient fields are all empty (no address block).</summary>
    private ToAddressInput? Recipient()
    {
        string?[] all = [ToName, ToLine1, ToLine2, ToCity, ToState, ToZip5, ToZip4, ToDeliveryPoint];
        if (all.All(string.IsNullOrWhiteSpace)) return null;
        string?[] lines = string.IsNullOrWhiteSpace(ToLine2) ? [ToLine1] : [ToLine1, ToLine2];
        return new ToAddressInput(ToName, lines, ToCity, ToState, ToZip5, string.IsNullOrWhiteSpace(ToZip4) ? null : ToZip4,
            string.IsNullOrWhiteSpace(ToDeliveryPoint) ? null : ToDeliveryPoint);
    }

    /// <summary>A chosen saved address replaces the recipient fields (and gives the destination ZIP when none was typed).</summary>
    private async Task FillFromAddressBook(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(AddressId)) return;
        var entry = await addressBook.Find(Caller.From(User), AddressId, ct);
        if (entry is null)
        {
            ModelState.AddModelError(nameof(AddressId), "That saved address is not in your address book (address_unknown)");
            return;
        }
        (ToName, ToLine1, ToLine2, ToCity, ToState, ToZip5, ToZip4, ToDeliveryPoint) =
            (entry.Name, entry.Line1, entry.Line2, entry.City, entry.State, entry.Zip5, entry.Zip4, entry.DeliveryPoint);
        if (string.IsNullOrWhiteSpace(DestinationZip))
        {
            DestinationZip = entry.Zip5;
            ModelState.Remove(nameof(DestinationZip));
        }
        foreach (var field in new[] { nameof(ToName), nameof(ToLine1), nameof(ToLine2), nameof(ToCity), nameof(ToState), nameof(ToZip5), nameof(ToZip4), nameof(ToDeliveryPoint) })
            ModelState.Remove(field);
    }

    /// <summary>The piece is printed; a full address book only means the address was not kept.</summary>
    private Task Save(CancellationToken ct) =>
        keepAddress.Handle(Caller.From(User), new SaveAddressCommand(ToName, ToLine1, ToLine2, ToCity, ToState, ToZip5, ToZip4, ToDeliveryPoint), ct);

    private async Task<bool> LoadChoices(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.LicenseeRole) return false;
        var devices = await reads.DevicesInService(caller, ct);
        DeviceChoices = devices.Select(d => new SelectListItem($"{d.DeviceNumber} — ${d.Available} postage available", d.Id)).ToList();
        if (string.IsNullOrEmpty(DeviceId) && devices.Count > 0) DeviceId = devices[0].Id;
        Available = devices.FirstOrDefault(d => d.Id == DeviceId)?.Available ?? Mills.Zero;
        var (designs, ads) = await reads.Artwork(caller, ct);
        DesignChoices = [new("Default for the medium", ""), .. designs.Select(d => new SelectListItem(d.Name, d.Id))];
        AdChoices = [new("None", ""), .. ads.Select(a => new SelectListItem(a.Name, a.Id))];
        var saved = await addressBook.List(caller, ct);
        AddressChoices = [new("— type an address below —", ""), .. saved
            .Select(a => new SelectListItem($"{a.Name}, {a.City} {a.State} {a.Zip5}", a.Id))];
        // The default return address first and preselected on a new form; "none" prints no return address.
        FromAddressId ??= saved.FirstOrDefault(a => a.DefaultReturn)?.Id ?? ReturnAddresses.None;
        FromChoices = [.. saved.OrderByDescending(a => a.DefaultReturn)
            .Select(a => new SelectListItem($"{a.Company ?? a.Name}, {a.City} {a.State} {a.Zip5}{(a.DefaultReturn ? " (default)" : "")}", a.Id)),
            new("No return address", ReturnAddresses.None)];
        return true;
    }
}

/// <summary>The id of whatever was printed (an indicium or a REDATE imprint).</summary>
internal sealed record PrintedId(string Id);
