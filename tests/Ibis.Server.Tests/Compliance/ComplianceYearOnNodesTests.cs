using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ibis.Data.Entities;
using Ibis.Domain.Compliance;
using Ibis.Domain.Licensing;
using Ibis.Server.Auth;
using Ibis.Server.Compliance;
using Ibis.Server.Funds;
using Ibis.Server.Privacy;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// Issue 15, "Done when": a simulated year on a sandbox installation — on PostgreSQL two nodes on one
/// database, on SQLite the single node — with the clock moved in big steps and the nodes restarted in
/// between. The events that open each duty are planted (a lost and a defective device, a revocation, a
/// security weakness, a sanction, test indicia, a monthly statement, the daily transactions and the
/// retention), and the scheduled work of every node runs at each step — on PostgreSQL both nodes at once,
/// which is more than the clustered scheduler ever does (it runs a job on one node at a time). Asserted:
/// each duty opens once and gives each notice once, not before its moment; every notice reaches the SMTP
/// server exactly once; every overdue duty is escalated; the API and the compliance page show one set.
/// </summary>
public abstract partial class ComplianceYearOnNodesTests(DatabaseKind kind, ITestOutputHelper output)
{
    // A Monday with no federal holiday that week: the defective device's 3 business days end on Thursday.
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
    private const string ProviderEmail = "provider@sandbox.ibis.test";
    private const string PostalEmail = "postal@sandbox.ibis.test";
    private const string LicenseeEmail = "licensee@sandbox.ibis.test";

    /// <summary>The scheduler's jobs (ComplianceJobs), each run in its own scope as a firing would.</summary>
    private static readonly (string Name, Func<IServiceProvider, Task> Run)[] Jobs =
    [
        ("retention-disposal", async sp => await sp.GetRequiredService<RetentionDisposal>().Run(default, RetentionDisposal.DailyJob)),
        ("test-indicia-destruction", async sp => await sp.GetRequiredService<TestIndiciaDestruction>().RunDue(default)),
        ("monthly-statements", async sp => await sp.GetRequiredService<MonthlyStatements>().RunDue(default)),
        ("monthly-lost-stolen-file", async sp => await sp.GetRequiredService<Ibis.Server.Psd.ProduceLostStolenFile>().RunDue(default)),
        ("daily-financial-transactions", async sp => await sp.GetRequiredService<TransmitDailyFinancialTransactions>().Run(default)),
        ("sweep-duties", async sp => await sp.GetRequiredService<SweepDuties>().Run(default)),
        ("deliver-outbox", async sp => await sp.GetRequiredService<DeliverOutbox>().Run(default)),
    ];

    private readonly List<IbisApp> _nodes = [];

    private IbisApp A => _nodes[0];

    /// <summary>The second node on PostgreSQL; the only one on SQLite.</summary>
    private IbisApp B => _nodes[^1];

    /// <summary>
    /// One firing of every job on every node, the nodes at once. A job that loses a race to the other
    /// node (a unique key the other committed first) fails as a Quartz firing would and is caught up by
    /// the next one, which runs here at once on a single node.
    /// </summary>
    private async Task Tick()
    {
        var conflicts = await Task.WhenAll(_nodes.Select(RunJobs));
        if (conflicts.Sum() == 0) return;
        output.WriteLine($"{conflicts.Sum()} job firing(s) lost a race to the other node; the next firing catches up");
        Assert.Equal(0, await RunJobs(B));
    }

    private static async Task<int> RunJobs(IbisApp node)
    {
        var conflicts = 0;
        foreach (var (_, run) in Jobs)
        {
            await using var scope = node.Services.CreateAsyncScope();
            try
            {
                await run(scope.ServiceProvider);
            }
            catch (DbUpdateException)
            {
                conflicts++;
            }
        }
        return conflicts;
    }

    /// <summary>Stops a node and starts it again on the same database, as an operator's restart.</summary>
    private void Restart(int node) => _nodes[node] = _nodes[node].Restart();

