using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Customers;

/// <summary>
/// Customer records on screen (notice 820.100): the licensee sees its own; the provider, the licensing
/// official and the privacy officer retrieve one by customer name, customer ID or logon ID. Sensitive
/// fields are masked, and every record shown is a logged read with the role's purpose. A refused search
/// is shown by <see cref="RefusalFilter"/> next to the key it names.
/// </summary>
internal sealed class IndexModel(CustomerRecordReads records) : PageModel, IRefusalPage
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["name"] = nameof(Name), ["customer_id"] = nameof(CustomerId), ["logon_id"] = nameof(LogonId),
    };

    public IReadOnlyList<CustomerRecordView> Found { get; private set; } = [];

    public bool MaySearch { get; private set; }

    // Posted, never bound from the query string: names and customer IDs stay out of URLs, proxy logs and history.
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CustomerId { get; set; }
    [BindProperty] public string? LogonId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // An old bookmark or link with the keys in the URL: answered by the page without them, so they are not echoed back.
        if (Request.Query.Keys.Any(k => k.Equals("name", StringComparison.OrdinalIgnoreCase) || k.Equals("customerid", StringComparison.OrdinalIgnoreCase)
                                        || k.Equals("logonid", StringComparison.OrdinalIgnoreCase) || k.Equals("customer_id", StringComparison.OrdinalIgnoreCase)
                                        || k.Equals("logon_id", StringComparison.OrdinalIgnoreCase)))
            return Redirect("/portal/customers");
        return await Show(search: false, ct);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => Show(search: true, ct);

    private async Task<IActionResult> Show(bool search, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole or Caller.LicensingOfficialRole or Caller.PrivacyOfficerRole))
            return this.NotFoundPage("page");
        MaySearch = caller.Role != Caller.LicenseeRole;
        var purpose = CustomerAccess.Purpose(HttpContext, caller);
        if (caller.Role == Caller.LicenseeRole)
        {
            var own = await records.Search(caller, null, null, null, purpose, ct, ownRecord: true);
            Found = own;
        }
        else if (search)
        {
            Found = await records.Search(caller, Blank(Name), Blank(CustomerId), Blank(LogonId), purpose, ct);
            if (Found.Count == 0) ModelState.AddModelError("", "No customer record you may see matches (customer_record_not_found).");
        }
        return Page();
    }

    /// <summary>A refused search shows the form again with no record.</summary>
    public Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Found = [];
        return Task.FromResult<IActionResult>(Page());
    }

    string? IRefusalPage.InputFor(string field) => Fields.GetValueOrDefault(field);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
