using System.Net;
using System.Text.Json.Nodes;
using Ibis.Data;
using Ibis.Domain.Compliance;
using Ibis.Domain.Licensing;
using Ibis.Server.Auth;
using Ibis.Server.Compliance;
using Ibis.Server.Funds;
using Ibis.Server.Licensing;
using Ibis.Server.Privacy;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// Issue 15: a year replayed on a sandbox installation. The clock jumps (as after downtime) and the
/// scheduled work runs — the same handlers the scheduler's jobs call — and each dated duty of the rule
/// must open, remind, fall overdue and escalate exactly when due and exactly once, and every notice must
/// reach a real SMTP server.
/// </summary>
public abstract class ComplianceYearTests(DatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private const string LicenseeEmail = "licensee@sandbox.ibis.test";
    private const string PostalEmail = "postal@sandbox.ibis.test";
    private const string ProviderEmail = "provider@sandbox.ibis.test";

    /// <summary>What the scheduler does at each firing, in one pass: dispose, sweep, transmit the closed days, sweep again, mail.</summary>
    private static async Task Tick(IbisApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<RetentionDisposal>().Run(default, RetentionDisposal.DailyJob);
        await sp.GetRequiredService<SweepDuties>().Run(default);
        await sp.GetRequiredService<TransmitDailyFinancialTransactions>().Run(default);
        await sp.GetRequiredService<SweepDuties>().Run(default);
        await sp.GetRequiredService<DeliverOutbox>().Run(default);
    }

    private static async Task<JsonArray> Duties(HttpClient client, string query)
    {
        var body = await client.GetAsync("/v1/compliance/duties?" + query).Ok();
        return body["data"]!.AsArray();
    }

    private static JsonNode Single(JsonArray duties, string subject) => Assert.Single(duties, d => (string?)d!["subject_id"] == subject)!;

    private static List<ReceivedMail> Mails(TestSmtpServer smtp, string source) => smtp.Received.Where(m => m.Source == source).ToList();

    [SkippableFact]
    public async Task AYear_EachDutyFiresWhenDue_Once_NoticesReachSmtp_OverdueEscalates()
    {
        var clock = new SettableClock(Start);
        await using var smtp = new TestSmtpServer();
        var settings = new Dictionary<string, string>(smtp.Settings) { ["Ibis:Scheduler:Enabled"] = "false" };
        using var app = new IbisApp(kind, clock, settings);
        var who = app.Sandbox;
        var device = who.DeviceId;
        var licensee = app.ClientFor(who.ApiKey);
        var postal = app.Postal();
        var provider = app.Provider();
        var deadline = await app.WithDb(db => db.Devices.Where(d => d.Id == device).Select(d => d.WatchdogDeadline).SingleAsync());
        var licenseeId = await app.WithDb(db => db.Devices.Where(d => d.Id == device).Select(d => d.LicenseeId!).SingleAsync());
        var providerId = await app.ProviderOf(licenseeId);

        // Day 0: the duties open; nothing is owed yet but the first day's financial transactions.
        await Tick(app);
        var watchdog = Single(await Duties(licensee, "rule=reset_or_audit_every_3_months"), device);
        Assert.Equal("due", (string?)watchdog["status"]);
        Assert.Equal(deadline, DateTimeOffset.Parse((string)watchdog["due_at"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("P050 2.5c", (string)watchdog["section"]!);
        var watchdogId = (string)watchdog["id"]!;
        Assert.DoesNotContain(smtp.Received, m => m.Source!.StartsWith("duty:", StringComparison.Ordinal));
        // The written notice of the sandbox's license (P050 2.1) reached the licensee and the provider.
        Assert.Contains(smtp.Received, m => m.To == LicenseeEmail && m.Source!.StartsWith("notice:", StringComparison.Ordinal) && m.Subject.Contains("license issued", StringComparison.Ordinal));
        Assert.Contains(smtp.Received, m => m.To == ProviderEmail && m.Source!.StartsWith("notice:", StringComparison.Ordinal) && m.Subject.Contains("license issued", StringComparison.Ordinal));

        // The next day the daily job transmits day 0's resets (§502.20(m)); the duty is done, nothing mailed.
        clock.Advance(TimeSpan.FromDays(1));
        await Tick(app);
        var day0 = $"{providerId}:{Start:yyyy-MM-dd}";
        Assert.Equal("done", (string?)Single(await Duties(postal, "rule=daily_financial_transactions"), day0)["status"]);
        Assert.DoesNotContain(smtp.Received, m => m.Source!.StartsWith("duty:", StringComparison.Ordinal));

        // 14 days before the watchdog deadline: one reminder to the licensee, however often the sweep runs.
        clock.Set(deadline - TimeSpan.FromDays(14) + TimeSpan.FromHours(1));
        await Tick(app);
        await Tick(app);
        var reminder = Assert.Single(Mails(smtp, $"duty:{watchdogId}:reminder"));
        Assert.Equal(LicenseeEmail, reminder.To);
        Assert.Contains("P050 2.5c", reminder.Subject);
        Assert.Contains("reset_or_audit_every_3_months", reminder.Body);
        Assert.Contains(deadline.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), reminder.Body);

        // The deadline passes: overdue to the licensee, escalation to the Postal Service naming the licensee as revocation evidence (P050 2.3b).
        clock.Set(deadline + TimeSpan.FromMinutes(1));
        await Tick(app);
        await Tick(app);
        Assert.Equal(LicenseeEmail, Assert.Single(Mails(smtp, $"duty:{watchdogId}:overdue")).To);
        var escalation = Assert.Single(Mails(smtp, $"duty:{watchdogId}:escalation"));
        Assert.Equal(PostalEmail, escalation.To);
        Assert.Contains("P050 2.3b", escalation.Body);
        Assert.Contains(licenseeId, escalation.Body);
        var evidence = Single(await Duties(postal, "rule=reset_or_audit_every_3_months&status=overdue"), device);
        Assert.Equal("postal", (string?)evidence["escalated_to"]);
        Assert.Equal("overdue", (string?)Single(await Duties(licensee, "status=overdue"), device)["status"]);

        // The provider audits the device: the overdue duty is done and the next one is due 3 months on.
        (await provider.PostRaw($"/v1/devices/{device}/audits", "")).EnsureSuccessStatusCode();
        await Tick(app);
        Assert.Equal("done", (string?)(await Duties(licensee, $"rule=reset_or_audit_every_3_months&status=done")).Single(d => (string?)d!["id"] == watchdogId)!["status"]);
        var next = Single(await Duties(licensee, "rule=reset_or_audit_every_3_months&status=due"), device);
        Assert.True(DateTimeOffset.Parse((string)next["due_at"]!, System.Globalization.CultureInfo.InvariantCulture) > clock.GetUtcNow().AddMonths(2));

        // A reset, then three days of downtime: the missed day is detected and escalated before the
        // catch-up transmits it, once.
        (await provider.PostJson($"/v1/devices/{device}/resets", new Dictionary<string, string> { ["amount"] = "10.000" }, "year-reset-1")).EnsureSuccessStatusCode();
        var resetDay = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        clock.Advance(TimeSpan.FromDays(3));
        await Tick(app);
        await Tick(app);
        var missed = Single(await Duties(postal, "rule=daily_financial_transactions"), $"{providerId}:{resetDay:yyyy-MM-dd}");
        Assert.Equal("done", (string?)missed["status"]);
        Assert.Equal(PostalEmail, Assert.Single(Mails(smtp, $"duty:{missed["id"]}:escalation")).To);
        Assert.Equal(1, await app.WithDb(db => db.Transmissions.CountAsync(t => t.Kind == DailyFinancialTransactions.Kind && t.Subject == resetDay.ToString("yyyy-MM-dd"))));

        // P050 2.5g: the AMS update is the licensee's word. Declared done, the next falls due 6 months later.
        var ams = Single(await Duties(licensee, "rule=ams_update_every_6_months&status=due"), (await LicenseOf(app, licenseeId)));
        await licensee.PostJson($"/v1/compliance/duties/{next["id"]}/completion", new { }).Problem(409, "duty_not_declarable");
        var declared = await licensee.PostJson($"/v1/compliance/duties/{ams["id"]}/completion", new { }).Ok();
        Assert.Equal("done", (string?)declared["status"]);
        await licensee.PostJson($"/v1/compliance/duties/{ams["id"]}/completion", new { }).Problem(409, "duty_already_done");
        await provider.PostJson($"/v1/compliance/duties/{ams["id"]}/completion", new { }).Problem(403, "forbidden");
        await Tick(app);
        var nextAms = Single(await Duties(licensee, "rule=ams_update_every_6_months&status=due"), (string)ams["subject_id"]!);
        Assert.Equal(clock.GetUtcNow().AddMonths(6).UtcDateTime.Date, DateTimeOffset.Parse((string)nextAms["due_at"]!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime.Date);

        // Revocation (P050 2.3): the written notices are mailed; the appeal window (2.4) reminds and lapses
        // unused; the PSD not removed within 15 days (§502.20(h)) is escalated to the Postal Service.
        var licenseId = await LicenseOf(app, licenseeId);
        var official = await app.As(Caller.LicensingOfficialRole);
        await official.PostJson($"/v1/licenses/{licenseId}/revocation", new { reason = "b", detail = "watchdog missed" }).Ok();
        await Tick(app);
        Assert.Contains(smtp.Received, m => m.To == LicenseeEmail && m.Subject.Contains("license revoked", StringComparison.Ordinal));
        Assert.Contains(smtp.Received, m => m.To == ProviderEmail && m.Subject.Contains("license revoked", StringComparison.Ordinal));
        var appeal = Single(await Duties(licensee, "rule=appeal_within_10_days"), licenseId);
        var removal = Single(await Duties(provider, "rule=remove_device_after_revocation"), device);
        clock.Advance(TimeSpan.FromDays(8));
        await Tick(app);
        Assert.Single(Mails(smtp, $"duty:{appeal["id"]}:reminder"));
        clock.Advance(TimeSpan.FromDays(3));
        await Tick(app);
        var lapsed = Single(await Duties(licensee, "rule=appeal_within_10_days"), licenseId);
        Assert.Equal("done", (string?)lapsed["status"]);
        Assert.Equal("lapsed", (string?)lapsed["outcome"]);
        Assert.Empty(Mails(smtp, $"duty:{appeal["id"]}:overdue"));
        clock.Advance(TimeSpan.FromDays(5));
        await Tick(app);
        await Tick(app);
        Assert.Equal(ProviderEmail, Assert.Single(Mails(smtp, $"duty:{removal["id"]}:overdue")).To);
        Assert.Equal(PostalEmail, Assert.Single(Mails(smtp, $"duty:{removal["id"]}:escalation")).To);

        // The rest of the year, month by month.
        while (clock.GetUtcNow() < Start.AddYears(1))
        {
            clock.Advance(TimeSpan.FromDays(30));
            await Tick(app);
        }

        // Every message reached the SMTP server exactly once, and the delivery log says so.
        var outbox = await app.WithDb(db => db.Outbox.AsNoTracking().ToListAsync());
        Assert.All(outbox, m => Assert.Equal(OutboxMessageStatus.Sent, m.Status));
        Assert.Equal(outbox.Count, smtp.Received.Count);
        Assert.All(smtp.Received.GroupBy(m => (m.Source, m.To)), g => Assert.Single(g));
        Assert.Equal(outbox.Count, await app.WithDb(db => db.OutboxDeliveries.CountAsync(d => d.Outcome == "sent")));
        // And each user's inbox holds what was mailed to them.
        var inbox = await app.WithDb(db => db.Outbox.CountAsync(m => m.ToAddress == LicenseeEmail));
        Assert.Equal(smtp.Received.Count(m => m.To == LicenseeEmail), inbox);
    }

    [SkippableFact]
    public async Task Smtp_Down_MessagesWait_RetryWithBackoff_ThenArrive_EachAttemptLogged()
    {
        var clock = new SettableClock(Start);
        await using var smtp = new TestSmtpServer(start: false);
        var settings = new Dictionary<string, string>(smtp.Settings) { ["Ibis:Scheduler:Enabled"] = "false" };
        using var app = new IbisApp(kind, clock, settings);
        _ = app.Sandbox;
        var deadline = await app.WithDb(db => db.Devices.Where(d => d.LicenseeId != null).Select(d => d.WatchdogDeadline).MinAsync());
        clock.Set(deadline + TimeSpan.FromMinutes(1));
        await Tick(app);
        var pending = await app.WithDb(db => db.Outbox.AsNoTracking().ToListAsync());
        Assert.NotEmpty(pending);
        Assert.All(pending, m => Assert.Equal((OutboxMessageStatus.Pending, 1), (m.Status, m.Attempts)));
        Assert.All(pending, m => Assert.Equal(clock.GetUtcNow().AddMinutes(1), m.NextAttemptAt, TimeSpan.FromSeconds(5)));
        Assert.Equal(pending.Count, await app.WithDb(db => db.OutboxDeliveries.CountAsync(d => d.Outcome == "failed")));

        // The server comes up; nothing is resent before the wait is over, then everything arrives once.
        smtp.Start();
        await Deliver(app);
        Assert.Empty(smtp.Received);
        clock.Advance(TimeSpan.FromMinutes(2));
        await Deliver(app);
        await Deliver(app);
        Assert.Equal(pending.Select(m => m.Id + "@ibis").Order(), smtp.Received.Select(m => m.MessageId).Order());
        var after = await app.WithDb(db => db.Outbox.AsNoTracking().ToListAsync());
        Assert.All(after, m => Assert.Equal((OutboxMessageStatus.Sent, 2), (m.Status, m.Attempts)));
        Assert.Equal(pending.Count, await app.WithDb(db => db.OutboxDeliveries.CountAsync(d => d.Outcome == "sent")));
    }

    private static async Task Deliver(IbisApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverOutbox>().Run(default);
    }

    private static Task<string> LicenseOf(IbisApp app, string licenseeId) =>
        app.WithDb(db => db.Licenses.Where(l => l.LicenseeId == licenseeId && l.Status == LicenseStatus.Valid).Select(l => l.Id).SingleAsync());
}

public sealed class SqliteComplianceYearTests() : ComplianceYearTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresComplianceYearTests() : ComplianceYearTests(DatabaseKind.Postgres);
