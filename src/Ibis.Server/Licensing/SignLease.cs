using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>§502.20(a)(c), P050 2.5i: the provider leases PSDs to a licensee with a valid licence, under a signed lease that names the deposit account resets are paid from.</summary>
public sealed class SignLease(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>§502.20(a): the provider leases IBI systems.</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    /// <summary>§502.20(c), P050 2.5i: a signed lease with a financial agreement for resetting, only to a valid licensee.</summary>
    public Task<LeaseView> Handle(Caller caller, LeaseRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var licenseeId = body.LicenseeId ?? throw ApiException.Invalid("licensee_id_required", "licensee_id names the lessee", "licensee_id");
        var licensee = await db.Licensees.FirstOrDefaultAsync(l => l.Id == licenseeId && l.ProviderId == caller.ProviderId, ct) ?? throw ApiException.NotFound("licensee", licenseeId);
        Rules.Check(new LeaseMustNameLicenseRule(body.LicenseId));
        var licenseId = body.LicenseId!;
        var license = await db.Licenses.FirstOrDefaultAsync(l => l.Id == licenseId && l.LicenseeId == licensee.Id, ct) ?? throw ApiException.NotFound("license", licenseId);
        var signedBy = body.SignedBy?.Trim();
        DateOnly? signedOn = DateOnly.TryParseExact(body.SignedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day : null;
        // The lease checks what it holds (§502.20(c), P050 2.5i): a valid license, signed, dated, with its financial agreement for resetting.
        var lease = Domain.Licensing.Lease.Sign(Ids.New("lse"), licensee.ProviderId, licensee.Id, license.Aggregate(), signedBy, signedOn, body.ResettingAccountId);
        var accountId = lease.ResettingAccountId;
        if (!await db.DepositAccounts.AnyAsync(a => a.Id == accountId && a.LicenseeId == licensee.Id && a.Status == AccountStatus.Open, ct))
            throw ApiException.Invalid("financial_agreement_invalid", $"{accountId} is not an open deposit account of {licensee.Id}", "resetting_account_id");
        var row = LeaseRecords.NewRow(lease, clock.GetUtcNow());
        db.Leases.Add(row);
        // P050 1.3, 2.5i: the lease names the devices it covers; a device already in service moves to it
        // only when named here (one of this licensee's, not checked out).
        foreach (var deviceId in body.DeviceIds ?? [])
        {
            var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId && d.LicenseeId == licensee.Id && d.Status != Domain.Psd.DeviceStatus.Withdrawn, ct)
                ?? throw ApiException.Invalid("device_not_leasable", $"{deviceId} is not a device of {licensee.Id} in service", "device_ids");
            device.LeaseId = row.Id;
        }
        await db.SaveChangesAsync(ct);
        return LeaseView.From(row);
    }, ct);
}
