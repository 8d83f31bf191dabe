using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// P050 2.5d–e: the licensee reports changed 3601-A information for a valid license through its provider; the
/// Postal Service then revises the license. A new post office means relicensing there, after the provider has
/// checked the PSDs out of service (a task per device).
/// </summary>
public sealed class UpdateLicenseInformation(IbisDb db, CommandPipeline pipeline, LicensingQueries queries, RecordKeys keys, ApplicationReads reads, TimeProvider clock)
{
    /// <summary>P050 2.5d: the licensee reports changes to its provider, who transmits them.</summary>
    public static readonly Access Access = Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    public Task<ApplicationView> Handle(Caller caller, string licenseId, ApplicationRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var license = await queries.VisibleLicenses(caller).FirstOrDefaultAsync(l => l.Id == licenseId, ct) ?? throw ApiException.NotFound("license", licenseId);
        Rules.Check(new LicenseMustBeValidForRule(license.Id, license.Status, LicenseAct.Update));
        var licensee = await db.Licensees.FirstAsync(l => l.Id == license.LicenseeId, ct);
        var form = Form3601A.Validate(body with { LicenseeId = licensee.Id });
        Rules.Check(new LicenseUpdateMustNotBePendingRule(license.Id,
            await db.LicenseApplications.AnyAsync(a => a.LicenseId == license.Id && (a.Status == LicenseApplicationStatus.Submitted || a.Status == LicenseApplicationStatus.Transmitted), ct)));
        var now = clock.GetUtcNow();
        var moving = form.PostOffice.Zip != license.PostOfficeZip;
        var row = await ApplicationRecords.NewApplication(db, keys, caller, licensee, form, moving ? "relicense" : "update", license.Id, now, ct);
        if (moving)
        {
            // P050 2.5e: the PSDs are checked out of service by the provider before the customer is relicensed.
            foreach (var device in await LicensingRecords.ActiveDevices(db, license.Id, ct))
                LicensingRecords.AddTask(db, license, device, null, "check_out_psd", "P050 2.5e: check the PSD out of service before relicensing at the new post office", now, now);
        }
        await db.SaveChangesAsync(ct);
        return await reads.View(caller, row, ct);
    }, ct);
}