    private static async Task<List<JsonNode>> All(HttpClient client, string query)
    {
        var all = new List<JsonNode>();
        string? after = null;
        while (true)
        {
            var page = await client.GetAsync($"/v1/compliance/duties?limit=100&{query}" + (after is null ? "" : $"&starting_after={after}")).Ok();
            var data = page["data"]!.AsArray().Select(d => d!).ToList();
            all.AddRange(data);
            if (!(bool)page["has_more"]! || data.Count == 0) return all;
            after = (string)data[^1]["id"]!;
        }
    }

    private static async Task<JsonNode> Duty(HttpClient client, string rule, string subject) =>
        Assert.Single(await All(client, $"rule={rule}&subject_id={subject}"));

    private static string Status(JsonNode duty) => (string)duty["status"]!;

    private static List<ReceivedMail> Mails(TestSmtpServer smtp, string source) => smtp.Received.Where(m => m.Source == source).ToList();

    [SkippableFact]
    public async Task AYearOnTwoNodes_WithRestarts_EachDutyOnceWhenDue_EveryNoticeMailedOnce_OverdueEscalated_PageMatchesApi()
    {
        var clock = new SettableClock(Start);
        await using var smtp = new TestSmtpServer();
        var settings = new Dictionary<string, string>(smtp.Settings) { ["Ibis:Scheduler:Enabled"] = "false" };
        try
        {
            _nodes.Add(new IbisApp(kind, clock, settings));
            var who = A.Sandbox;
            if (kind == DatabaseKind.Postgres) _nodes.Add(new IbisApp(A, settings));
            await Year(clock, smtp, who);
        }
        finally
        {
            // The first node owns the database: the others stop before it drops it.
            for (var i = _nodes.Count - 1; i >= 0; i--) _nodes[i].Dispose();
        }
    }

