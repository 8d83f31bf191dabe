using Ibis.Data;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <param name="Reason">One of the reasons a–f of P050 2.3.</param>
/// <param name="Detail">The official's own words, added to the written notice.</param>
public sealed record RevocationRequest(string? Reason, string? Detail);

/// <summary>
/// P050 2.3, §502.20(h): the licensing official revokes a license for a reason a–f, with written notices to the
/// licensee and its provider; the provider's tasks follow — cancel the lease, remove the PSD within 15 calendar
/// days and have it checked out of service.
/// </summary>
public sealed class RevokeLicense(IbisDb db, CommandPipeline pipeline, LicensingQueries queries, TimeProvider clock, ILogger<RevokeLicense> log)
{
    /// <summary>P050 2.3: only the Postal Service's licensing official revokes licenses.</summary>
    public static readonly Access Access = Access.For(Caller.LicensingOfficialRole);

    public Task<LicenseView> Handle(Caller caller, string licenseId, RevocationRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var license = await queries.VisibleLicenses(caller).FirstOrDefaultAsync(l => l.Id == licenseId, ct) ?? throw ApiException.NotFound("license", licenseId);
        var revoked = license.Aggregate();
        revoked.Revoke(body.Reason);
        var text = RevocationReasons.All[body.Reason!];
        var licensee = await db.Licensees.FirstAsync(l => l.Id == license.LicenseeId, ct);
        var now = clock.GetUtcNow();
        license.Status = revoked.Status;
        license.RevocationReason = body.Reason;
        license.RevokedAt = now;
        LicensingLog.LicenseRevoked(log, license.Id, licensee.Id, body.Reason!);
        Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.LicenseRevoked, now, new { LicenseId = license.Id, license.LicenseeId, body.Reason, RemovePsdBy = RevocationDeadlines.RemovePsdBy(now) }, licensee.Id, licensee.ProviderId);
        // §502.20(h): cancel the lease, remove the PSD within 15 calendar days, have it checked out of service.
        var removeBy = RevocationDeadlines.RemovePsdBy(now);
        foreach (var lease in await db.Leases.Where(l => l.LicenseId == license.Id && l.Status == LeaseStatus.Active).ToListAsync(ct))
            LicensingRecords.AddTask(db, license, null, lease.Id, "cancel_lease", "§502.20(h): cancel the lease agreement with the lessee whose license is revoked", now, now);
        foreach (var device in await LicensingRecords.ActiveDevices(db, license.Id, ct))
        {
            LicensingRecords.AddTask(db, license, device, null, "remove_psd", "§502.20(h): remove the PSD within 15 calendar days of the revocation", removeBy, now);
            LicensingRecords.AddTask(db, license, device, null, "check_out_psd", "§502.20(h), §502.20(i): have the PSD checked out of service", removeBy, now);
        }
        LicensingRecords.Notify(db, licensee.Id, licensee.ProviderId, "license_revoked", license.Id, now,
            $"License {license.Id} is revoked: {text}. {LicensingRecords.Detail(body.Detail)}Your provider will cancel the lease and remove the PSD within {RevocationDeadlines.RemovePsdCalendarDays} calendar days. " +
            $"You may appeal in writing to the Manager, Metering Technology Management, within {AppealWindow.CalendarDays} calendar days of receipt of this notice (P050 2.4).",
            $"The Postal Service revoked license {license.Id} of licensee {licensee.Id} ({text}). Under §502.20(h) cancel the lease, remove the PSD by {removeBy:yyyy-MM-dd} and have it checked out of service.");
        await db.SaveChangesAsync(ct);
        return LicenseView.From(license);
    }, ct);
}
