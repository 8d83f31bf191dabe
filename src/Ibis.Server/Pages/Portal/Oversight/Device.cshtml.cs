using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Oversight;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Oversight;

/// <summary>
/// One device of any provider as the Postal Service examines it (P050 2.5b, 3.4; §502.10, §502.19, §502.23): its
/// registers, its resets, audits and indicia, its life-cycle history and its cases — each read logged with the
/// purpose the official gave. A refused read (no purpose) is shown by <see cref="RefusalFilter"/> next to the
/// purpose; a device that does not exist is not found.
/// </summary>
internal sealed class DeviceModel(ReadDeviceForOversight read) : PageModel, IRefusalPage
{
    private const int Shown = 20;

    [BindProperty(SupportsGet = true)] public string? Purpose { get; set; }

    public string DeviceId { get; private set; } = "";

    public OversightDeviceView? Device { get; private set; }

    public IReadOnlyList<OversightResetView> Resets { get; private set; } = [];

    public IReadOnlyList<OversightAuditView> Audits { get; private set; } = [];

    public IReadOnlyList<OversightIndiciumView> Indicia { get; private set; } = [];

    public IReadOnlyList<DeviceEventView> History { get; private set; } = [];

    public IReadOnlyList<OversightCaseView> Cases { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string deviceId, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!OversightReads.Access.Roles.Contains(caller.Role)) return this.NotFoundPage("page");
        DeviceId = deviceId;
        if (string.IsNullOrWhiteSpace(Purpose)) return Page();
        var query = new OversightQuery(Purpose, new PageQuery(Shown, null, null, null, null));
        Device = (OversightDeviceView)await read.Handle(caller, deviceId, DeviceRecords.Device, query, ct);
        Resets = ((ListView<OversightResetView>)await read.Handle(caller, deviceId, DeviceRecords.Resets, query, ct)).Data;
        Audits = ((ListView<OversightAuditView>)await read.Handle(caller, deviceId, DeviceRecords.Audits, query, ct)).Data;
        Indicia = ((ListView<OversightIndiciumView>)await read.Handle(caller, deviceId, DeviceRecords.Indicia, query, ct)).Data;
        History = ((ListView<DeviceEventView>)await read.Handle(caller, deviceId, DeviceRecords.History, query, ct)).Data;
        Cases = ((ListView<OversightCaseView>)await read.Handle(caller, deviceId, DeviceRecords.Cases, query, ct)).Data;
        return Page();
    }

    public Task<IActionResult> ShowAgainAsync(CancellationToken ct) => Task.FromResult<IActionResult>(Page());

    string? IRefusalPage.InputFor(string field) => field == "purpose" ? nameof(Purpose) : null;

    string? IRefusalPage.NotFoundAs => "device";
}
