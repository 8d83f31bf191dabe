using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Devices;

namespace Ibis.Server.Psd;

/// <summary>
/// Checking a device out of service (§502.20(e), §502.27(b)): its final registers go on an
/// activity report (Form 3601-C) with the unused postage to refund, and its signing key is
/// destroyed so that a logical security element is "immediately disabled"; its certificates are revoked.
/// </summary>
public sealed class WithdrawDevice(IbisDb db, PsdTransaction psd, IKeyStore keys)
{
    public async Task<ApiReply> Handle(Caller caller, string deviceId, string reason, IdempotentRequest request, CancellationToken ct)
    {
        AuditDevice.RequireProvider(caller);
        await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        byte[]? destroyed = null;
        var reply = await psd.Run(deviceId, request, async ctx =>
        {
            var d = ctx.Device;
            if (d.Status == DeviceStatus.Withdrawn)
                throw new ApiException(409, "device_withdrawn", "the device has already been checked out of service");
            var report = new ActivityReportRow
            {
                Id = Ids.New("act"), DeviceId = d.Id, AscendingMills = d.AscendingMills, DescendingMills = d.DescendingMills,
                ControlTotalMills = d.ControlTotalMills, PieceCount = d.PieceCount, RefundDueMills = d.DescendingMills,
                Reason = reason, CreatedAt = ctx.Now,
            };
            ctx.Db.ActivityReports.Add(report);
            destroyed = d.KeyHandle;
            d.KeyHandle = [];
            d.Status = DeviceStatus.Withdrawn;
            d.WithdrawnAt = ctx.Now;
            // §502.20(e), §502.28: a device out of service has no valid certificate; pieces dated before
            // the check-out keep verifying, anything dated later is refused.
            await CertificateRevocation.RevokeAllOf(ctx.Db, d.Id, RevocationReason.CheckedOut, ctx.Now, ct);
            ctx.Changed = true;
            return new PsdOutcome(StatusCodes.Status201Created, ActivityReportView.From(report), $"/v1/devices/{d.Id}/activity-report");
        }, ct);
        // The wrapped key is gone from the database with the commit; the key store forgets it too.
        if (destroyed is { Length: > 0 }) keys.Destroy(destroyed);
        return reply;
    }
}
