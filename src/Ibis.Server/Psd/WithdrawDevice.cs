using Ibis.Data;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

/// <summary>
/// Checking a device out of service (§502.20(e), §502.27(b)) — any device in the provider's hands,
/// locked or not. In one PSD transaction: the aggregate's check-out rule, the final registers verified
/// against their seal and reconciled with the DR the provider noted when the licensee gave notice, Form
/// 3601-C (section F the validated refund, section G the provider's signature), the DR a refund of §502.27(b)
/// certified and sent to the district MATS coordinator (credited when it approves) — or, for registers that
/// fail their integrity check, nothing credited (<see cref="Domain.Psd.UnvalidatedRegistersMustNotBeCreditedRule"/>) —
/// the certificates revoked and the key queued for destruction. After
/// the commit the key store destroys the key (and the next start finishes it if this process dies first).
/// </summary>
public sealed class WithdrawDevice(IbisDb db, PsdTransaction psd, IKeyStore keys, TimeProvider clock, Funds.IBalanceRefunds refunds)
{
    /// <summary>§502.20(e), §502.27(b): the provider checks a device out of service.</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public async Task<Reply<ActivityReportView>> Handle(Caller caller, string deviceId, string reason, IdempotentRequest request, CancellationToken ct, Domain.Money.Mills? noticeDescendingRegister = null)
    {
        Access.Authorize(caller);
        await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        Task<Reply<ActivityReportView>> CheckOut() => psd.Run(deviceId, request, async ctx =>
        {
            // The transaction's own aggregate (with its open incident, which the check-out closes): the registers
            // on Form 3601-C and in the seal are the ones of the instance that was checked out.
            ctx.Psd.CheckOut(reason, caller.UserOrKeyId, ctx.Now);
            var report = await DeviceCheckOut.Complete(ctx.Db, ctx.Device, reason, caller.UserOrKeyId, noticeDescendingRegister?.Value, Funds.Books.Deposit, ctx.Now, ct,
                ctx.IntegrityFailure, refunds);
            ctx.SaveLife();
            ctx.Changed = true;
            return Outcome.Created(ActivityReportView.From(report), $"/v1/activity-reports/{report.Id}");
        }, ct, allowLocked: true, tolerateIntegrityFailure: true, withIncident: true);
        Reply<ActivityReportView> reply;
        try
        {
            reply = await CheckOut();
        }
        catch (ApiException e) when (e.Code == DeviceLockout.IntegrityFailure)
        {
            // The check-out found the tampering first: the device is now locked with its case (in a
            // transaction of its own), and is checked out with its registers recorded as not validated.
            reply = await CheckOut();
        }
        if (!reply.Replayed) await PendingKeyDestructions.Finish(db, keys, clock.GetUtcNow(), ct, deviceId);
        return reply;
    }
}
