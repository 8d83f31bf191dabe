using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Devices;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;

namespace Ibis.Server.Psd;

/// <param name="ReplacementDeviceId">A device in the provider's inventory, inspected (§502.18).</param>
/// <param name="PostageTo">replacement (default) or deposit_account: where a defective or suspect device's remaining postage goes.</param>
public sealed record ReplaceDeviceCommand(string? ReplacementDeviceId, string? PostageTo = null);

/// <param name="Reason">incident (lost, stolen, defective, suspect) or due (§502.22(a): certificate or clock/timer life ending).</param>
/// <param name="Incident">The incident the replacement answers; null for a replacement before expiry.</param>
public sealed record ReplacementView(string Object, string DeviceId, string DeviceStatus, string Reason, IncidentView? Incident, DeviceView Replacement, MoneyView PostageMoved,
    string? PostageTo, ActivityReportView? ActivityReport);

/// <summary>
/// A replacement commissioned through the commissioning service under the same lease, in one transaction
/// with the rest:
/// <list type="bullet">
/// <item>lost or stolen: only once the police report and the Inspection Service notification are recorded
/// (§502.24(b)(2)); the missing device keeps its postage until it is recovered and checked out (502.24(c));</item>
/// <item>defective: only after the examination (§502.20(f), (j)); the old device is checked out (Form 3601-C)
/// and its remaining postage moves to the replacement — or to the deposit account — as one ledger transaction;</item>
/// <item>suspect: the same, unless the inspector recorded that fraud is suspected (P050 2.6): then no postage moves;</item>
/// <item>in service, no incident: only when due (§502.22(a), <see cref="ReplacementDue"/>) — its certificate or its
/// clock/timer life ends within 90 days; checked out and its postage moved as for a defective device.</item>
/// </list>
/// After the commit the old device's key is destroyed (a crash first leaves it to the next start).
/// </summary>
public sealed class ReplaceDevice(IbisDb db, CommandPipeline pipeline, CommissionDevice commission, RegisterSeal seal, IKeyStore keys, TimeProvider clock,
    Funds.IBalanceRefunds refunds, CertificateValidityCache validities)
{
    public const string ToReplacement = "replacement";
    public const string ToDepositAccount = "deposit_account";

    public async Task<ReplacementView> Handle(Caller caller, string deviceId, ReplaceDeviceCommand command, CancellationToken ct)
    {
        var view = await Replace(caller, deviceId, command, ct);
        if (view.ActivityReport is not null) await PendingKeyDestructions.Finish(db, keys, clock.GetUtcNow(), ct, deviceId);
        return view;
    }

    private Task<ReplacementView> Replace(Caller caller, string deviceId, ReplaceDeviceCommand command, CancellationToken ct) => pipeline.Run(caller, CompleteLocationStep.Access, async ct =>
    {
        if (string.IsNullOrWhiteSpace(command.ReplacementDeviceId))
            throw new BusinessRuleViolationException(new BrokenRule("replacement_device_required", "name the inventory device that replaces this one (replacement_device_id)", "replacement_device_id", RuleKind.BadInput));
        var postageTo = command.PostageTo ?? ToReplacement;
        if (postageTo is not (ToReplacement or ToDepositAccount))
            throw new BusinessRuleViolationException(new BrokenRule("postage_to_invalid", "postage_to is replacement or deposit_account", "postage_to", RuleKind.BadInput));
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var old = loaded.Row;
        var now = clock.GetUtcNow();
        // §502.22(a): a device in service with no incident is replaced only when it is due.
        var due = loaded.Device.Incident is null ? await ListDevicesDueForReplacement.Of(db, validities, old, ct) : null;
        if (due is null) loaded.Device.CheckReplacementAllowed();
        else loaded.Device.CheckReplacementBeforeExpiry(due, ReplacementDue.HorizonFrom(now));
        var moves = due is not null || loaded.Device.PostageMayMove;
        if (moves)
        {
            try
            {
                // §502.27(b)(1): the remaining balance is verified before it moves.
                await seal.Verify(db, old, ct);
            }
            catch (RegisterIntegrityException e)
            {
                throw new ApiException(409, "register_integrity_failure", $"the device's final registers do not match their seal ({e.Reason}); its postage cannot move");
            }
        }

        var replacement = await commission.Handle(caller, command.ReplacementDeviceId.Trim(), new CommissionDeviceCommand(old.LeaseId), ct);
        var why = due is null ? loaded.Device.Incident!.Kind : $"due: {due.Describe()} (39 CFR 502.22(a))";
        if (due is null) loaded.Device.RecordReplacement(replacement.Id, caller.UserOrKeyId, now);
        else loaded.Device.ReplaceBeforeExpiry(replacement.Id, due, ReplacementDue.HorizonFrom(now), caller.UserOrKeyId, now);
        DeviceHistory.Record(db, replacement, "replacement_for", DeviceStatus.InService, caller.UserOrKeyId, $"replaces {old.Id} ({why})", now, old.Id);
        ActivityReportRow? report = null;
        var moved = 0L;
        if (moves)
        {
            loaded.Device.CheckOut($"replaced by {replacement.Id}", caller.UserOrKeyId, now);
            var toReplacement = postageTo == ToReplacement && old.DescendingMills > 0;
            moved = old.DescendingMills;
            report = await DeviceCheckOut.Complete(db, old, $"replaced by {replacement.Id} ({why})", caller.UserOrKeyId, null,
                toReplacement ? Books.Psd(replacement.Id) : Books.Deposit, now, ct, refunds: refunds); // to the deposit account: a §502.27(b) refund
            if (toReplacement) await Credit(replacement, Mills.FromMills(moved), report, now, ct);
            seal.Seal(loaded.Device, old, now); // sealed anew, the instance checked out: the checked-out row is not the one before
        }
        DeviceLife.Save(db, loaded);
        return new ReplacementView("replacement", old.Id, loaded.Device.Status.ToText(), due is null ? "incident" : "due",
            loaded.Device.Incident is { } incident ? IncidentView.From(incident, loaded.Device.Status) : null, DeviceView.From(replacement),
            MoneyView.OfMills(moved), moves ? postageTo : null, report is null ? null : ActivityReportView.From(report));
    }, ct);

    /// <summary>The moved postage as the replacement's first reset: its registers, reset record and seal, as a reset would (P050 3.5c).</summary>
    private async Task Credit(DeviceRow replacement, Mills amount, ActivityReportRow report, DateTimeOffset now, CancellationToken ct)
    {
        var psd = PsdRow.Load(replacement);
        var next = psd.ReceivePostage(amount);
        replacement.LastResetAt = now;
        var account = await db.DepositAccounts.FindAsync([report.AccountId], ct) ?? throw new InvalidOperationException("the check-out locked no account");
        var row = new ResetRow
        {
            DeviceId = replacement.Id, Id = Ids.Ordered("rst", now), AccountId = account.Id, AmountMills = amount.Value,
            AscendingAfterMills = next.Ascending.Value, DescendingAfterMills = next.Descending.Value, ControlTotalAfterMills = next.ControlTotal.Value,
            Sequence = psd.RegisterState.ResetCount, AccountBalanceAfterMills = account.BalanceMills, CreatedAt = now,
        };
        row.Record = ResetDevice.RecordBytes(row, replacement);
        row.Signature = ResetDevice.SignRecord(keys, replacement.KeyHandle, row.Record);
        db.Resets.Add(row);
        seal.Seal(psd, replacement, now);
    }
}
