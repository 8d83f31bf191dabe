using Ibis.Domain.Licensing;
using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Security.Fields;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>
/// The deposit account's money operations (P050 3.2–3.5, §502.25, §502.27(c)): deposits by payment
/// method, provider advances and their repayment, and closing with a refund by check. Every one is
/// a balanced ledger transaction on one locked account row.
/// </summary>
public sealed class FundsOperations(IbisDb db, AccountTransaction accounts, PaymentGateways gateways, FieldProtector fields, Transmissions transmissions, IBalanceRefunds refunds, ILogger<FundsOperations> log)
{
    public async Task<DepositAccountRow> LoadVisible(Caller caller, string accountId, CancellationToken ct)
    {
        if (!Ids.HasShape(accountId, "acct")) throw ApiException.NotFound("account", accountId);
        var account = await db.DepositAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) throw ApiException.NotFound("account", accountId);
        var licensee = await db.Licensees.AsNoTracking().FirstAsync(l => l.Id == account.LicenseeId, ct);
        var visible = caller.Role switch
        {
            Caller.LicenseeRole => caller.LicenseeId == account.LicenseeId,
            Caller.ProviderRole => caller.ProviderId == licensee.ProviderId,
            Caller.PostalRole or Caller.AuditorRole => licensee.Sandbox == caller.IsSandbox, // the other mode's accounts do not exist for it
            _ => false,
        };
        return visible ? account : throw ApiException.NotFound("account", accountId);
    }

    /// <summary>
    /// A deposit: recorded as pending with its payment instruction, then confirmed (or failed) by the
    /// processor. The gateway depends on the account's mode (<see cref="PaymentGateways"/>); every
    /// refusal comes before anything is stored.
    /// </summary>
    public async Task<ApiReply> Deposit(Caller caller, string accountId, DepositRequest request, IdempotentRequest idem, CancellationToken ct)
    {
        var visible = await LoadVisible(caller, accountId, ct);
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole)) throw new ApiException(403, "forbidden", "only the licensee or its provider makes deposits");
        var amount = (request.Amount ?? throw ApiException.Invalid("amount_required", "amount is required", "amount")).Parse("amount");
        Rules.Check(new AmountMustBePositiveRule(amount, "amount"));
        Rules.Check(new PaymentMethodMustBeAcceptedRule(request.Method));
        var method = PaymentMethod.Find(request.Method)!;
        var (masked, secret) = Instrument(method, request);
        var sandboxAccount = await db.Licensees.AsNoTracking().Where(l => l.Id == visible.LicenseeId).Select(l => l.Sandbox).FirstAsync(ct);
        var gateway = gateways.For(sandboxAccount); // P050 3.5a, §502.25: the sandbox gateway never takes live money
        // A real ACH debit moves whole cents (Funds/Ach writes it into the debit file).
        if (method == PaymentMethod.AchDebit && !gateway.IsSandbox) Rules.Check(new Domain.Funds.Ach.AchAmountRule(amount));
        var depositId = Ids.New("dep");

        var pending = await accounts.Run(accountId, idem, (account, now) =>
        {
            Rules.Check(new AccountMustBeOpenRule(account.Id, account.Status));
            var row = new DepositRow
            {
                AccountId = account.Id, Id = depositId, Method = method.Code, AmountMills = amount.Value, Status = DepositStatus.Pending,
                InstrumentMasked = masked, InstrumentEncrypted = secret is null ? null : fields.Protect(secret, $"deposits/{depositId}/instrument"),
                CreatedAt = now,
            };
            db.Deposits.Add(row);
            return Task.FromResult(new AccountOutcome(201, DepositView.From(row), $"/v1/deposits/{depositId}"));
        }, ct);
        if (pending.Replayed) return pending;

        // The processor is outside the transaction: a crash here leaves a pending deposit, never money.
        var submission = await gateway.Submit(new PaymentInstruction(depositId, method.Code, amount.Value, masked), ct);
        if (!submission.ConfirmedNow && submission.FailureReason is null)
            return await Settle(accountId, depositId, succeeded: null, null, submission.Reference, idem, ct);
        return await Settle(accountId, depositId, submission.ConfirmedNow, submission.FailureReason, submission.Reference, idem, ct);
    }

    /// <summary>The processor's answer for a pending deposit: confirmed credits the account, failed credits nothing.</summary>
    public async Task<ApiReply> Confirm(Caller caller, string depositId, bool succeeded, string? reason, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) throw new ApiException(403, "forbidden", "only the provider (its payment processor) confirms deposits");
        var deposit = await db.Deposits.AsNoTracking().FirstOrDefaultAsync(d => d.Id == depositId, ct) ?? throw ApiException.NotFound("deposit", depositId);
        var account = await LoadVisible(caller, deposit.AccountId, ct);
        var sandboxAccount = await db.Licensees.AsNoTracking().Where(l => l.Id == account.LicenseeId).Select(l => l.Sandbox).FirstAsync(ct);
        Rules.Check(new Domain.Funds.Ach.AchDebitSettlesByAchRule(depositId, deposit.Method == PaymentMethod.AchDebit.Code && !sandboxAccount));
        return await Settle(deposit.AccountId, depositId, succeeded, reason, null, IdempotentRequest.None, ct);
    }

    private async Task<ApiReply> Settle(string accountId, string depositId, bool? succeeded, string? reason, string? reference, IdempotentRequest idem, CancellationToken ct)
    {
        DepositRow? settled = null;
        var reply = await accounts.Run(accountId, IdempotentRequest.None, async (account, now) =>
        {
            var row = await db.Deposits.SingleAsync(d => d.AccountId == accountId && d.Id == depositId, ct);
            if (reference is not null) row.PaymentReference = reference;
            var deposit = Domain.Funds.Deposit.Load(row.Id, row.Status);
            if (succeeded == true)
            {
                deposit.Confirm();
                row.Status = deposit.Status;
                row.SettledAt = now;
                Ledger.Post(db, account, "deposit", depositId, now, $"{row.Method} deposit",
                    (Books.Bank, -row.AmountMills), (Books.Deposit, row.AmountMills));
                Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.DepositCleared, now, new { DepositId = row.Id, AccountId = account.Id, Amount = MoneyView.OfMills(row.AmountMills), row.Method }, account.LicenseeId);
            }
            else if (succeeded == false)
            {
                deposit.Fail();
                row.Status = deposit.Status;
                row.SettledAt = now;
                row.FailureReason = reason ?? "declined";
            }
            else deposit.AwaitClearing();
            await SaveReplayForKey(accountId, idem, row, now, ct);
            settled = row;
            return new AccountOutcome(201, DepositView.From(row), $"/v1/deposits/{depositId}");
        }, ct);
        if (settled is not null) FundsLog.Settled(log, settled);
        return reply;
    }

    /// <summary>A retry of the original deposit request must see the settled deposit, not the first pending answer.</summary>
    private async Task SaveReplayForKey(string accountId, IdempotentRequest idem, DepositRow row, DateTimeOffset now, CancellationToken ct)
    {
        if (idem.Key is null) return;
        var stored = await db.IdempotencyKeys.FirstOrDefaultAsync(k => k.Scope == accountId && k.Key == idem.Key, ct);
        if (stored is not null) stored.Body = accounts.Serialize(DepositView.From(row));
    }

    /// <summary>§502.25(c)(1): the provider advances funds for the licensee, within the limit it set.</summary>
    public async Task<ApiReply> Advance(Caller caller, string accountId, Mills amount, IdempotentRequest idem, CancellationToken ct)
    {
        RequireProvider(caller);
        await LoadVisible(caller, accountId, ct);
        Rules.Check(new AmountMustBePositiveRule(amount, "amount"));
        return await accounts.Run(accountId, idem, (account, now) =>
        {
            Rules.Check(new AccountMustBeOpenRule(account.Id, account.Status));
            var txn = PostAdvance(account, amount, now);
            return Task.FromResult(new AccountOutcome(201, new AdvanceView("advance", account.Id, "advance", MoneyView.Of(amount),
                MoneyView.OfMills(account.AdvanceOutstandingMills), MoneyView.OfMills(account.BalanceMills), txn)));
        }, ct);
    }

    /// <summary>Posts an advance (also used by a reset that the deposit alone cannot cover).</summary>
    public string PostAdvance(DepositAccountRow account, Mills amount, DateTimeOffset now)
    {
        Rules.Check(new AdvanceWithinLimitRule(Mills.FromMills(account.AdvanceOutstandingMills), amount, Mills.FromMills(account.AdvanceLimitMills)));
        account.AdvanceOutstandingMills = checked(account.AdvanceOutstandingMills + amount.Value);
        return Ledger.Post(db, account, "advance", account.Id, now, "provider advance",
            (Books.Advance, -amount.Value), (Books.Deposit, amount.Value));
    }

    /// <summary>The licensee repays an advance from its deposit balance.</summary>
    public async Task<ApiReply> Repay(Caller caller, string accountId, Mills amount, IdempotentRequest idem, CancellationToken ct)
    {
        MovesMoney.Authorize(caller); // read-only roles (postal, auditor…) see accounts but never post a ledger line
        await LoadVisible(caller, accountId, ct);
        Rules.Check(new AmountMustBePositiveRule(amount, "amount"));
        return await accounts.Run(accountId, idem, (account, now) =>
        {
            Rules.Check(new RepaymentWithinOutstandingRule(Mills.FromMills(account.AdvanceOutstandingMills), amount));
            if (account.BalanceMills < amount.Value)
                throw ApiException.FromRule(new Domain.Psd.FundsMustCoverResetRule(Mills.FromMills(account.BalanceMills), amount));
            account.AdvanceOutstandingMills -= amount.Value;
            var txn = Ledger.Post(db, account, "repayment", account.Id, now, "advance repayment",
                (Books.Deposit, -amount.Value), (Books.Advance, amount.Value));
            return Task.FromResult(new AccountOutcome(201, new AdvanceView("advance", account.Id, "repayment", MoneyView.Of(amount),
                MoneyView.OfMills(account.AdvanceOutstandingMills), MoneyView.OfMills(account.BalanceMills), txn)));
        }, ct);
    }

    public async Task<ApiReply> SetAdvanceLimit(Caller caller, string accountId, Mills limit, CancellationToken ct)
    {
        RequireProvider(caller);
        await LoadVisible(caller, accountId, ct);
        if (limit.IsNegative) throw ApiException.Invalid("amount_invalid", "the limit cannot be negative", "amount");
        return await accounts.Run(accountId, IdempotentRequest.None, (account, _) =>
        {
            account.AdvanceLimitMills = limit.Value;
            return Task.FromResult(new AccountOutcome(200, AccountView.From(account)));
        }, ct);
    }

    /// <summary>
    /// Closing (P050 3.3, §502.27(c)): the licensee's written request is recorded with its date; an
    /// outstanding advance is repaid from the balance; the rest is refunded by check to the payee;
    /// the provider notifies the accounting centre (a transmission); the account then accepts nothing.
    /// </summary>
    public async Task<ApiReply> Close(Caller caller, string accountId, ClosingRequest request, IdempotentRequest idem, CancellationToken ct)
    {
        var visible = await LoadVisible(caller, accountId, ct);
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole)) throw new ApiException(403, "forbidden", "the licensee asks, or its provider acts on its written request");
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
            if (account.AdvanceOutstandingMills > 0)
            {
                var repay = Math.Min(account.AdvanceOutstandingMills, account.BalanceMills);
                if (repay < account.AdvanceOutstandingMills)
                    throw new ApiException(409, "advance_outstanding", $"the provider advance of {Mills.FromMills(account.AdvanceOutstandingMills).ToDollarString()} exceeds the balance; it must be repaid before the account closes");
                account.AdvanceOutstandingMills = 0;
                Ledger.Post(db, account, "repayment", account.Id, now, "advance repaid at closing", (Books.Deposit, -repay), (Books.Advance, repay));
            }
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
            return new AccountOutcome(201, new ClosingView("account_closing", AccountView.From(account), RefundView.From(refund), transmission.Id));
        }, ct);
    }

    /// <summary>
    /// Opens the licensee's deposit account when the lease is signed, with the Acknowledgement of
    /// Deposit Requirement (§502.25(c)) recorded; a licensee has one open account at a time.
    /// </summary>
    public async Task<AccountView> Open(Caller caller, OpenAccountRequest request, DateTimeOffset now, CancellationToken ct)
    {
        RequireProvider(caller);
        var licensee = request.LicenseeId is null ? null : await db.Licensees.FirstOrDefaultAsync(l => l.Id == request.LicenseeId && l.ProviderId == caller.ProviderId, ct);
        if (licensee is null) throw ApiException.NotFound("licensee", request.LicenseeId ?? "");
        Rules.Check(new DepositRequirementMustBeAcknowledgedRule(request.DepositRequirementAcknowledged));
        Rules.Check(new DepositAccountRequiresValidLicenseRule(await db.Licenses.AnyAsync(l => l.LicenseeId == licensee.Id && l.Status == LicenseStatus.Valid, ct)));
        if (await db.DepositAccounts.AnyAsync(a => a.LicenseeId == licensee.Id && a.Status != AccountStatus.Closed, ct))
            throw new ApiException(409, "account_exists", "the licensee already has an open deposit account");
        var account = new DepositAccountRow
        {
            Id = Ids.New("acct"), LicenseeId = licensee.Id, DepositRequirementAcknowledgedAt = now,
            MonthlyStatement = request.MonthlyStatement ?? false, CreatedAt = now,
        };
        db.DepositAccounts.Add(account);
        // The lease's financial agreement for resetting (P050 2.5i) moves to the new account when the
        // account it named was closed: resets keep drawing on the licensee's open account.
        var closed = await db.DepositAccounts.Where(a => a.LicenseeId == licensee.Id && a.Status == AccountStatus.Closed).Select(a => a.Id).ToListAsync(ct);
        await db.Leases.Where(l => l.LicenseeId == licensee.Id && l.Status == LeaseStatus.Active && closed.Contains(l.ResettingAccountId))
            .ForEachAsync(l => l.ResettingAccountId = account.Id, ct);
        await db.SaveChangesAsync(ct);
        return AccountView.From(account);
    }

    /// <summary>P050 3.5c: a receipt after each reset, or a monthly statement if the licensee prefers.</summary>
    public async Task<ApiReply> Configure(Caller caller, string accountId, AccountSettingsRequest request, CancellationToken ct)
    {
        await LoadVisible(caller, accountId, ct);
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole)) throw new ApiException(403, "forbidden", "the licensee or its provider sets how resets are documented");
        var monthly = request.MonthlyStatement ?? throw ApiException.Invalid("monthly_statement_required", "monthly_statement (true or false) is required", "monthly_statement");
        return await accounts.Run(accountId, IdempotentRequest.None, (account, _) =>
        {
            account.MonthlyStatement = monthly;
            return Task.FromResult(new AccountOutcome(200, AccountView.From(account)));
        }, ct);
    }

    /// <summary>Who may move money on a deposit account: the licensee and its provider only.</summary>
    private static readonly UseCases.Access MovesMoney = UseCases.Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    private static void RequireProvider(Caller caller)
    {
        if (caller.Role != Caller.ProviderRole) throw new ApiException(403, "forbidden", "only the provider may do this");
    }

    /// <summary>Validates the payment instrument; returns the masked form and the secret to encrypt. Card security codes are refused, never stored.</summary>
    private static (string? Masked, string? Secret) Instrument(PaymentMethod method, DepositRequest r)
    {
        if (r.CardSecurityCode is not null)
            throw ApiException.Invalid("card_security_code_not_accepted", "Ibis never takes a card security code; the payment processor collects it", "card_security_code");
        if (method.IsBankTransfer && method != PaymentMethod.AchCredit)
        {
            if (!AbaRoutingNumber.IsValid(r.RoutingNumber))
                throw ApiException.Invalid("routing_number_invalid", "routing_number is 9 digits with a valid ABA checksum", "routing_number");
            if (r.AccountNumber is null || r.AccountNumber.Length is < 4 or > 17 || !r.AccountNumber.All(char.IsAsciiDigit))
                throw ApiException.Invalid("account_number_invalid", "account_number is 4 to 17 digits", "account_number");
            if (method != PaymentMethod.AchDebit) return ("••••" + r.AccountNumber[^4..], $"{r.RoutingNumber}:{r.AccountNumber}");
            // The ACH batch's Standard Entry Class: PPD debits a consumer's account, CCD a company's.
            var sec = r.AccountHolder switch
            {
                null or "company" => Domain.Funds.Ach.Nacha.Ccd,
                "individual" => Domain.Funds.Ach.Nacha.Ppd,
                _ => throw ApiException.Invalid("account_holder_invalid", "account_holder is 'company' (CCD) or 'individual' (PPD)", "account_holder"),
            };
            return ("••••" + r.AccountNumber[^4..], $"{r.RoutingNumber}:{r.AccountNumber}:{sec}");
        }
        if (method.IsCard)
        {
            var pan = (r.CardNumber ?? "").Replace(" ", "", StringComparison.Ordinal);
            if (pan.Length is < 12 or > 19 || !pan.All(char.IsAsciiDigit) || !Luhn(pan))
                throw ApiException.Invalid("card_number_invalid", "card_number is 12 to 19 digits with a valid check digit", "card_number");
            return ("••••" + pan[^4..], pan);
        }
        if (method == PaymentMethod.Check)
            return (r.CheckNumber is { Length: > 0 } n ? "check " + n : null, null);
        return (null, null);
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }
}

/// <summary>ABA routing numbers: 9 digits, 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).</summary>
public static class AbaRoutingNumber
{
    public static bool IsValid(string? s)
    {
        if (s is not { Length: 9 } || !s.All(char.IsAsciiDigit)) return false;
        int D(int i) => s[i] - '0';
        return (3 * (D(0) + D(3) + D(6)) + 7 * (D(1) + D(4) + D(7)) + D(2) + D(5) + D(8)) % 10 == 0;
    }
}
