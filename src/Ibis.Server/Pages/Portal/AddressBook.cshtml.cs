using Ibis.Data.Entities;
using Ibis.Server.Auth;
using Ibis.Server.Indicia;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// The licensee's saved addresses: list, add, delete; "Print to" opens the print page with one chosen;
/// one may be marked the default return address, printed in the upper-left corner of every envelope
/// and 4 x 6 label whose print names no other. A refused address is shown by <see cref="RefusalFilter"/>
/// next to the input it names.
/// </summary>
internal sealed class AddressBookModel(AddressBookReads book, SaveAddress save, SetDefaultReturnAddress setDefaultReturn, DeleteAddress delete) : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["name"] = nameof(Name), ["lines"] = nameof(Line1), ["city"] = nameof(City), ["state"] = nameof(State),
        ["zip5"] = nameof(Zip5), ["zip4"] = nameof(Zip4), ["delivery_point"] = nameof(DeliveryPoint), ["company"] = nameof(Company),
    };

    public IReadOnlyList<AddressBookEntryRow> Entries { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Line1 { get; set; }
    [BindProperty] public string? Line2 { get; set; }
    [BindProperty] public string? City { get; set; }
    [BindProperty] public string? State { get; set; }
    [BindProperty] public string? Zip5 { get; set; }
    [BindProperty] public string? Zip4 { get; set; }
    [BindProperty] public string? DeliveryPoint { get; set; }
    [BindProperty] public string? Company { get; set; }

    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? saved, CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.LicenseeRole) return this.NotFoundPage("page");
        Saved = saved;
        Entries = await book.List(Caller.From(User), ct);
        return Page();
    }

    [IdempotentForm(nameof(StepKey), Replayed = "This address was already sent; it was not added twice.")]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.LicenseeRole) return this.NotFoundPage("page");
        var row = await save.Handle(Caller.From(User), new SaveAddressCommand(Name, Line1, Line2, City, State, Zip5, Zip4, DeliveryPoint, Company), ct);
        return RedirectToPage(new { saved = row.Name });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Entries = await book.List(Caller.From(User), ct);
        return Page();
    }

    string? IRefusalPage.InputFor(string field) => Fields.GetValueOrDefault(field);

    /// <summary>Marks <paramref name="id"/> the default return address; an empty id clears the default.</summary>
    public async Task<IActionResult> OnPostDefaultReturnAsync(string? id, CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.LicenseeRole) return this.NotFoundPage("page");
        if (!await setDefaultReturn.Handle(Caller.From(User), string.IsNullOrEmpty(id) ? null : id, ct)) return this.NotFoundPage("address");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        if (Caller.From(User).Role != Caller.LicenseeRole) return this.NotFoundPage("page");
        await delete.Handle(Caller.From(User), id, ct);
        return RedirectToPage();
    }
}
