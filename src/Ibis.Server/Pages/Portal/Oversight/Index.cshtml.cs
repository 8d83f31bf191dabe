using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Oversight;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Oversight;

/// <summary>
/// The Postal Service's officials (postal, auditor, inspector) look at every provider's devices and cases
/// (P050 2.5b, 3.4; §502.10, §502.19, §502.25(b)). Nothing is read until the official says why; the reads go
/// through the same use cases as the API, so each is logged with that purpose. A refused read is shown by
/// <see cref="RefusalFilter"/> next to the purpose.
/// </summary>
internal sealed class IndexModel(ListDevicesForOversight devices, ListCasesForOversight cases) : PageModel, IRefusalPage
{
    [BindProperty(SupportsGet = true)] public string? Purpose { get; set; }

    [BindProperty(SupportsGet = true, Name = "provider_id")] public string? ProviderId { get; set; }

    public IReadOnlyList<OversightDeviceView> Devices { get; private set; } = [];

    public IReadOnlyList<OversightCaseView> Cases { get; private set; } = [];

    public bool Read { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!OversightReads.Access.Roles.Contains(caller.Role)) return this.NotFoundPage("page");
        if (string.IsNullOrWhiteSpace(Purpose)) return Page();
        var page = new PageQuery(PageQuery.MaxLimit, null, null, null, null);
        var provider = string.IsNullOrWhiteSpace(ProviderId) ? null : ProviderId.Trim();
        Devices = (await devices.Handle(caller, new OversightQuery(Purpose, page, provider), ct)).Data;
        Cases = (await cases.Handle(caller, new OversightQuery(Purpose, page, provider), ct)).Data;
        Read = true;
        return Page();
    }

    public Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Devices = [];
        Cases = [];
        return Task.FromResult<IActionResult>(Page());
    }

    string? IRefusalPage.InputFor(string field) => field == "purpose" ? nameof(Purpose) : null;
}
