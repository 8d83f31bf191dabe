using System.Globalization;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Ibis.Server.Indicia;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>Deposit accounts, deposits, advances, closing, the ledger and the daily transmissions over HTTP.</summary>
public static class FundsApi
{
    public static void MapFunds(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Funds"); // one tag per module in the API reference
        v1.MapGet("/payment-methods", (HttpContext http) => Results.Ok(Lists.Page(PaymentMethod.InOrderOfPreference.Select(m => new PaymentMethodView(m.Code, m.Name, m.Preference)).ToList(),
                PageQuery.Read(http.Request), m => m.Code)))
            .WithName("ListPaymentMethods").WithSummary("Accepted payment methods in the Postal Service's order of preference (P050 3.5a); the cursor is a method's code.").Paged<PaymentMethodView>(created: false);
        v1.MapGet("/accounts", List).WithName("ListAccounts").WithSummary("The deposit accounts the caller may see, newest first.").Paged<AccountView>();
        v1.MapPost("/accounts", Open).WithName("OpenAccount").Idempotent()
            .WithSummary("Provider: open a licensee's deposit account with the lease, the Acknowledgement of Deposit Requirement signed (§502.25(c)).")
            .Accepts<OpenAccountRequest>("application/json").Produces<AccountView>(201).ProducesProblem(400).ProducesProblem(409);
        v1.MapPatch("/accounts/{accountId}", Configure).WithName("ConfigureAccount")
            .WithSummary("Receipts after each reset, or a monthly statement (P050 3.5c).").Accepts<AccountSettingsRequest>("application/json").Produces<AccountView>();
        v1.MapGet("/accounts/{accountId}", Get).WithName("GetAccount").Produces<AccountView>().ProducesProblem(404);
        v1.MapPost("/accounts/{accountId}/deposits", Deposit).WithName("MakeDeposit")
            .WithSummary("Fund the deposit account; pending until the payment clears (the sandbox gateway clears sandbox accounts at once; the manual gateway waits for a confirmation or the ACH round trip). Takes Idempotency-Key.")
            .Accepts<DepositRequest>("application/json").Produces<DepositView>(201).ProducesProblem(400).ProducesProblem(422);
        v1.MapGet("/accounts/{accountId}/deposits", Deposits).WithName("ListDeposits").WithSummary("The account's deposits, newest first.").Paged<DepositView>();
        v1.MapPost("/deposits/{depositId}/confirmation", Confirm).WithName("ConfirmDeposit").Idempotent()
            .WithSummary("Provider (its payment processor, or a user who saw the money arrive): a pending check, wire, ACH credit or card deposit cleared or failed. Live ACH debits settle through /v1/ach.").Accepts<DepositConfirmationRequest>("application/json");
        v1.MapPost("/accounts/{accountId}/advances", Advance).WithName("AdvanceFunds")
            .WithSummary("Provider: advance funds to the licensee within its limit (§502.25(c)(1)).").Accepts<AmountRequest>("application/json").Produces<AdvanceView>(201);
        v1.MapPost("/accounts/{accountId}/advance-repayments", Repay).WithName("RepayAdvance").Accepts<AmountRequest>("application/json").Produces<AdvanceView>(201);
        v1.MapPut("/accounts/{accountId}/advance-limit", Limit).WithName("SetAdvanceLimit").Accepts<AmountRequest>("application/json").Produces<AccountView>();
        v1.MapPost("/accounts/{accountId}/closing", Close).WithName("CloseAccount")
            .WithSummary("Close on the licensee's written request: repay advances, refund the balance by check, notify the accounting centre (P050 3.3).")
            .Accepts<ClosingRequest>("application/json").Produces<ClosingView>(201).ProducesProblem(409);
        v1.MapGet("/accounts/{accountId}/ledger", Ledger).WithName("GetLedger")
            .WithSummary("The account's ledger lines, oldest first (the cursor is a line's id); each line's balance_after is the balance of its own book after it. GET …/ledger.csv for CSV.")
            .Paged<LedgerLineView>();
        v1.MapGet("/accounts/{accountId}/ledger.csv", LedgerCsv).WithName("GetLedgerCsv")
            .WithSummary("The whole ledger as CSV, oldest first; balance_after is the balance of the line's own book.").ProducesFile("The ledger (CSV).", "text/csv").ProducesProblem(404);
        v1.MapGet("/accounts/{accountId}/statements/{month}", Statement).WithName("GetStatement")
            .WithSummary("Monthly statement (P050 3.5c): every transaction and the balance after it; month as YYYY-MM.csv or YYYY-MM.pdf.")
            .ProducesFile("The statement: CSV (YYYY-MM or YYYY-MM.csv) or PDF (YYYY-MM.pdf).", "text/csv", "application/pdf").ProducesProblem(400).ProducesProblem(404);
        v1.MapPost("/transmissions/daily-financial-transactions", TransmitDaily).WithName("TransmitDailyFinancialTransactions").Idempotent()
            .WithSummary("Provider: transmit one record per reset of the given date to the Postal Service (§502.20(m)).");
        v1.MapGet("/transmissions", Transmissions).WithQuery("kind", "Only transmissions of this kind (daily_financial_transactions, form_3533, lost_stolen_file …).").WithName("ListTransmissions").WithSummary("Transmissions to the Postal Service (kind filters), newest first.").Paged<TransmissionView>();
        v1.MapGet("/transmissions/{transmissionId}", Transmission).WithName("GetTransmission");
        v1.MapPost("/transmissions/{transmissionId}/reconciliation", Reconcile).WithName("ReconcileTransmission")
            .WithSummary("Postal Service: reconcile a daily transmission against the deposit ledger; every difference is listed.");
        Ach.AchApi.MapAch(v1); // the ACH round trip of live deposits (Funds/Ach)
    }

