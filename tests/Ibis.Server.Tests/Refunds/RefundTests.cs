using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Refunds;

/// <summary>
/// Issue 13 "done when": a refund request holding valid, late, duplicated, already-refunded, tampered,
/// test-mode and other-licensee pieces, some as scanned images, pays exactly the qualifying pieces,
/// explains every rejection in the response and in Part IV of Form 3533, leaves the ledger exact, and
/// a second request for the same pieces pays nothing (P050 3.3, 39 CFR 502.27(a)).
/// </summary>
public abstract class RefundTests : IDisposable
{
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);
    private readonly Lazy<IbisApp> _app;

    protected RefundTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private HttpClient Coordinator()
    {
        _ = App.Sandbox;
        var duties = JsonNode.Parse(File.ReadAllText(Path.Combine(App.DataDirectory, "sandbox-credentials.json")))!["duty_api_keys"]!;
        return App.ClientFor((string)duties["refund_coordinator"]!);
    }

    private string Today => _clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonNode> Print(HttpClient licensee, string deviceId, string postage) =>
        await licensee.PostJson($"/v1/devices/{deviceId}/indicia", PrintingTests.Letter(postage: postage, date: Today, zip: null)).Ok(HttpStatusCode.Created);

    private static string Id(JsonNode indicium) => (string)indicium["id"]!;

    private static byte[] Barcode(JsonNode indicium) => Convert.FromBase64String((string)indicium["barcode_data"]!);

    private async Task<long> Balance(string accountId) => await App.WithDb(db => db.DepositAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceMills).SingleAsync());

    private async Task<JsonNode> Verify(byte[] barcode) =>
        await App.CreateClient().PostJson("/v1/verifications", new { barcode_data = Convert.ToBase64String(barcode) }).Ok();

    private static string[] ReasonCodes(JsonNode verdict) => verdict["reasons"]!.AsArray().Select(r => (string)r!["code"]!).ToArray();

    [SkippableFact]
    public async Task AMixedRequest_PaysExactlyTheQualifyingPieces_ExplainsEveryRejection_AndASecondRequestPaysNothing()
    {
        var who = await App.NewLicensee("Refund Mailer LLC");
        var other = await App.NewLicensee("Other Mailer LLC");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        var coordinator = Coordinator();
        var account = await App.AccountOf(who.LicenseeId);

        // A piece dated today, asked for 31 days later: too old (§502.27(a)(1)).
        var late = await Print(licensee, who.DeviceId, "0.740");
        _clock.Advance(TimeSpan.FromDays(31));
        var a1 = await Print(licensee, who.DeviceId, "0.740");
        var a2 = await Print(licensee, who.DeviceId, "0.740");
        var b = await Print(licensee, who.DeviceId, "1.200");
        var c = await Print(licensee, who.DeviceId, "0.850");
        var s1 = await Print(licensee, who.DeviceId, "0.900");
        var s2 = await Print(licensee, who.DeviceId, "1.000");
        var d = await Print(licensee, who.DeviceId, "0.740");
        var e = await Print(licensee, who.DeviceId, "0.740");
        var o = await Print(App.ClientFor(other.ApiKey), other.DeviceId, "0.740");

        // An earlier refund of d, through the whole process: requested → certified → approved and paid.
        var first = await licensee.PostJson("/v1/refunds", new { device_id = who.DeviceId, indicia = new[] { Id(d) } }).Ok(HttpStatusCode.Created);
        Assert.Equal("requested", (string)first["status"]!);
        // §502.27(a)(2)–(4): certified only once the provider recorded the pieces it received.
        await provider.PostJson($"/v1/refunds/{first["id"]}/certification", new { signed_by = "Pat Provider" }).Problem(409, "receipt_required");
        await provider.PostAsync($"/v1/refunds/{first["id"]}/receipt", RefundScans.Form(null, [], ("d.png", await RefundScans.IndiciumPng(licensee, Id(d)), "image/png"))).Ok();
        await provider.PostJson($"/v1/refunds/{first["id"]}/certification", new { signed_by = "Pat Provider" }).Ok();
        await coordinator.PostAsync($"/v1/refunds/{first["id"]}/approval", null).Ok();
        var balanceBefore = await Balance(account);

        // The main request: ids (one twice, one late, one refunded, one another licensee's, one unknown) and scans.
        var tampered = Barcode(e);
        tampered[^1] ^= 0x5a; // inside the signature: the piece still parses but no longer verifies
        var multiPiecePage = RefundScans.Page(await RefundScans.IndiciumPng(licensee, Id(s1)), await RefundScans.IndiciumPng(licensee, Id(s2)));
        var form = RefundScans.Form(who.DeviceId,
            [Id(a1), Id(a2), Id(b), Id(a1), Id(late), Id(d), Id(o), "ind_aaaaaaaaaaaaaaaaaaaaaaaa"],
            ("piece-c.png", await RefundScans.IndiciumPng(licensee, Id(c)), "image/png"),
            ("scans.pdf", RefundScans.Pdf(multiPiecePage, RefundScans.BlankPage()), "application/pdf"),
            ("tampered.png", RefundScans.BarcodePng(tampered), "image/png"),
            ("garbage.png", [0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5], "image/png"));
        var refund = await licensee.PostAsync("/v1/refunds", form).Ok(HttpStatusCode.Created);
        var id = (string)refund["id"]!;
        Assert.StartsWith("rfd_", id);
        Assert.Equal("requested", (string)refund["status"]!);

        (string? Indicium, bool Qualifies, string? Reason)[] expected =
        [
            (Id(a1), true, null), (Id(a2), true, null), (Id(b), true, null), (null, false, "duplicate_in_request"),
            (Id(late), false, "piece_too_old"), (Id(d), false, "already_refunded"), (null, false, "indicium_unknown"), (null, false, "indicium_unknown"),
            (Id(c), true, null),
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            var line = refund.Line(i + 1);
            Assert.Equal(expected[i].Qualifies, (bool)line["qualifies"]!);
            Assert.Equal(expected[i].Reason, (string?)line["reason"]);
            if (expected[i].Indicium is { } indicium) Assert.Equal(indicium, (string?)line["indicium_id"]);
            if (!expected[i].Qualifies) Assert.False(string.IsNullOrWhiteSpace((string?)line["explanation"]));
        }
        // Another licensee's piece is unknown, and nothing about it is told.
        Assert.Null(refund.Line(7)["indicium_id"]);
        Assert.Null(refund.Line(7)["postage"]);
        Assert.DoesNotContain(other.DeviceId, refund.ToJsonString());
        // The 300-dpi page held two pieces; both were read and qualify.
        Assert.Equal(new[] { Id(s1), Id(s2) }.Order(), new[] { (string)refund.Line(10)["indicium_id"]!, (string)refund.Line(11)["indicium_id"]! }.Order());
        Assert.True((bool)refund.Line(10)["qualifies"]! && (bool)refund.Line(11)["qualifies"]!);
        Assert.Equal("signature_invalid", (string?)refund.Line(12)["reason"]);
        Assert.Equal(12, refund["pieces"]!.AsArray().Count);
        // Unreadable pages are named; the others were still read.
        var pages = refund["pages"]!.AsArray();
        Assert.Equal(["piece-c.png", "scans.pdf page 1", "scans.pdf page 2", "tampered.png", "garbage.png"], pages.Select(p => (string)p!["name"]!).ToArray());
        Assert.Equal([true, true, false, true, false], pages.Select(p => (bool)p!["readable"]!).ToArray());
        Assert.Equal(2, (int)pages[1]!["indicia"]!);
        Assert.Equal("5.430", (string)refund["qualifying"]!["amount"]!);
        Assert.Equal("5.430", (string)refund["part_iv"]!["total"]!["amount"]!);
        var groups = refund["part_iv"]!["groups"]!.AsArray().Select(g => ((string)g!["postage_value"]!["amount"]!, (int)g["pieces"]!, (string)g["total"]!["amount"]!)).ToArray();
        Assert.Equal([("0.740", 2, "1.480"), ("0.850", 1, "0.850"), ("0.900", 1, "0.900"), ("1.000", 1, "1.000"), ("1.200", 1, "1.200")], groups);

        // Refunded means refunded: a claimed piece verifies as refunded; a piece not asked for does not.
        Assert.Contains("refunded", ReasonCodes(await Verify(Barcode(a1))));
        Assert.Contains("refunded", ReasonCodes(await Verify(Barcode(d))));
        Assert.DoesNotContain("refunded", ReasonCodes(await Verify(Barcode(e))));

        // The provider scans what arrived: s2 did not; Part IV is annotated and s2 is given back.
        var s2Line = refund.Pieces().Single(p => (string?)p["indicium_id"] == Id(s2))["line"]!.GetValue<int>();
        await licensee.PostJson($"/v1/refunds/{id}/review", new { }).Problem(403, "forbidden");
        var reviewed = await provider.PostJson($"/v1/refunds/{id}/review", new { annotations = new[] { new { line = s2Line, note = "piece not received with the Form 3533" } } }).Ok();
        Assert.Equal("under_review", (string)reviewed["status"]!);
        Assert.Equal("annotated_by_provider", (string?)reviewed.Line(s2Line)["reason"]);
        Assert.Equal("4.430", (string)reviewed["qualifying"]!["amount"]!);
        Assert.DoesNotContain("refunded", ReasonCodes(await Verify(Barcode(s2))));

        // The provider records what physically arrived (s2 did not; it is already annotated).
        var receivedPage = RefundScans.Page(await RefundScans.IndiciumPng(licensee, Id(a1)), await RefundScans.IndiciumPng(licensee, Id(a2)), await RefundScans.IndiciumPng(licensee, Id(b)));
        var received = await provider.PostAsync($"/v1/refunds/{id}/receipt", RefundScans.Form(null, [],
            ("received.pdf", RefundScans.Pdf(receivedPage, RefundScans.Page(await RefundScans.IndiciumPng(licensee, Id(c)), await RefundScans.IndiciumPng(licensee, Id(s1)))), "application/pdf"))).Ok();
        Assert.Equal("4.430", (string)received["qualifying"]!["amount"]!);
        Assert.Equal(5, received["receipt"]!["pieces"]!.AsArray().Count(p => (string)p!["outcome"]! == "confirmed"));

        // Certification: signed, recorded, sent to the district; only the coordinator approves.
        await provider.PostJson($"/v1/refunds/{id}/certification", new { signed_by = " " }).Problem(400, "signature_required", "signed_by");
        var certified = await provider.PostJson($"/v1/refunds/{id}/certification", new { signed_by = "Pat Provider" }).Ok();
        Assert.Equal("certified", (string)certified["status"]!);
        Assert.Equal("Pat Provider", (string)certified["certification"]!["signed_by"]!);
        Assert.Equal(64, ((string)certified["certification"]!["digest"]!).Length);
        var retainUntil = _clock.GetUtcNow().AddDays(45); // instants are answered to the millisecond
        Assert.Equal(new DateTimeOffset(retainUntil.UtcTicks - retainUntil.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero), (DateTimeOffset)certified["retain_until"]!);
        Assert.True(await App.WithDb(db => db.Transmissions.AnyAsync(t => t.Kind == "form_3533" && t.Subject == id)));
        await licensee.PostAsync($"/v1/refunds/{id}/approval", null).Problem(403, "forbidden");
        await provider.PostAsync($"/v1/refunds/{id}/approval", null).Problem(403, "forbidden");
        Assert.Equal(balanceBefore, await Balance(account));

        // Approval credits exactly the certified amount, once.
        var paid = await coordinator.PostAsync($"/v1/refunds/{id}/approval", null).Ok();
        Assert.Equal("paid", (string)paid["status"]!);
        Assert.Equal(balanceBefore + 4_430, await Balance(account));
        await coordinator.PostAsync($"/v1/refunds/{id}/approval", null).Problem(409, "refund_status_conflict");
        Assert.Equal(balanceBefore + 4_430, await Balance(account));
        var lines = await App.WithDb(db => db.Ledger.Where(l => l.Cause == "refund" && l.CauseId == id).Select(l => new { l.Book, l.AmountMills, l.TransactionId }).ToListAsync());
        Assert.Equal([("deposit", 4_430L), ("postage_refund", -4_430L)], lines.Select(l => (l.Book, l.AmountMills)).Order().ToArray());
        Assert.Equal((string)paid["ledger_transaction_id"]!, lines.Select(l => l.TransactionId).Distinct().Single());
        var deposits = await App.WithDb(db => db.Ledger.Where(l => l.AccountId == account && l.Book == "deposit").SumAsync(l => l.AmountMills));
        Assert.Equal(await Balance(account), deposits);

        // Form 3533 read back: Part IV groups, totals and every annotation.
        var pdf = await licensee.GetAsync($"/v1/refunds/{id}/form.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = FormText(await pdf.Content.ReadAsByteArrayAsync());
        foreach (var needle in new[] { "Grand total $4.430", "$0.740 2 $1.480", "$1.200 1 $1.200", "duplicate_in_request", "piece_too_old", "already_refunded",
                     "indicium_unknown", "signature_invalid", "annotated_by_provider", "piece not received", "Pat Provider", id })
            Assert.Contains(Squash(needle), text);
        Assert.DoesNotContain(Squash("$1.000 1 $1.000"), text);

        // A second request for the same pieces pays nothing, and says why.
        var again = await licensee.PostAsync("/v1/refunds", RefundScans.Form(who.DeviceId, [Id(a1), Id(a2), Id(b)],
            ("piece-c.png", await RefundScans.IndiciumPng(licensee, Id(c)), "image/png"))).Ok(HttpStatusCode.Created);
        Assert.All(again.Pieces(), p => Assert.Equal("already_refunded", (string?)p["reason"]));
        Assert.Equal("rejected", (string)again["status"]!);
        Assert.Equal("nothing_qualifies", (string)again["rejection"]!["code"]!);
        await provider.PostJson($"/v1/refunds/{again["id"]}/certification", new { signed_by = "Pat Provider" }).Problem(409, "refund_nothing_qualifies");
        Assert.Equal(balanceBefore + 4_430, await Balance(account));

        // Others see nothing of it; the coordinator and the provider see it in their lists.
        await App.ClientFor(other.ApiKey).GetAsync($"/v1/refunds/{id}").Problem(404, "refund_not_found");
        Assert.Contains(id, (await coordinator.GetAsync("/v1/refunds?status=paid").Ok()).ToJsonString());
        Assert.Contains(id, (await provider.GetAsync("/v1/refunds").Ok()).ToJsonString());

        // The portal shows the same refund to the licensee: its pieces, Part IV and the form.
        var session = App.CreateClient();
        await session.PostJson("/v1/sessions", new { email = who.Logins[0].Email, password = who.Logins[0].Password }).Ok();
        var listPage = await session.GetStringAsync("/portal/refunds");
        Assert.Contains(id, listPage);
        var detailPage = await session.GetStringAsync($"/portal/refunds/{id}");
        Assert.Contains("$4.430", detailPage);
        Assert.Contains("piece_too_old", detailPage);
        Assert.Contains($"/v1/refunds/{id}/form.pdf", detailPage);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/portal/refunds/{again["id"]}x")).StatusCode);

        // §502.27(a)(7): retained 45 days after the form was sent, then destroyed, and the destruction logged — once.
        _clock.Advance(TimeSpan.FromDays(44));
        Assert.Empty((await provider.PostAsync("/v1/refunds/retention-runs", null).Ok())["destroyed"]!.AsArray());
        _clock.Advance(TimeSpan.FromDays(2));
        // The scheduler's daily retention job destroys them (it takes no input from its trigger).
        await new Ibis.Server.Compliance.RetentionDisposalJob(App.Services.GetRequiredService<IServiceScopeFactory>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Ibis.Server.Compliance.RetentionDisposalJob>.Instance).Execute(null!, default);
        Assert.Empty((await provider.PostAsync("/v1/refunds/retention-runs", null).Ok())["destroyed"]!.AsArray());
        Assert.Contains("pieces_destroyed", (await licensee.GetAsync($"/v1/refunds/{(string)first["id"]!}").Ok())["history"]!.AsArray().Select(h => (string)h!["kind"]!));
        var history = (await licensee.GetAsync($"/v1/refunds/{id}").Ok())["history"]!.AsArray().Select(h => (string)h!["kind"]!).ToArray();
        Assert.Equal(["requested", "under_review", "annotated", "received", "certified", "sent", "approved", "paid", "pieces_destroyed"], history);
    }

    [SkippableFact]
    public async Task ConcurrentRequests_ForTheSamePieces_RefundEachPieceOnce()
    {
        var who = await App.NewLicensee("Racing Mailer LLC");
        var licensee = App.ClientFor(who.ApiKey);
        var pieces = new List<string>();
        for (var i = 0; i < 3; i++) pieces.Add(Id(await Print(licensee, who.DeviceId, "0.740")));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            App.ClientFor(who.ApiKey).PostJson("/v1/refunds", new { device_id = who.DeviceId, indicia = pieces }).Ok(HttpStatusCode.Created))));

        foreach (var piece in pieces)
            Assert.Equal(1, answers.Sum(a => a.Pieces().Count(p => (string?)p["indicium_id"] == piece && (bool)p["qualifies"]!)));
        Assert.Equal("2.220", Dollars(answers.Sum(a => Mills((string)a["qualifying"]!["amount"]!))));
        Assert.All(answers.SelectMany(a => a.Pieces()).Where(p => !(bool)p["qualifies"]!), p => Assert.Equal("already_refunded", (string?)p["reason"]));
        Assert.Equal(3, await App.WithDb(db => db.RefundedPieces.CountAsync(p => pieces.Contains(p.IndiciumId))));
    }

    [SkippableFact]
    public async Task ALiveRequest_RefusesATestPiece_AndAnotherLicenseesPieceIsUnknown()
    {
        var sandbox = App.Sandbox;
        var sandboxLicensee = App.ClientFor(sandbox.ApiKey);
        var test = await Print(sandboxLicensee, sandbox.DeviceId, "0.740");
        var scanned = await Print(sandboxLicensee, sandbox.DeviceId, "0.740");
        var live = await App.New("Live Refund Mailer");
        var answer = await App.ClientFor(live.ApiKey).PostJson("/v1/refunds", new
        {
            indicia = new[] { Id(test) },
            scans = new[] { new { name = "sandbox-piece.png", content_base64 = Convert.ToBase64String(await RefundScans.IndiciumPng(sandboxLicensee, Id(scanned))) } },
        }).Ok(HttpStatusCode.Created);
        Assert.Equal("live", (string)answer["mode"]!);
        Assert.Equal(["indicium_unknown", "test_piece_in_live_request"], answer.Pieces().Select(p => (string)p["reason"]!).ToArray());
        Assert.Equal("rejected", (string)answer["status"]!);
        Assert.Equal("0.000", (string)answer["qualifying"]!["amount"]!);

        // Bad input: nothing listed, or a device that is not the caller's.
        await App.ClientFor(live.ApiKey).PostJson("/v1/refunds", new { indicia = Array.Empty<string>() }).Problem(400, "refund_pieces_required", "indicia");
        await App.ClientFor(live.ApiKey).PostJson("/v1/refunds", new { device_id = sandbox.DeviceId, indicia = new[] { Id(test) } }).Problem(404, "device_not_found");
        await App.ClientFor(live.ApiKey).PostJson("/v1/refunds", new { scans = new[] { new { name = "x", content_base64 = "@@" } } }).Problem(400, "scan_invalid", "scans");
    }

    [SkippableFact]
    public async Task APieceTheScannersSawOnTheMail_DoesNotQualify()
    {
        var who = await App.NewLicensee("Mailing Mailer LLC");
        var licensee = App.ClientFor(who.ApiKey);
        var mailed = await Print(licensee, who.DeviceId, "0.740");
        var unused = await Print(licensee, who.DeviceId, "0.740");
        // The Postal Service's scanners see the first piece on the mail (the sandbox's own postal key: test pieces).
        var credentials = JsonNode.Parse(File.ReadAllText(Path.Combine(App.DataDirectory, "sandbox-credentials.json")))!;
        var scans = await App.ClientFor((string)credentials["postal_api_key"]!).PostJson("/v1/scan-events", new
        {
            events = new[] { new { barcode_data = (string)mailed["barcode_data"]!, site = "RENO NV P&DC", scanned_at = _clock.GetUtcNow() } },
        }).Ok();
        Assert.Equal("valid", (string)scans["results"]![0]!["verdict"]!);

        var answer = await licensee.PostJson("/v1/refunds", new { device_id = who.DeviceId, indicia = new[] { Id(mailed), Id(unused) } }).Ok(HttpStatusCode.Created);
        var pieces = answer.Pieces().ToDictionary(p => (string)p["indicium_id"]!);
        Assert.False((bool)pieces[Id(mailed)]["qualifies"]!);
        Assert.Equal("seen_in_mailstream", (string)pieces[Id(mailed)]["reason"]!);
        Assert.True((bool)pieces[Id(unused)]["qualifies"]!);
    }

    private static long Mills(string dollars) => Domain.Money.Mills.ParseDollars(dollars).Value.Value;

    private static string Dollars(long mills) => Domain.Money.Mills.FromMills(mills).ToString();

    private static string Squash(string text) => new(text.Where(ch => !char.IsWhiteSpace(ch)).ToArray());

    private static string FormText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Squash(string.Concat(document.GetPages().Select(p => p.Text)));
    }
}

[Collection("sqlite")]
public sealed class SqliteRefundTests() : RefundTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresRefundTests() : RefundTests(DatabaseKind.Postgres);
