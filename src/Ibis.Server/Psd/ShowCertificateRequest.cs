using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// A device's certificate request as it stands (<see cref="RequestDeviceCertificate"/> made it), for the provider to
/// fetch again and take to the Postal Service's CA.
/// </summary>
internal sealed class ShowCertificateRequest(IbisDb db)
{
    /// <summary>The device's newest request, for the provider to fetch again.</summary>
    public async Task<CertificateRequestRow> Handle(Caller caller, string deviceId, CancellationToken ct)
    {
        Rules.Check(new CallerRoleMustBeAllowedRule(caller.Role, AddDeviceToInventory.Access.Roles));
        var device = await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        return await db.CertificateRequests.AsNoTracking().Where(r => r.DeviceId == device.Id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw new BusinessRuleViolationException(new BrokenRule("certificate_request_missing", $"device {device.Id} has no certificate request", null, RuleKind.NotFound));
    }
}