    private static async Task<IResult> List(HttpContext http, IbisDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var query = caller.Role switch
        {
            Caller.LicenseeRole => db.DepositAccounts.Where(a => a.LicenseeId == caller.LicenseeId),
            Caller.ProviderRole => db.DepositAccounts.Where(a => db.Licensees.Any(l => l.Id == a.LicenseeId && l.ProviderId == caller.ProviderId)),
            // Issue 11 item 12: a sandbox credential sees sandbox accounts only, a live one live accounts only.
            Caller.PostalRole or Caller.AuditorRole => db.DepositAccounts.Where(a => db.Licensees.Any(l => l.Id == a.LicenseeId && l.Sandbox == caller.IsSandbox)),
            _ => db.DepositAccounts.Where(_ => false),
        };
        return Results.Ok(await Lists.Page(query.AsNoTracking(), PageQuery.Read(http.Request), Lists.NewestFirst<DepositAccountRow>(a => a.CreatedAt, a => a.Id), AccountView.From, ct));
    }

    private static async Task<IResult> Open(HttpContext http, OpenDepositAccount open, CancellationToken ct)
    {
        var body = await JsonBody.Read<OpenAccountRequest>(http.Request, ct);
        var view = await open.Handle(Caller.From(http.User), body, ct);
        return Results.Created($"/v1/accounts/{view.Id}", view);
    }

    private static async Task<IResult> Configure(string accountId, HttpContext http, ConfigureDepositAccount configure, CancellationToken ct)
    {
        var body = await JsonBody.Read<AccountSettingsRequest>(http.Request, ct);
        return (await configure.Handle(Caller.From(http.User), accountId, body, ct)).ToResult(http);
    }

    private static async Task<IResult> Get(string accountId, HttpContext http, IbisDb db, CancellationToken ct) =>
        Results.Ok(AccountView.From(await AccountRecords.Visible(db, Caller.From(http.User), accountId, ct)));

    private static async Task<IResult> Deposit(string accountId, HttpContext http, MakeDeposit deposit, CancellationToken ct)
    {
        var (body, idem) = await IdempotentBody.Read<DepositRequest>(http, ct);
        return (await deposit.Handle(Caller.From(http.User), accountId, body, idem, ct)).ToResult(http);
    }

    private static async Task<IResult> Deposits(string accountId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        await AccountRecords.Visible(db, Caller.From(http.User), accountId, ct);
        return Results.Ok(await Lists.Page(db.Deposits.AsNoTracking().Where(d => d.AccountId == accountId), PageQuery.Read(http.Request),
            Lists.NewestFirst<DepositRow>(d => d.CreatedAt, d => d.Id), DepositView.From, ct));
    }