    private async Task Year(SettableClock clock, TestSmtpServer smtp, Ibis.Server.Sandbox.SandboxCredentials who)
    {
        var lost = await A.NewLicensee("Year Lost Mailer");
        var broken = await B.NewLicensee("Year Defective Mailer");
        var revoked = await A.NewLicensee("Year Revoked Mailer");
        var providerId = await A.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.ProviderId).SingleAsync());
        var sandboxLicensee = await A.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.LicenseeId!).SingleAsync());
        var accountId = await A.AccountOf(sandboxLicensee);
        await A.WithDb(db => db.DepositAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.MonthlyStatement, true)));

        // Day 0: the events that open the duties, planted through both nodes.
        await A.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter(date: "2027-01-04", zip: null)).Ok(HttpStatusCode.Created);
        var loss = (string)(await B.ClientFor(lost.ApiKey).PostJson($"/v1/devices/{lost.DeviceId}/loss-report",
            new { kind = "stolen", occurred_on = "2027-01-03", place = "parked van", details = "taken with the van", police_report_reference = "PD-1" }).Ok(HttpStatusCode.Created))["id"]!;
        var defect = (string)(await A.ClientFor(broken.ApiKey).PostJson($"/v1/devices/{broken.DeviceId}/defect-report",
            new { details = "the registers stop moving after each print" }).Ok(HttpStatusCode.Created))["id"]!;
        var weakness = (string)(await B.Provider().PostJson("/v1/cases", new { device_id = broken.DeviceId, kind = "suspected_abuse", detail = "one serial printed from two addresses" }).Ok(HttpStatusCode.Created))["id"]!;
        var sanction = (string)(await A.Postal().PostJson($"/v1/providers/{providerId}/sanctions",
            new { basis = "distribution_controls", action = "administrative_sanction", grounds = "lost PSD reported late (§502.24)", amount = "250.000" }).Ok(HttpStatusCode.Created))["id"]!;
        var license = await A.WithDb(db => db.Licenses.Where(l => l.LicenseeId == revoked.LicenseeId && l.Status == LicenseStatus.Valid).Select(l => l.Id).SingleAsync());
        await (await B.As(Caller.LicensingOfficialRole)).PostJson($"/v1/licenses/{license}/revocation", new { reason = "b", detail = "watchdog missed" }).Ok();
        await Tick();

        var postal = A.Postal();
        var retrieval = await Duty(postal, "defective_device_retrieved_within_3_business_days", defect);
        var incident = await Duty(postal, "lost_stolen_incident_report_within_30_days", loss);
        var preliminary = await Duty(postal, "security_weakness_preliminary_report_within_21_days", weakness);
        var defense = await Duty(postal, "sanction_defense_within_30_days", sanction);
        var appeal = await Duty(postal, "appeal_within_10_days", license);
        var removal = await Duty(postal, "remove_device_after_revocation", revoked.DeviceId);
        Assert.All(new[] { retrieval, incident, preliminary, defense, appeal, removal }, d => Assert.Equal("due", Status(d)));
        Assert.DoesNotContain(smtp.Received, m => m.Source!.EndsWith(":overdue", StringComparison.Ordinal) || m.Source!.EndsWith(":escalation", StringComparison.Ordinal));
        // The written notice of the sanction (one event of its history), mailed once.
        Assert.Single(smtp.Received, m => m.To == ProviderEmail && m.Source!.StartsWith("sanction:", StringComparison.Ordinal));

        // Thursday noon, node B restarted: day 0's test indicia are destroyed; the retrieval is not yet late.
        Restart(_nodes.Count - 1);
        clock.Set(new DateTimeOffset(2027, 1, 7, 12, 0, 0, TimeSpan.Zero));
        await Tick();
        Assert.Equal("done", Status(await Duty(B.Provider(), "test_indicia_destroyed_daily", $"{providerId}:2027-01-04")));
        Assert.Equal("due", Status(await Duty(B.Postal(), "defective_device_retrieved_within_3_business_days", defect)));
        Assert.Empty(Mails(smtp, $"duty:{retrieval["id"]}:overdue"));

        // Friday, node A restarted: the retrieval is late — the provider told once, the Postal Service once.
        Restart(0);
        clock.Set(new DateTimeOffset(2027, 1, 8, 9, 0, 0, TimeSpan.Zero));
        await Tick();
        await Tick();
        Assert.Equal(ProviderEmail, Assert.Single(Mails(smtp, $"duty:{retrieval["id"]}:overdue")).To);
        Assert.Equal(PostalEmail, Assert.Single(Mails(smtp, $"duty:{retrieval["id"]}:escalation")).To);
        Assert.Equal("overdue", Status(await Duty(A.Postal(), "defective_device_retrieved_within_3_business_days", defect)));

        // 16 days on: the appeal window closed unused (lapsed, no overdue notice); the device not removed is escalated.
        clock.Set(Start.AddDays(16));
        await Tick();
        var lapsed = await Duty(B.Postal(), "appeal_within_10_days", license);
        Assert.Equal(("done", "lapsed"), (Status(lapsed), (string?)lapsed["outcome"]));
        // No node swept inside the reminder's window (the clock jumped past the deadline), so none is sent late.
        Assert.Empty(Mails(smtp, $"duty:{appeal["id"]}:reminder"));
        Assert.Empty(Mails(smtp, $"duty:{appeal["id"]}:overdue"));
        Assert.Equal(PostalEmail, Assert.Single(Mails(smtp, $"duty:{removal["id"]}:escalation")).To);

        // Both nodes restarted; 22 days after discovery the §502.14(b) preliminary notice is missed.
        Restart(0);
        if (_nodes.Count > 1) Restart(1);
        clock.Set(Start.AddDays(22));
        await Tick();
        Assert.Equal("overdue", Status(await Duty(A.Postal(), "security_weakness_preliminary_report_within_21_days", weakness)));
        Assert.Equal(PostalEmail, Assert.Single(Mails(smtp, $"duty:{preliminary["id"]}:escalation")).To);

        // February 1st: January's statement (P050 3.5c) and lost-and-stolen file (§502.20(k)), once each.
        clock.Set(new DateTimeOffset(2027, 2, 1, 2, 0, 0, TimeSpan.Zero));
        await Tick();
        await Tick();
        Assert.Equal(LicenseeEmail, Assert.Single(Mails(smtp, $"statement:{accountId}:2027-01")).To);
        Assert.Equal("done", Status(await Duty(B.Provider(), "monthly_statement", $"{accountId}:2027-01")));
        Assert.Single(await All(B.Postal(), "rule=monthly_lost_stolen_file&status=done"), d => ((string)d["subject_id"]!).Contains("2027-01", StringComparison.Ordinal));

        // A month after the report: the lost-and-stolen incident report is late; the undefended sanction took effect.
        clock.Set(Start.AddDays(31) + TimeSpan.FromHours(1));
        await Tick();
        Assert.Equal(PostalEmail, Assert.Single(Mails(smtp, $"duty:{incident["id"]}:escalation")).To);
        Assert.Equal("in_effect", (string?)(await B.Postal().GetAsync($"/v1/providers/{providerId}/sanctions/{sanction}").Ok())["stage"]);
        var lapsedDefense = await Duty(A.Postal(), "sanction_defense_within_30_days", sanction);
        Assert.Equal(("done", "lapsed"), (Status(lapsedDefense), (string?)lapsedDefense["outcome"]));

        // The rest of the year in 30-day steps, a node restarted every third step.
        for (var step = 1; clock.GetUtcNow() < Start.AddYears(1); step++)
        {
            clock.Advance(TimeSpan.FromDays(30));
            if (step % 3 == 0) Restart(step / 3 % _nodes.Count);
            await Tick();
        }
        await Tick();

        await EachDutyOnce_NotBeforeItsMoment_OverdueEscalated(clock, smtp);
        await EveryNoticeReachedTheServerOnce(smtp);
        foreach (var role in new[] { "postal", "provider" })
            await PageShowsWhatTheApiShows(role == "postal" ? A : B, who.Logins.First(l => l.Role == role));
    }

    private async Task EachDutyOnce_NotBeforeItsMoment_OverdueEscalated(SettableClock clock, TestSmtpServer smtp)
    {
        var now = clock.GetUtcNow();
        var duties = await A.WithDb(db => db.Duties.AsNoTracking().ToListAsync());
        var rules = A.Services.GetServices<IDutySource>().Select(s => s.Rule).ToDictionary(r => r.Code);
        output.WriteLine($"{duties.Count} duties of {duties.Select(d => d.Rule).Distinct().Count()} rules over the year; {smtp.Received.Count} mails");
        // Each planted kind of duty opened during the year.
        foreach (var rule in new[]
                 {
                     "reset_or_audit_every_3_months", "remove_device_after_revocation", "test_indicia_destroyed_daily", "daily_financial_transactions",
                     "monthly_statement", "lost_stolen_incident_report_within_30_days", "defective_device_retrieved_within_3_business_days",
                     "appeal_within_10_days", "ams_update_every_6_months", "daily_retention_disposal", "monthly_lost_stolen_file",
                     "sanction_defense_within_30_days", "security_weakness_preliminary_report_within_21_days",
                 })
            Assert.Contains(duties, d => d.Rule == rule);
        // No duty twice: one row per rule, subject and deadline, and never two open at once for a subject.
        Assert.All(duties.GroupBy(d => (d.Rule, d.SubjectId, d.DueAt)), g => Assert.Single(g));
        Assert.All(duties.Where(d => d.State == DutyState.Open).GroupBy(d => (d.Rule, d.SubjectId)), g => Assert.Single(g));

        var messages = await A.WithDb(db => db.Outbox.AsNoTracking().Where(m => m.DutyId != null).ToListAsync());
        foreach (var d in duties)
        {
            var rule = rules[d.Rule];
            // Never before its moment.
            if (d.RemindedAt is { } reminded) Assert.True(reminded < d.DueAt && reminded >= d.DueAt - rule.ReminderLead, $"{d.Id} ({d.Rule}) reminded at {reminded:O}, due {d.DueAt:O}");
            if (d.OverdueNoticedAt is { } overdue) Assert.True(overdue >= d.DueAt, $"{d.Id} ({d.Rule}) overdue notice at {overdue:O}, due {d.DueAt:O}");
            if (d.EscalatedAt is { } escalated) Assert.True(escalated >= d.DueAt, $"{d.Id} ({d.Rule}) escalated at {escalated:O}, due {d.DueAt:O}");
            // Every duty overdue now has been told and, where its rule says so, escalated — once.
            var late = d.State == DutyState.Open && d.DueAt <= now;
            if (late) Assert.True(d.OverdueNoticedAt is not null, $"{d.Id} ({d.Rule}, due {d.DueAt:O}) is overdue with no overdue notice");
            if ((late || d.OverdueNoticedAt is not null) && rule.EscalatesTo is not null)
            {
                Assert.True(d.EscalatedAt is not null, $"{d.Id} ({d.Rule}, due {d.DueAt:O}) is overdue and not escalated");
                var escalations = messages.Where(m => m.DutyId == d.Id && m.Kind == "escalation").ToList();
                Assert.NotEmpty(escalations);
                Assert.All(escalations.GroupBy(m => m.UserId), g => Assert.Single(g));
            }
            foreach (var kind in new[] { "reminder", "overdue", "escalation" })
                Assert.All(messages.Where(m => m.DutyId == d.Id && m.Kind == kind).GroupBy(m => m.UserId), g => Assert.Single(g));
        }
    }

    private async Task EveryNoticeReachedTheServerOnce(TestSmtpServer smtp)
    {
        await Tick();
        var outbox = await A.WithDb(db => db.Outbox.AsNoTracking().ToListAsync());
        Assert.All(outbox, m => Assert.Equal((OutboxMessageStatus.Sent, 1), (m.Status, m.Attempts)));
        Assert.Equal(outbox.Select(m => m.Id + "@ibis").Order(), smtp.Received.Select(m => m.MessageId).Order());
        Assert.All(smtp.Received.GroupBy(m => (m.Source, m.To)), g => Assert.Single(g));
        Assert.Equal(outbox.Count, await A.WithDb(db => db.OutboxDeliveries.CountAsync(d => d.Outcome == "sent")));
    }

    /// <summary>The compliance page of a signed-in user lists the duties GET /v1/compliance/duties gives the same user.</summary>
    private static async Task PageShowsWhatTheApiShows(IbisApp node, Ibis.Server.Sandbox.SandboxLogin login)
    {
        var client = node.CreateClient();
        var signedIn = await client.PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password });
        Assert.True(signedIn.IsSuccessStatusCode, $"sign-in as {login.Role}: {(int)signedIn.StatusCode}");
        var response = await client.GetAsync("/portal/compliance");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var shown = DutyRow().Matches(html).Select(m => (Id: m.Groups[1].Value, Status: m.Groups[2].Value)).ToList();
        foreach (var status in new[] { "overdue", "due" })
        {
            var api = (await All(client, $"status={status}")).Select(d => (string)d["id"]!).Order().ToList();
            Assert.Equal(api, shown.Where(s => s.Status == status).Select(s => s.Id).Order().ToList());
        }
        var done = (await All(client, "status=done")).Select(d => (string)d["id"]!).ToHashSet();
        var doneShown = shown.Where(s => s.Status == "done").ToList();
        Assert.Equal(Math.Min(done.Count, 50), doneShown.Count); // the page shows the 50 most recently done
        Assert.All(doneShown, s => Assert.Contains(s.Id, done));
    }

    [GeneratedRegex("<tr data-duty=\"([^\"]+)\" data-rule=\"[^\"]+\" data-status=\"([^\"]+)\"")]
    private static partial Regex DutyRow();
}

public sealed class SqliteComplianceYearOnNodesTests(ITestOutputHelper output) : ComplianceYearOnNodesTests(DatabaseKind.Sqlite, output);

[Collection("postgres")]
[Infrastructure.RunsLong(60)]
public sealed class PostgresComplianceYearOnNodesTests(ITestOutputHelper output) : ComplianceYearOnNodesTests(DatabaseKind.Postgres, output);
