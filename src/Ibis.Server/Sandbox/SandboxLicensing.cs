using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Auth;
using Ibis.Server.Licensing;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Sandbox;

/// <summary>
/// Licenses the sandbox's licensee through the real workflow (P050 2.1, 2.5i): its 3601-A naming the
/// Washington, DC post office, the provider's transmission, the licensing official's approval (the
/// customer record is started from the form). The deposit account and the lease follow (SandboxWorld).
/// </summary>
internal static class SandboxLicensing
{
    public static async Task<LicenseRow> License(IServiceProvider services, LicenseeRow licensee, ProviderRow provider, string email, CancellationToken ct)
    {
        var asLicensee = new Caller("sandbox", Caller.LicenseeRole, licensee.Id, null, TestMode: true);
        var asProvider = new Caller("sandbox", Caller.ProviderRole, null, provider.Id, TestMode: true);
        var asOfficial = new Caller("sandbox", Caller.LicensingOfficialRole, null, null, TestMode: true);
        var address = new AddressInput("475 L'Enfant Plaza SW", "Washington", "DC", "20260");
        var form = new ApplicationRequest(licensee.Id, licensee.Name, "Sandbox Mailer", "Mailroom manager", address, "202-555-0100", email, null, null,
            new PostOfficeInput("WASHINGTON", "DC", "20066"), address, "Sandbox Mailer");
        var application = await services.GetRequiredService<ApplyForLicense>().Handle(asLicensee, form, ct);
        await services.GetRequiredService<TransmitApplication>().Handle(asProvider, application.Id, ct);
        var approved = await services.GetRequiredService<DecideApplication>().Handle(asOfficial, application.Id, new DecisionRequest("approve", null, null), ct);
        var db = services.GetRequiredService<IbisDb>();
        var license = await db.Licenses.FirstAsync(l => l.Id == approved.LicenseId, ct);
        return license;
    }
}