    private static async Task<IResult> Confirm(string depositId, HttpContext http, ConfirmDeposit confirm, CancellationToken ct)
    {
        var body = await JsonBody.Read<DepositConfirmationRequest>(http.Request, ct);
        var succeeded = body.Succeeded ?? throw ApiException.Invalid("succeeded_required", "succeeded (true or false) is required", "succeeded");
        return (await confirm.Handle(Caller.From(http.User), depositId, succeeded, body.FailureReason, ct)).ToResult(http);
    }

    private static async Task<IResult> Advance(string accountId, HttpContext http, AdvanceFunds advance, CancellationToken ct)
    {
        var (body, idem) = await IdempotentBody.Read<AmountRequest>(http, ct);
        return (await advance.Handle(Caller.From(http.User), accountId, Amount(body), idem, ct)).ToResult(http);
    }

    private static async Task<IResult> Repay(string accountId, HttpContext http, RepayAdvance repay, CancellationToken ct)
    {
        var (body, idem) = await IdempotentBody.Read<AmountRequest>(http, ct);
        return (await repay.Handle(Caller.From(http.User), accountId, Amount(body), idem, ct)).ToResult(http);
    }

    private static async Task<IResult> Limit(string accountId, HttpContext http, SetAdvanceLimit limit, CancellationToken ct)
    {
        var body = await JsonBody.Read<AmountRequest>(http.Request, ct);
        return (await limit.Handle(Caller.From(http.User), accountId, Amount(body), ct)).ToResult(http);
    }

    private static async Task<IResult> Close(string accountId, HttpContext http, CloseDepositAccount close, CancellationToken ct)
    {
        var (body, idem) = await IdempotentBody.Read<ClosingRequest>(http, ct);
        return (await close.Handle(Caller.From(http.User), accountId, body, idem, ct)).ToResult(http);
    }

    private static async Task<IResult> Ledger(string accountId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        await AccountRecords.Visible(db, Caller.From(http.User), accountId, ct);
        var (rows, hasMore) = await Lists.Rows(db.Ledger.AsNoTracking().Where(e => e.AccountId == accountId), PageQuery.Read(http.Request),
            new ListOrder<LedgerEntryRow, long>(e => e.Sequence, e => e.Id, Descending: false, Created: e => e.CreatedAt), ct);
        return Results.Ok(ListView<LedgerLineView>.Of(await BookBalances.Views(db, accountId, rows, ct), hasMore));
    }

    private static async Task<IResult> LedgerCsv(string accountId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        await AccountRecords.Visible(db, Caller.From(http.User), accountId, ct);
        // Streamed: the whole ledger is never held in memory (issue 16 item 4).
        var rows = db.Ledger.AsNoTracking().Where(e => e.AccountId == accountId).OrderBy(e => e.Sequence).AsAsyncEnumerable();
        return Results.Stream(body => LedgerCsvStream.Write(body, rows, runningBookBalances: true, ct), "text/csv", $"{accountId}-ledger.csv");
    }

