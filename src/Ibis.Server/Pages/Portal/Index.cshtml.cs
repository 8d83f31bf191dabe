using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Pages.Portal;

public sealed class IndexModel(IbisDb db) : PageModel
{
    public string Role { get; private set; } = "";

    public IReadOnlyList<DeviceView> Devices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        Role = caller.Role;
        var rows = await db.Devices.AsNoTracking()
            .Where(d => (caller.Role == Caller.LicenseeRole && d.LicenseeId == caller.LicenseeId)
                        || (caller.Role == Caller.ProviderRole && d.ProviderId == caller.ProviderId))
            .OrderBy(d => d.Id).ToListAsync(ct);
        Devices = rows.Select(DeviceView.From).ToList();
    }
}
