using System.Security.Cryptography;
using System.Text.Json;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// A reset — a postage value download (P050 3.5, §502.25): in one transaction, audit the device,
/// debit the licensee's deposit account and credit DR, then give the licensee a reset record
/// signed by the device as documentation (P050 3.5c). Each precondition is a named rule.
/// </summary>
public sealed class ResetDevice(PsdTransaction psd, DeviceAuditor auditor, IKeyStore keys, Funds.AdvanceFunds funds, Funds.Transmissions transmissions, ILogger<ResetDevice> log)
{
    public async Task<Reply<ResetView>> Handle(Caller caller, string deviceId, Mills amount, IdempotentRequest request, CancellationToken ct)
    {
        if (!Ids.HasShape(deviceId, "psd")) throw ApiException.NotFound("device", deviceId);
        Rules.Check(new ResetIncrementMustBePositiveRule(amount));
        // Issue 17, as the print: the device is not read before its transaction; the caller is admitted on the locked row.
        var reset = await psd.Run(deviceId, request, async ctx =>
        {
            var d = ctx.Device;
            // License, lease and provider were read with the device's newest records (DeviceStanding).
            var standing = ctx.Standing;
            Rules.Check(new LicenseMustBeValidRule(d.LicenseId!, standing.LicenseStatus));
            // P050 1.3, 2.5i: the lease naming the device; its financial agreement names the account resets draw on.
            Rules.Check(new Domain.Licensing.DeviceMustBeUnderActiveLeaseRule(d.Id, standing.LeaseStatus is null ? null : d.LeaseId, standing.LeaseStatus));
            Rules.Check(new Domain.Organisations.ProviderMustBeAuthorizedRule(d.ProviderId, standing.ProviderStatus));
            Rules.Check(new DeviceMustBeInServiceRule(d.Status, d.LockReason));
            // Lock order everywhere: device row, then the lease's resetting account row, then the licensee row.
            var reads = await ResetReads.Read(ctx.Db, d, standing.ResettingAccountId!, ct);
            Quality.QualityAssurance.CheckResetAllowed(d, reads.Quality, ctx.Now); // §502.26: an overdue or failed QA sample denies resets
            var account = reads.Account;
            var deposit = Funds.AccountAggregate.Load(account);
            deposit.RequireOpen();
            Rules.Check(new DescendingRegisterCapRule(Mills.FromMills(d.DescendingMills), amount, Mills.FromMills(d.CapMills)));
            // P050 3.6 "$500 for a given user at any time": all of the licensee's devices together. The
            // licensee row lock makes concurrent resets of its devices take turns, so the sum read here
            // cannot be outdated by another reset (prints only lower a DR).
            var licensee = reads.Cap;
            var descending = d.DescendingMills;
            Rules.Check(CapRule(d.LicenseeId!, licensee, descending, amount));
            // Prepared before its turn at SQLite's write gate (issue 17), the sum was read without that lock: a reset of
            // another of the licensee's devices may raise it meanwhile, so the cap is checked again in the turn.
            ctx.RecheckInTurn(async ct => !CapRule(d.LicenseeId!, await ResetReads.CapInTurn(ctx.Db, d.LicenseeId!, d.Id, ct), descending, amount).IsBroken());
            // P050 3.5, 3.5a: the deposit pays, and the provider's advance what the deposit does not cover.
            var advance = deposit.PayForReset(amount);

            // §502.25(a): a successful device audit within this reset.
            var nonce = RandomNumberGenerator.GetBytes(AuditMessage.NonceLength);
            var (message, signature) = auditor.Produce(d, nonce, ctx.Now);
            var forged = await auditor.CheckAuthentic(ctx.Db, d, message, signature, nonce, ct);
            var verdict = forged is null
                ? DeviceAuditor.CheckRunningTotals(d, message)
                : new AuditVerdict(false, [forged], null);
            var audit = DeviceAuditor.Record(d, "reset", nonce, message, signature, verdict, ctx.Now);
            if (!verdict.Passed) throw new AuditFailedException(audit, string.Join("; ", verdict.Reasons), duringReset: true);
            ctx.Db.Audits.Add(audit);
            AuditTransmission.Add(ctx.Db, transmissions, d, audit, ctx.Now);

            // P050 3.5, 3.4: DR credited within the cap, the reset counted and on record, the watchdog started again.
            var next = ctx.Psd.Reset(amount, ctx.Now, psd.WatchdogMonths);
            // P050 3.5a: what the deposit does not cover comes from the provider's advance.
            if (advance.IsPositive) funds.PostAdvance(account, deposit, advance, ctx.Now);
            var resetId = Ids.Ordered("rst", ctx.Now);
            Funds.Ledger.Post(ctx.Db, account, "reset", resetId, ctx.Now, $"postage value download to {d.Id}",
                (Funds.Books.Deposit, -amount.Value), (Funds.Books.Psd(d.Id), amount.Value));
            d.LastResetAt = ctx.Now;
            d.LastAuditAt = ctx.Now;

            var row = new ResetRow
            {
                DeviceId = d.Id, Id = resetId, AccountId = account.Id, AmountMills = amount.Value,
                AscendingAfterMills = next.Ascending.Value, DescendingAfterMills = next.Descending.Value,
                ControlTotalAfterMills = next.ControlTotal.Value, Sequence = ctx.Psd.RegisterState.ResetCount,
                AccountBalanceAfterMills = account.BalanceMills, AuditId = audit.Id, CreatedAt = ctx.Now,
            };
            row.Record = RecordBytes(row, d);
            row.Signature = SignRecord(keys, d.KeyHandle, row.Record);
            ctx.Record(row);
            return Outcome.Created(ResetView.From(row), $"/v1/resets/{row.Id}");
        }, ct, admit: d => DeviceAccess.Admit(caller, d), prepareBeforeTurn: true);
        PsdLog.Reset(log, reset.Replayed, deviceId, amount.Value, caller.IsSandbox);
        return reset;
    }