    /// <summary>
    /// P050 3.5c: the month's transactions on the deposit book with the balance after each, as CSV
    /// (YYYY-MM.csv, or no extension) or as a PDF (YYYY-MM.pdf) that opens at the balance after the
    /// last transaction before the month. Both come from the same lines, so they agree line by line.
    /// </summary>
    private static async Task<IResult> Statement(string accountId, string month, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var account = await AccountRecords.Visible(db, Caller.From(http.User), accountId, ct);
        var pdf = month.EndsWith(".pdf", StringComparison.Ordinal);
        var name = month.EndsWith(".csv", StringComparison.Ordinal) || pdf ? month[..^4] : month;
        if (!DateOnly.TryParseExact(name + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            throw ApiException.Invalid("month_invalid", "month is YYYY-MM with .csv or .pdf (e.g. 2026-11.csv, 2026-11.pdf)", "month");
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddMonths(1);
        var monthLines = db.Ledger.AsNoTracking().Where(e => e.AccountId == accountId && e.CreatedAt >= from && e.CreatedAt < to && e.Book == Books.Deposit)
            .OrderBy(e => e.Sequence);
        if (!pdf)
            return Results.Stream(body => LedgerCsvStream.Write(body, monthLines.AsAsyncEnumerable(), runningBookBalances: false, ct), "text/csv", $"{accountId}-{name}.csv");
        var lines = await monthLines.ToListAsync(ct);

        // Lines are numbered in booking order, so the last deposit line before the month holds the opening balance.
        var opening = await db.Ledger.AsNoTracking().Where(e => e.AccountId == accountId && e.Book == Books.Deposit && e.CreatedAt < from)
            .OrderByDescending(e => e.Sequence).Select(e => (long?)e.BalanceAfterMills).FirstOrDefaultAsync(ct) ?? 0;
        var licensee = await db.Licensees.AsNoTracking().Where(l => l.Id == account.LicenseeId).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? account.LicenseeId;
        var statement = new Rendering.Statements.MonthlyStatement(licensee, accountId, first, Mills.FromMills(opening),
            lines.Select(e => new Rendering.Statements.StatementLine(e.Sequence, e.CreatedAt, e.Cause, e.Memo ?? e.Cause, e.CauseId,
                Mills.FromMills(e.AmountMills), Mills.FromMills(e.BalanceAfterMills))).ToList(),
            clock.GetUtcNow());
        return Results.File(Rendering.Statements.StatementRenderer.RenderPdf(statement), "application/pdf", $"{accountId}-{name}.pdf");
    }

    private static async Task<IResult> TransmitDaily(HttpContext http, TransmitFinancialTransactionsOfDay transmit, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        TransmitFinancialTransactionsOfDay.Access.Authorize(caller); // before the body is read: its date means nothing to anyone else
        var body = await JsonBody.Read<DailyRequest>(http.Request, ct);
        if (!DateOnly.TryParseExact(body.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw ApiException.Invalid("date_invalid", "date is YYYY-MM-DD", "date");
        return Results.Json(await transmit.Handle(caller, day, ct), statusCode: 201);
    }

    private static async Task<IResult> Transmissions(string? kind, HttpContext http, IbisDb db, CancellationToken ct) =>
        Results.Ok(await Lists.Page(TransmissionReads.Visible(db, Caller.From(http.User)).Where(t => kind == null || t.Kind == kind), PageQuery.Read(http.Request),
            Lists.NewestFirst<TransmissionRow>(t => t.CreatedAt, t => t.Id), TransmissionView.From, ct));

    private static async Task<IResult> Transmission(string transmissionId, HttpContext http, IbisDb db, CancellationToken ct) =>
        Results.Ok(TransmissionView.From(await TransmissionReads.Visible(db, Caller.From(http.User), transmissionId, ct)));

    private static async Task<IResult> Reconcile(string transmissionId, HttpContext http, ReconcileTransmission reconcile, CancellationToken ct) =>
        Results.Ok(await reconcile.Handle(Caller.From(http.User), transmissionId, ct));

    private static Mills Amount(AmountRequest body) =>
        (body.Amount ?? throw ApiException.Invalid("amount_required", "amount is required", "amount")).Parse("amount");

    /// <summary>One line per ledger entry; amounts as exact decimals; the balance after each transaction.</summary>
    internal static string Csv(IEnumerable<LedgerEntryRow> rows) => Csv(rows.ToList(), null);

    /// <summary>As <see cref="Csv(IEnumerable{LedgerEntryRow})"/>; <paramref name="bookBalances"/> (one per row) replaces the stored deposit balance.</summary>
    internal static string Csv(IReadOnlyList<LedgerEntryRow> rows, IReadOnlyList<long>? bookBalances)
    {
        var sb = new StringBuilder("sequence,date,transaction_id,book,cause,cause_id,amount,balance_after,memo\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var e = rows[i];
            sb.Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(e.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
              .Append(e.TransactionId).Append(',').Append(e.Book).Append(',').Append(e.Cause).Append(',').Append(e.CauseId).Append(',')
              .Append(Mills.FromMills(e.AmountMills)).Append(',').Append(Mills.FromMills(bookBalances?[i] ?? e.BalanceAfterMills)).Append(',')
              .Append('"').Append((e.Memo ?? "").Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').Append('\n');
        }
        return sb.ToString();
    }
}

public sealed record DailyRequest(string? Date);
