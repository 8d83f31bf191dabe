using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <param name="RequestedOn">The date of the licensee's written request (YYYY-MM-DD).</param>
/// <param name="Payee">Who the refund check is made out to; the licensee when omitted.</param>
public sealed record ClosingRequest(string? RequestedOn, string? Payee);

/// <summary>
/// Closing (P050 3.3, §502.27(c)): the licensee's written request is recorded with its date; an
/// outstanding advance is repaid from the balance; the rest is refunded by check to the payee;
/// the provider notifies the accounting centre (a transmission); the account then accepts nothing.
/// </summary>
public sealed class CloseDepositAccount(IbisDb db, CommandPipeline pipeline, AccountTransaction accounts, Transmissions transmissions, IBalanceRefunds refunds)
{
    /// <summary>The licensee asks, or its provider acts on its written request.</summary>
    public static readonly Access Access = AccountRecords.MoneyMovers;

    public Task<Reply<ClosingView>> Handle(Caller caller, string accountId, ClosingRequest request, IdempotentRequest idem, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        var visible = await AccountRecords.Visible(db, caller, accountId, ct);
        Access.Authorize(caller); // after the lookup: an account the caller may not see is not found, whatever its role
        if (!DateOnly.TryParseExact(request.RequestedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var requestedOn))
            throw ApiException.Invalid("requested_on_invalid", "requested_on is the date of the licensee's written request (YYYY-MM-DD)", "requested_on");
        var licensee = await db.Licensees.AsNoTracking().FirstAsync(l => l.Id == visible.LicenseeId, ct);
        var payee = string.IsNullOrWhiteSpace(request.Payee) ? licensee.Name : request.Payee.Trim();
        if (payee.Length > 200) throw ApiException.Invalid("payee_invalid", "payee is at most 200 characters", "payee");
        Rules.Check(new ClosingRefundGoesToTheLicenseeRule(caller.Role == Caller.ProviderRole, payee, licensee.Name));
        return await accounts.Run(accountId, idem, async (account, now) =>
        {
            Rules.Check(new AccountMustBeOpenRule(account.Id, account.Status));
            if (requestedOn > DateOnly.FromDateTime(now.UtcDateTime))
                throw ApiException.Invalid("requested_on_invalid", "the written request cannot be dated in the future", "requested_on");
            var pending = await db.Deposits.CountAsync(d => d.AccountId == account.Id && d.Status == DepositStatus.Pending, ct);
            Rules.Check(new NoPendingDepositsOnClosingRule(pending));
            // Devices that reset from this account and are not checked out yet (lost ones included: their postage is still out).
            var holding = await db.Devices.AsNoTracking()
                .Where(d => d.Status != Domain.Psd.DeviceStatus.Withdrawn && d.DescendingMills > 0 && db.Leases.Any(l => l.Id == d.LeaseId && l.ResettingAccountId == account.Id))
                .Select(d => d.DescendingMills).ToListAsync(ct);
            Rules.Check(new AccountClosingRequiresEmptyDevicesRule(holding.Count, Mills.FromMills(holding.Sum())));
            Rules.Check(new AccountClosingRequiresSettledRefundsRule(await refunds.Unsettled(db, account.LicenseeId, licensee.Sandbox, ct)));
            var aggregate = AccountAggregate.Load(account);
            var repay = aggregate.RepayAtClosing();
            AccountAggregate.Store(account, aggregate);
            if (repay.IsPositive)
                Ledger.Post(db, account, "repayment", account.Id, now, "advance repaid at closing", (Books.Deposit, -repay.Value), (Books.Advance, repay.Value));
            var refund = new RefundRow
            {
                Id = Ids.New("rfd"), AccountId = account.Id, Kind = "account_closing", Payee = payee, AmountMills = account.BalanceMills,
                Method = "check", RequestedOn = requestedOn, CreatedAt = now,
            };
            // The check's details (payee, method, date of the written request); the refund itself, under the
            // same id, goes through the one refund process (§502.27(c)) below.
            db.Refunds.Add(refund);
            // A closed account holds nothing: the balance leaves it for the refund-by-check book now; the
            // Postal Service's approval then records the check as issued (no second ledger line).
            var ledgerTransaction = refund.AmountMills > 0
                ? Ledger.Post(db, account, "refund", refund.Id, now, $"refund by check to {payee}", (Books.Deposit, -refund.AmountMills), (Books.RefundCheck, refund.AmountMills))
                : null;
            account.Status = AccountStatus.Closed;
            account.ClosingRequestedAt = new DateTimeOffset(requestedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            account.ClosedAt = now;
            var transmission = transmissions.Add(db, "account_closing", account.Id, licensee.ProviderId, now, new Dictionary<string, object?>
            {
                ["type"] = "ibis.account_closing.v1",
                ["account_id"] = account.Id,
                ["licensee_id"] = account.LicenseeId,
                ["written_request_date"] = refund.RequestedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["refund_id"] = refund.Id,
                ["refund_amount"] = Mills.FromMills(refund.AmountMills).ToString(),
                ["payee"] = payee,
                ["method"] = "check",
                ["closed_at"] = now.ToString("O", CultureInfo.InvariantCulture),
            });
            if (ledgerTransaction is not null)
                await refunds.AccountBalance(db, new AccountBalanceClaim(refund.Id, account.Id, account.LicenseeId, licensee.ProviderId, licensee.Sandbox, refund.AmountMills,
                    payee, requestedOn, caller.UserOrKeyId, transmission.Id, ledgerTransaction, now), ct);
            // The licensee learns of the closing whoever carried it out (GET /v1/notices).
            db.Notices.Add(new NoticeRow
            {
                Id = Ids.New("ntc"), Recipient = "licensee", LicenseeId = account.LicenseeId, ProviderId = licensee.ProviderId, Kind = "account_closed", SubjectId = account.Id,
                Text = $"Deposit account {account.Id} is closed on the written request dated {refund.RequestedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; the balance of {Mills.FromMills(refund.AmountMills).ToDollarString()} is refunded by check to {payee} (P050 3.3).",
                CreatedAt = now,
            });
            return Outcome.Created(new ClosingView("account_closing", AccountView.From(account), RefundView.From(refund), transmission.Id));
        }, ct);
    }, ct);
}
