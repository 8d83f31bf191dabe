using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Compliance;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// P050 3.5c: the month's statement of an account on monthly statements is produced and mailed once, and
/// its duty is done. §502.17: each day's test indicia are destroyed and logged by the daily job, once,
/// and the day's duty is done; a missed day is escalated to the Postal Service.
/// </summary>
public abstract class StatementAndTestIndiciaDutyTests(DatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
    private const string LicenseeEmail = "licensee@sandbox.ibis.test";
    private const string PostalEmail = "postal@sandbox.ibis.test";

    /// <summary>The daily job's destruction, the hourly statements, the sweep and the mail — what the scheduler runs.</summary>
    private static async Task Tick(IbisApp app, bool daily = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        if (daily) await sp.GetRequiredService<TestIndiciaDestruction>().RunDue(default);
        await sp.GetRequiredService<MonthlyStatements>().RunDue(default);
        await sp.GetRequiredService<SweepDuties>().Run(default);
        await sp.GetRequiredService<DeliverOutbox>().Run(default);
    }

    private static async Task<JsonNode> Duty(HttpClient client, string rule, string subject)
    {
        var body = await client.GetAsync($"/v1/compliance/duties?rule={rule}&subject_id={subject}").Ok();
        return Assert.Single(body["data"]!.AsArray())!;
    }

    [SkippableFact]
    public async Task MonthlyStatement_MailedOnce_DutyDone_TestIndicia_DestroyedDailyOnce_MissedDayEscalates()
    {
        var clock = new SettableClock(Start);
        await using var smtp = new TestSmtpServer();
        using var app = new IbisApp(kind, clock, new Dictionary<string, string>(smtp.Settings) { ["Ibis:Scheduler:Enabled"] = "false" });
        var who = app.Sandbox;
        var licensee = app.ClientFor(who.ApiKey);
        var provider = app.Provider();
        var postal = app.Postal();
        var providerId = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.ProviderId).SingleAsync());
        var licenseeId = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.LicenseeId!).SingleAsync());
        var accountId = await app.AccountOf(licenseeId);
        await app.WithDb(db => db.DepositAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.MonthlyStatement, true)));

        // Day 0: a test indicium is printed; the day is not over, so nothing is destroyed yet.
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter(date: "2027-01-04", zip: null)).Ok(HttpStatusCode.Created);
        await Tick(app);
        Assert.Empty((await provider.GetAsync("/v1/compliance/test-indicia-destructions").Ok())["data"]!.AsArray());
        var day0 = $"{providerId}:2027-01-04";

        // The next day the daily job destroys and logs day 0 — once, however often it runs.
        clock.Advance(TimeSpan.FromDays(1));
        await Tick(app);
        await Tick(app);
        var log = (await provider.GetAsync("/v1/compliance/test-indicia-destructions").Ok())["data"]!.AsArray();
        var line = Assert.Single(log)!;
        Assert.Equal(("2027-01-04", providerId, "daily_job"), ((string?)line["day"], (string?)line["provider_id"], (string?)line["trigger"]));
        Assert.True((int)line["count"]! >= 1);
        Assert.Single((await postal.GetAsync("/v1/compliance/test-indicia-destructions").Ok())["data"]!.AsArray());
        await licensee.GetAsync("/v1/compliance/test-indicia-destructions").Problem(403, "forbidden");
        var destroyed = await Duty(provider, "test_indicia_destroyed_daily", day0);
        Assert.Equal("done", (string?)destroyed["status"]);
        Assert.Equal("§502.17", (string?)destroyed["section"]);

        // A day whose destruction the daily job did not run: overdue by the end of the next day, escalated once.
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter(date: "2027-01-05", zip: null)).Ok(HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromDays(2));
        await Tick(app, daily: false);
        await Tick(app, daily: false);
        var missed = await Duty(postal, "test_indicia_destroyed_daily", $"{providerId}:2027-01-05");
        Assert.Equal("overdue", (string?)missed["status"]);
        Assert.Equal(PostalEmail, Assert.Single(smtp.Received, m => m.Source == $"duty:{missed["id"]}:escalation").To);
        await Tick(app);
        Assert.Equal("done", (string?)(await Duty(postal, "test_indicia_destroyed_daily", $"{providerId}:2027-01-05"))["status"]);

        // January ends: its statement is produced and mailed to the licensee once; the duty is done.
        clock.Set(new DateTimeOffset(2027, 2, 1, 2, 0, 0, TimeSpan.Zero));
        await Tick(app);
        await Tick(app);
        var statements = smtp.Received.Where(m => m.Source == $"statement:{accountId}:2027-01").ToList();
        var statement = Assert.Single(statements);
        Assert.Equal(LicenseeEmail, statement.To);
        Assert.Contains("P050 3.5c", statement.Subject);
        Assert.Contains("Closing balance", statement.Body);
        Assert.Contains("sequence,date,transaction_id", statement.Body);
        var duty = await Duty(provider, "monthly_statement", $"{accountId}:2027-01");
        Assert.Equal("done", (string?)duty["status"]);
        Assert.Equal(new DateTimeOffset(2027, 2, 4, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)duty["due_at"]!, CultureInfo.InvariantCulture));
        // February's is not owed before February ends.
        Assert.Empty((await provider.GetAsync($"/v1/compliance/duties?rule=monthly_statement&subject_id={accountId}:2027-02").Ok())["data"]!.AsArray());
    }
}

public sealed class SqliteStatementAndTestIndiciaDutyTests() : StatementAndTestIndiciaDutyTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresStatementAndTestIndiciaDutyTests() : StatementAndTestIndiciaDutyTests(DatabaseKind.Postgres);
