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

namespace Ibis.Server.Tests.Reporting;

/// <summary>
/// §502.14 (issue 15): a potential security weakness is a case; the provider notifies the Postal Service
/// within 21 days of discovery, sends the written report within 45 days of that notice, status reports
/// every 30 days, and a summary of findings that ends it. Each deadline is a duty, escalated when missed;
/// the reports go out in order, complete, and reach the Postal Service. Ibis opens the case itself when
/// a device's registers fail their integrity check.
/// </summary>
public abstract class SecurityWeaknessReportTests(DatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2027, 3, 8, 9, 0, 0, TimeSpan.Zero);

    private static async Task Sweep(IbisApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SweepDuties>().Run(default);
    }

    private static async Task<List<JsonNode>> Duties(HttpClient client, string rule, string subject) =>
        (await client.GetAsync($"/v1/compliance/duties?rule={rule}").Ok())["data"]!.AsArray()
        .Where(d => (string?)d!["subject_id"] == subject).Select(d => d!).ToList();

    private static DateTimeOffset At(JsonNode duty) => DateTimeOffset.Parse((string)duty["due_at"]!, CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> File(HttpClient provider, string caseId, object report) =>
        provider.PostJson($"/v1/cases/{caseId}/security-reports", report);

    [SkippableFact]
    public async Task Reports_GoOutInOrder_EachWithinItsDeadline_AndAMissedOneIsEscalated()
    {
        var clock = new SettableClock(Start);
        using var app = new IbisApp(kind, clock, new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });
        var mailer = await app.NewLicensee("Weakness Mailer");
        var provider = app.Provider();
        var licensee = app.ClientFor(mailer.ApiKey);

        await provider.PostJson("/v1/cases", new { device_id = mailer.DeviceId, kind = "rumour", detail = "x" }).Problem(400, "weakness_kind_invalid", "kind");
        await licensee.PostJson("/v1/cases", new { device_id = mailer.DeviceId, kind = "suspected_abuse", detail = "x" }).Problem(403, "forbidden");
        var opened = await provider.PostJson("/v1/cases", new { device_id = mailer.DeviceId, kind = "suspected_abuse", detail = "the same serial number printed from two addresses" }).Ok(HttpStatusCode.Created);
        var caseId = (string)opened["id"]!;

        // §502.14(b): the preliminary notice is due 21 days after discovery.
        await Sweep(app);
        var preliminary = Assert.Single(await Duties(provider, "security_weakness_preliminary_report_within_21_days", caseId));
        Assert.Equal(("due", Start.AddDays(21)), ((string)preliminary["status"]!, At(preliminary)));
        Assert.Contains("§502.14(b)", (string)preliminary["section"]!);

        await File(provider, caseId, new { kind = "written", circumstances = "x", investigative_procedure = "y", anticipated_completion_on = "2027-06-01" }).Problem(409, "security_report_out_of_order");
        await File(provider, caseId, new { kind = "preliminary" }).Problem(400, "security_report_incomplete", "circumstances");
        clock.Set(Start.AddDays(5));
        var notice = await File(provider, caseId, new { kind = "preliminary", circumstances = "two addresses print under one device serial" }).Ok(HttpStatusCode.Created);
        Assert.NotNull((string?)notice["transmission_id"]);
        await File(provider, caseId, new { kind = "preliminary", circumstances = "again" }).Problem(409, "security_report_already_filed");

        // §502.14(c): the written report, 45 days after the notice, says how and by when the investigation runs.
        await Sweep(app);
        Assert.Equal("done", (string)Assert.Single(await Duties(provider, "security_weakness_preliminary_report_within_21_days", caseId))["status"]!);
        var written = Assert.Single(await Duties(provider, "security_weakness_written_report_within_45_days", caseId));
        Assert.Equal(("due", Start.AddDays(50)), ((string)written["status"]!, At(written)));
        await File(provider, caseId, new { kind = "written", circumstances = "x", anticipated_completion_on = "2027-06-01" }).Problem(400, "security_report_incomplete", "investigative_procedure");
        await File(provider, caseId, new { kind = "written", circumstances = "x", investigative_procedure = "y", anticipated_completion_on = "June" }).Problem(400, "date_invalid", "anticipated_completion_on");
        clock.Set(Start.AddDays(20));
        await File(provider, caseId, new { kind = "written", circumstances = "the licensee's second office cloned the device's key store", investigative_procedure = "retrieve both devices; examine the key store; audit every reset since January", anticipated_completion_on = "2027-06-01" }).Ok(HttpStatusCode.Created);

        // Status reports every 30 days: the first is missed and goes to the Postal Service.
        clock.Set(Start.AddDays(51));
        await Sweep(app);
        Assert.Equal("done", (string)Assert.Single(await Duties(provider, "security_weakness_written_report_within_45_days", caseId))["status"]!);
        var status = Assert.Single(await Duties(provider, "security_weakness_status_report", caseId));
        Assert.Equal(("overdue", Start.AddDays(50)), ((string)status["status"]!, At(status)));
        Assert.Equal("overdue", (string)Assert.Single(await Duties(app.Postal(), "security_weakness_status_report", caseId))["status"]!);

        clock.Set(Start.AddDays(52));
        await File(provider, caseId, new { kind = "status", circumstances = "both devices retrieved; key store under examination" }).Ok(HttpStatusCode.Created);
        await Sweep(app);
        var periods = await Duties(provider, "security_weakness_status_report", caseId);
        Assert.Equal("done", (string)periods.Single(d => At(d) == Start.AddDays(50))["status"]!);
        Assert.Equal("due", (string)periods.Single(d => At(d) == Start.AddDays(82))["status"]!);

        // The summary of findings ends the reporting: the open period closes, nothing more may be filed.
        await File(provider, caseId, new { kind = "final", circumstances = "investigation complete" }).Problem(400, "security_report_incomplete", "findings");
        clock.Set(Start.AddDays(60));
        await File(provider, caseId, new { kind = "final", circumstances = "investigation complete", findings = "a copied key store; both devices withdrawn, the key revoked" }).Ok(HttpStatusCode.Created);
        await File(provider, caseId, new { kind = "status", circumstances = "late news" }).Problem(409, "security_reporting_closed");
        await Sweep(app);
        Assert.All(await Duties(provider, "security_weakness_status_report", caseId), d => Assert.Equal("done", (string)d["status"]!));

        // The Postal Service reads them all, in order; a licensee reads none; each went out as a transmission.
        var reports = (await app.Postal().GetAsync($"/v1/cases/{caseId}/security-reports").Ok())["data"]!.AsArray();
        Assert.Equal(["preliminary", "written", "status", "final"], reports.Select(r => (string)r!["kind"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await licensee.GetAsync($"/v1/cases/{caseId}/security-reports")).StatusCode);
        Assert.Equal(4, await app.WithDb(db => db.Transmissions.CountAsync(t => t.Kind == "security_weakness_report" && t.Subject == caseId)));
    }

    [SkippableFact]
    public async Task AnIntegrityFailure_OpensACase_WhoseReportingClockStartsAtOnce()
    {
        var clock = new SettableClock(Start);
        using var app = new IbisApp(kind, clock, new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });
        var mailer = await app.NewLicensee("Tampered Mailer");
        var licensee = app.ClientFor(mailer.ApiKey);
        var id = mailer.DeviceId;
        Assert.Equal(1, await app.Sql($"UPDATE devices SET \"PieceCount\" = \"PieceCount\" + 7 WHERE \"Id\" = {id}"));
        await licensee.PostJson($"/v1/devices/{id}/indicia", PrintingTests.Letter(date: "2027-03-08", zip: null)).Problem(409, "register_integrity_failure");

        var caseId = await app.WithDb(db => db.Cases.Where(c => c.DeviceId == id).Select(c => c.Id).SingleAsync());
        await Sweep(app);
        var duty = Assert.Single(await Duties(app.Provider(), "security_weakness_preliminary_report_within_21_days", caseId));
        Assert.Equal("due", (string)duty["status"]!);
        Assert.InRange(At(duty), Start.AddDays(21).AddMinutes(-1), Start.AddDays(21).AddMinutes(1));
    }
}

[Collection("sqlite")]
public sealed class SqliteSecurityWeaknessReportTests() : SecurityWeaknessReportTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresSecurityWeaknessReportTests() : SecurityWeaknessReportTests(DatabaseKind.Postgres);