    /// <summary>P050 3.6 for this reset: the licensee's other devices, this device's DR before it, the increment, the cap.</summary>
    private static Domain.Devices.LicenseeDescendingRegisterCapRule CapRule(string licenseeId, LicenseeCap licensee, long descending, Mills amount) =>
        new(licenseeId, Mills.FromMills(licensee.OtherDevicesDescendingMills), Mills.FromMills(descending), amount, Mills.FromMills(licensee.DrCapMills));

    /// <summary>The device's signature of a reset record: over the reset-record context tag and the record (issue 16 item 6).</summary>
    internal static byte[] SignRecord(IKeyStore keys, byte[] keyHandle, byte[] record) =>
        keys.Sign(keyHandle, ResetRecordFormat.SignedMessageOf(record) ?? throw new InvalidOperationException("not a reset record"));

    /// <summary>The reset record (P050 3.5c): compact JSON, signed by the device so the licensee can prove it.</summary>
    internal static byte[] RecordBytes(ResetRow r, DeviceRow d) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["type"] = ResetRecordFormat.CurrentType,
        ["reset_id"] = r.Id,
        ["device_id"] = d.Id,
        ["device_number"] = new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString(),
        ["sequence"] = r.Sequence,
        ["amount"] = Mills.FromMills(r.AmountMills).ToString(),
        ["ascending_register"] = Mills.FromMills(r.AscendingAfterMills).ToString(),
        ["descending_register"] = Mills.FromMills(r.DescendingAfterMills).ToString(),
        ["control_total"] = Mills.FromMills(r.ControlTotalAfterMills).ToString(),
        ["account_id"] = r.AccountId,
        ["account_balance"] = Mills.FromMills(r.AccountBalanceAfterMills).ToString(),
        ["created_at"] = r.CreatedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    });
}
