using System.Net;
using System.Text.Json.Nodes;
using Ibis.Domain.Funds;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using Xunit;

namespace Ibis.Server.Tests.Refunds;

/// <summary>
/// Issue 13, "one refund process": a device's remaining balance at check-out (§502.27(b)) and an
/// account closing (§502.27(c)) move through the same states as unused postage, each appearing once in
/// the ledger; the provider's receipt of the pieces (§502.27(a)(2)–(3)) and the Postal Service's audit
/// of the retained pieces (§502.27(a)(7)).
/// </summary>
public abstract class RefundProcessTests : IDisposable
{
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);
    private readonly Lazy<IbisApp> _app;

    protected RefundProcessTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Today => _clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> Print(HttpClient licensee, string deviceId, string postage) =>
        (string)(await licensee.PostJson($"/v1/devices/{deviceId}/indicia", PrintingTests.Letter(postage: postage, date: Today, zip: null)).Ok(HttpStatusCode.Created))["id"]!;

    private Task<long> Balance(string accountId) => App.WithDb(db => db.DepositAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceMills).SingleAsync());

    private Task<List<(string Book, long Amount, string Transaction)>> LedgerOf(string causeId) => App.WithDb(async db =>
        (await db.Ledger.AsNoTracking().Where(l => l.CauseId == causeId).ToListAsync()).Select(l => (l.Book, l.AmountMills, l.TransactionId)).ToList());

    private static string[] History(JsonNode refund) => refund["history"]!.AsArray().Select(h => (string)h!["kind"]!).ToArray();

    [SkippableFact]
    public async Task ADeviceBalance_AndAClosing_AreRefundsOfTheOneProcess_EachInTheLedgerOnce()
    {
        var who = await App.NewLicensee("Balance Mailer LLC");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        var coordinator = App.RefundCoordinator();
        var account = await App.AccountOf(who.LicenseeId);
        var before = await Balance(account);

        // §502.27(b)(1)–(3): the provider verifies the balance, signs section G, sends Form 3601-C to the district.
        var report = await provider.PostJson($"/v1/devices/{who.DeviceId}/check-out", new { reason = "lease ended", notice_descending_register = "100.000" }).Ok(HttpStatusCode.Created);
        var deviceRefund = (string)report["refund_id"]!;
        Assert.Null((string?)report["ledger_transaction_id"]);
        var certified = await licensee.GetAsync($"/v1/refunds/{deviceRefund}").Ok();
        Assert.Equal(("device_balance", "certified", "100.000"), ((string)certified["kind"]!, (string)certified["status"]!, (string)certified["qualifying"]!["amount"]!));
        Assert.Equal(["requested", "under_review", "certified", "sent"], History(certified));
        Assert.Equal($"/v1/activity-reports/{(string)report["id"]!}.pdf", (string)certified["links"]!["form_pdf"]!);
        Assert.True(await App.WithDb(db => db.Transmissions.AnyAsync(t => t.Kind == "form_3601c" && t.Subject == deviceRefund)));
        Assert.Equal(before, await Balance(account));
        Assert.Empty(await LedgerOf(deviceRefund));

        // The account cannot close while a refund bound for it is undecided.
        await licensee.PostJson($"/v1/accounts/{account}/closing", new { requested_on = Today }).Problem(409, "refunds_pending");
        await provider.PostJson($"/v1/refunds/{deviceRefund}/certification", new { signed_by = "Pat" }).Problem(409, "refund_status_conflict");
        await licensee.PostAsync($"/v1/refunds/{deviceRefund}/approval", null).Problem(403, "forbidden");
        await provider.PostAsync($"/v1/refunds/{deviceRefund}/approval", null).Problem(403, "forbidden");

        // §502.27(b)(4): the coordinator's approval credits it: one transaction, from the device's book.
        var paid = await coordinator.PostAsync($"/v1/refunds/{deviceRefund}/approval", null).Ok();
        Assert.Equal("paid", (string)paid["status"]!);
        Assert.Equal(before + 100_000, await Balance(account));
        await coordinator.PostAsync($"/v1/refunds/{deviceRefund}/approval", null).Problem(409, "refund_status_conflict");
        var deviceLines = await LedgerOf(deviceRefund);
        Assert.Equal([("deposit", 100_000L), ("psd:" + who.DeviceId, -100_000L)], deviceLines.Select(l => (l.Book, l.Amount)).Order().ToArray());
        Assert.Single(deviceLines.Select(l => l.Transaction).Distinct());
        Assert.Equal(before + 100_000, await Balance(account));

        // §502.27(c): the closing's check is a refund of kind account_balance; the balance leaves the closed account once.
        var closing = await licensee.PostJson($"/v1/accounts/{account}/closing", new { requested_on = Today }).Ok(HttpStatusCode.Created);
        var closingRefund = (string)closing["refund"]!["id"]!;
        Assert.Equal(0, await Balance(account));
        var owed = await provider.GetAsync($"/v1/refunds/{closingRefund}").Ok();
        Assert.Equal(("account_balance", "certified"), ((string)owed["kind"]!, (string)owed["status"]!));
        Assert.Equal(Domain.Money.Mills.FromMills(before + 100_000).ToString(), (string)owed["qualifying"]!["amount"]!);
        Assert.Equal((string)closing["transmission_id"]!, (string)owed["certification"]!["transmission_id"]!);
        var closingLines = await LedgerOf(closingRefund);
        Assert.Equal([("deposit", -(before + 100_000)), ("refund_check", before + 100_000)], closingLines.Select(l => (l.Book, l.Amount)).Order().ToArray());
        await coordinator.PostJson($"/v1/refunds/{closingRefund}/rejection", new { reason = "" }).Problem(400, "reason_required", "reason");
        var issued = await coordinator.PostAsync($"/v1/refunds/{closingRefund}/approval", null).Ok();
        Assert.Equal("paid", (string)issued["status"]!);
        Assert.Equal(closingLines, await LedgerOf(closingRefund)); // the check adds no second ledger line
        Assert.Equal(0, await Balance(account));

        // Every refund of every kind is listed, with its kind.
        var listed = (await licensee.GetAsync("/v1/refunds").Ok())["data"]!.AsArray().ToDictionary(r => (string)r!["id"]!, r => (string)r!["kind"]!);
        Assert.Equal("device_balance", listed[deviceRefund]);
        Assert.Equal("account_balance", listed[closingRefund]);
        var ledger = await App.WithDb(db => db.Ledger.AsNoTracking().Where(l => l.AccountId == account).ToListAsync());
        Assert.All(ledger.GroupBy(l => l.TransactionId), t => Assert.Equal(0, t.Sum(l => l.AmountMills)));
        Assert.Equal(0, ledger.Where(l => l.Book == "deposit").Sum(l => l.AmountMills));
    }

    [SkippableFact]
    public async Task ARejectedClosing_SaysWhy_AndReopensTheAccountWithItsBalance()
    {
        var who = await App.NewLicensee("Reopened Mailer LLC");
        var licensee = App.ClientFor(who.ApiKey);
        var account = await App.AccountOf(who.LicenseeId);
        await App.CheckOutAndRefund(who.DeviceId);
        var balance = await Balance(account);
        var closing = await licensee.PostJson($"/v1/accounts/{account}/closing", new { requested_on = Today }).Ok(HttpStatusCode.Created);
        var refundId = (string)closing["refund"]!["id"]!;

        var rejected = await App.RefundCoordinator().PostJson($"/v1/refunds/{refundId}/rejection", new { reason = "the written request is not signed by the licensee" }).Ok();
        Assert.Equal("rejected", (string)rejected["status"]!);
        Assert.Equal(("rejected_by_postal_service", "the written request is not signed by the licensee"), ((string)rejected["rejection"]!["code"]!, (string)rejected["rejection"]!["reason"]!));
        Assert.Contains("account_reopened", History(rejected));
        Assert.Equal(balance, await Balance(account));
        Assert.Equal(AccountStatus.Open, await App.WithDb(db => db.DepositAccounts.Where(a => a.Id == account).Select(a => a.Status).SingleAsync()));
        Assert.Equal(0, (await LedgerOf(refundId)).Sum(l => l.Amount));
        await App.RefundCoordinator().PostAsync($"/v1/refunds/{refundId}/approval", null).Problem(409, "refund_status_conflict");
        Assert.Equal(balance, await Balance(account));
    }

    [SkippableFact]
    public async Task TheProvidersReceipt_ConfirmsWhatArrived_AnnotatesWhatDidNot_AndReportsWhatWasNotAskedFor()
    {
        var who = await App.NewLicensee("Receipt Mailer LLC");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        var p1 = await Print(licensee, who.DeviceId, "0.740");
        var p2 = await Print(licensee, who.DeviceId, "1.200");
        var p3 = await Print(licensee, who.DeviceId, "0.850");
        var extra = await Print(licensee, who.DeviceId, "0.740");
        var refund = await licensee.PostJson("/v1/refunds", new { device_id = who.DeviceId, indicia = new[] { p1, p2, p3 } }).Ok(HttpStatusCode.Created);
        var id = (string)refund["id"]!;
        Assert.Equal("2.790", (string)refund["qualifying"]!["amount"]!);

        // Bad input: nothing scanned; the licensee cannot record the provider's receipt; certification waits for it.
        await provider.PostJson($"/v1/refunds/{id}/receipt", new { scans = Array.Empty<object>() }).Problem(400, "receipt_scans_required", "scans");
        await licensee.PostAsync($"/v1/refunds/{id}/receipt", RefundScans.Form(null, [], ("p1.png", await RefundScans.IndiciumPng(licensee, p1), "image/png"))).Problem(403, "forbidden");
        await provider.PostJson($"/v1/refunds/{id}/certification", new { signed_by = "Pat Provider" }).Problem(409, "receipt_required");

        var page = RefundScans.Page(await RefundScans.IndiciumPng(licensee, p1), await RefundScans.IndiciumPng(licensee, p3), await RefundScans.IndiciumPng(licensee, extra));
        var received = await provider.PostAsync($"/v1/refunds/{id}/receipt", RefundScans.Form(null, [],
            ("tray-1.png", page, "image/png"),
            ("p1-again.png", await RefundScans.IndiciumPng(licensee, p1), "image/png"),
            ("smudged.png", [0x89, 0x50, 0x4e, 0x47, 9, 9, 9], "image/png"))).Ok();
        Assert.Equal("under_review", (string)received["status"]!);
        var lines = received.Pieces().ToDictionary(p => (string)p["indicium_id"]!);
        Assert.True((bool)lines[p1]["qualifies"]! && (bool)lines[p3]["qualifies"]!);
        Assert.Equal("not_received", (string?)lines[p2]["reason"]);
        Assert.Equal("1.590", (string)received["qualifying"]!["amount"]!);
        var outcomes = received["receipt"]!["pieces"]!.AsArray().Select(p => ((string)p!["outcome"]!, (string?)p["indicium_id"])).ToList();
        Assert.Contains(("confirmed", p1), outcomes);
        Assert.Contains(("confirmed", p3), outcomes);
        Assert.Contains(("not_asked_for", extra), outcomes);
        Assert.Contains(("received_twice", p1), outcomes);
        Assert.Contains(outcomes, o => o.Item1 == "unreadable");
        Assert.Equal(5, outcomes.Count);
        // The piece not received is given back; the one not asked for was never claimed.
        Assert.False(await App.WithDb(db => db.RefundedPieces.AnyAsync(p => p.IndiciumId == p2 || p.IndiciumId == extra)));
        await provider.PostAsync($"/v1/refunds/{id}/receipt", RefundScans.Form(null, [], ("p2.png", await RefundScans.IndiciumPng(licensee, p2), "image/png"))).Problem(409, "receipt_not_open");

        var certified = await provider.PostJson($"/v1/refunds/{id}/certification", new { signed_by = "Pat Provider" }).Ok();
        Assert.Equal("1.590", (string)certified["certification"]!["amount"]!["amount"]!);
        using var pdf = PdfDocument.Open(await (await licensee.GetAsync($"/v1/refunds/{id}/form.pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("not_received", string.Concat(pdf.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        Assert.Equal(["requested", "under_review", "received", "certified", "sent"], History(certified));

        // The licensee follows it in the portal: what the provider received, piece by piece.
        var session = App.CreateClient();
        await session.PostJson("/v1/sessions", new { email = who.Logins[0].Email, password = who.Logins[0].Password }).Ok();
        var detail = await session.GetStringAsync($"/portal/refunds/{id}");
        Assert.Contains("id=\"receipt\"", detail);
        Assert.Contains("data-outcome=\"not_asked_for\"", detail);
        Assert.Contains("not_received", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/portal/refunds/retained")).StatusCode);
    }

    [SkippableFact]
    public async Task ThePostalService_AuditsTheRetainedPieces_BeforeTheirLoggedDestruction()
    {
        var who = await App.NewLicensee("Audited Mailer LLC");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        var postal = App.Postal();
        var piece = await Print(licensee, who.DeviceId, "0.740");
        var id = (string)(await licensee.PostJson("/v1/refunds", new { device_id = who.DeviceId, indicia = new[] { piece } }).Ok(HttpStatusCode.Created))["id"]!;

        // Not yet sent to the district: nothing retained, nothing to audit.
        await postal.PostJson($"/v1/refunds/{id}/audit", new { finding = "early" }).Problem(409, "refund_not_retained");
        await provider.PostAsync($"/v1/refunds/{id}/receipt", RefundScans.Form(null, [], ("piece.png", await RefundScans.IndiciumPng(licensee, piece), "image/png"))).Ok();
        var sent = await provider.PostJson($"/v1/refunds/{id}/certification", new { signed_by = "Pat Provider" }).Ok();

        var retained = (await App.RefundCoordinator().GetAsync("/v1/refunds/retained").Ok())["data"]!.AsArray().Single(r => (string)r!["id"]! == id)!;
        Assert.Equal((DateTimeOffset)sent["retain_until"]!, (DateTimeOffset)retained["destruction_date"]!);
        Assert.Equal(1, (int)retained["pieces"]!);
        Assert.Null(retained["audit"]);
        await licensee.GetAsync("/v1/refunds/retained").Problem(403, "forbidden");
        Assert.Contains(id, (await provider.GetAsync("/v1/refunds/retained").Ok()).ToJsonString());

        await licensee.PostJson($"/v1/refunds/{id}/audit", new { finding = "fine" }).Problem(403, "forbidden");
        await provider.PostJson($"/v1/refunds/{id}/audit", new { finding = "fine" }).Problem(403, "forbidden");
        await postal.PostJson($"/v1/refunds/{id}/audit", new { finding = " " }).Problem(400, "finding_required", "finding");
        var audited = await postal.PostJson($"/v1/refunds/{id}/audit", new { finding = "1 piece examined; matches Part IV and the verification record" }).Ok();
        Assert.Equal("1 piece examined; matches Part IV and the verification record", (string)audited["audit"]!["finding"]!);
        Assert.False(string.IsNullOrEmpty((string?)audited["audit"]!["audited_by"]));
        retained = (await postal.GetAsync("/v1/refunds/retained").Ok())["data"]!.AsArray().Single(r => (string)r!["id"]! == id)!;
        Assert.Equal("1 piece examined; matches Part IV and the verification record", (string)retained["audit"]!["finding"]!);

        // 45 days after the form was sent the pieces are destroyed, logged; then nothing is left to audit.
        _clock.Advance(TimeSpan.FromDays(46));
        Assert.Contains(id, (await provider.PostAsync("/v1/refunds/retention-runs", null).Ok())["destroyed"]!.AsArray().Select(d => (string)d!));
        await postal.PostJson($"/v1/refunds/{id}/audit", new { finding = "late" }).Problem(409, "refund_not_retained");
        Assert.DoesNotContain(id, (await postal.GetAsync("/v1/refunds/retained").Ok()).ToJsonString());
        // The Postal Service's page of retained pieces opens for the coordinator's login.
        var credentials = JsonNode.Parse(File.ReadAllText(Path.Combine(App.DataDirectory, "sandbox-credentials.json")))!;
        var login = credentials["logins"]!.AsArray().Single(l => (string)l!["role"]! == "refund_coordinator")!;
        var session = App.CreateClient();
        await session.PostJson("/v1/sessions", new { email = (string)login["email"]!, password = (string)login["password"]! }).Ok();
        Assert.Contains("Retained refund pieces", await session.GetStringAsync("/portal/refunds/retained"));
        var history = History(await licensee.GetAsync($"/v1/refunds/{id}").Ok());
        Assert.True(Array.IndexOf(history, "audited") < Array.IndexOf(history, "pieces_destroyed"));
    }
}

[Collection("sqlite")]
public sealed class SqliteRefundProcessTests() : RefundProcessTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresRefundProcessTests() : RefundProcessTests(DatabaseKind.Postgres);
