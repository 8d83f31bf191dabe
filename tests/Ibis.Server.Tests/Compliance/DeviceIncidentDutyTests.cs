using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Compliance;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// The device life cycle's deadlines have consequences (issue 15 with issue 12): the Lost and Stolen PSD
/// Incident Report due 30 days after the report (§502.20(g)) and a defective device's retrieval due 3
/// business days after its report (§502.20(f)) are duties of the provider, overdue (and escalated to the
/// Postal Service) once the day passes, done once the incident records the act.
/// </summary>
public abstract class DeviceIncidentDutyTests(DatabaseKind kind)
{
    // A Monday with no federal holiday in the next week, so 3 business days end on Thursday.
    private static readonly DateTimeOffset Start = new(2027, 3, 8, 9, 0, 0, TimeSpan.Zero);

    private static async Task Sweep(IbisApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SweepDuties>().Run(default);
    }

    private static async Task<JsonNode> Duty(HttpClient client, string rule, string subject)
    {
        var duties = (await client.GetAsync($"/v1/compliance/duties?rule={rule}").Ok())["data"]!.AsArray();
        return Assert.Single(duties, d => (string?)d!["subject_id"] == subject)!;
    }

    [SkippableFact]
    public async Task IncidentReportAndRetrieval_FallDueOnTheirDays_AndEscalateWhenMissed()
    {
        var clock = new SettableClock(Start);
        using var app = new IbisApp(kind, clock, new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });
        var lost = await app.NewLicensee("Lost Duty Mailer");
        var broken = await app.NewLicensee("Defective Duty Mailer");
        var provider = app.Provider();

        var loss = await app.ClientFor(lost.ApiKey).PostJson($"/v1/devices/{lost.DeviceId}/loss-report",
            new { kind = "stolen", occurred_on = "2027-03-07", place = "parked van", details = "taken with the van", police_report_reference = "PD-1" }).Ok(HttpStatusCode.Created);
        var defect = await app.ClientFor(broken.ApiKey).PostJson($"/v1/devices/{broken.DeviceId}/defect-report",
            new { details = "the registers stop moving after each print" }).Ok(HttpStatusCode.Created);
        var lossIncident = (string)loss["id"]!;
        var defectIncident = (string)defect["id"]!;

        await Sweep(app);
        var report = await Duty(provider, "lost_stolen_incident_report_within_30_days", lossIncident);
        Assert.Equal("due", (string)report["status"]!);
        Assert.Contains("§502.20(g)", (string)report["section"]!);
        Assert.Equal(new DateTimeOffset(2027, 4, 8, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)report["due_at"]!, System.Globalization.CultureInfo.InvariantCulture));
        var retrieval = await Duty(provider, "defective_device_retrieved_within_3_business_days", defectIncident);
        Assert.Equal("due", (string)retrieval["status"]!);
        Assert.Equal(new DateTimeOffset(2027, 3, 12, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)retrieval["due_at"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Friday: the retrieval is late; the incident report is not yet.
        clock.Set(new DateTimeOffset(2027, 3, 12, 9, 0, 0, TimeSpan.Zero));
        await Sweep(app);
        Assert.Equal("overdue", (string)(await Duty(provider, "defective_device_retrieved_within_3_business_days", defectIncident))["status"]!);
        Assert.Equal("due", (string)(await Duty(provider, "lost_stolen_incident_report_within_30_days", lossIncident))["status"]!);

        // The device is retrieved (late): the duty is done. A month on, the incident report is overdue.
        await provider.PostJson($"/v1/devices/{broken.DeviceId}/retrieval", new { carrier = "usps", service = "registered_mail", tracking_number = "RE123456789US" }).Ok();
        clock.Set(new DateTimeOffset(2027, 4, 9, 9, 0, 0, TimeSpan.Zero));
        await Sweep(app);
        Assert.Equal("done", (string)(await Duty(provider, "defective_device_retrieved_within_3_business_days", defectIncident))["status"]!);
        Assert.Equal("overdue", (string)(await Duty(provider, "lost_stolen_incident_report_within_30_days", lossIncident))["status"]!);
        // Escalated: the Postal Service sees the missed report among its duties.
        var postalView = await Duty(app.Postal(), "lost_stolen_incident_report_within_30_days", lossIncident);
        Assert.Equal("overdue", (string)postalView["status"]!);
    }
}

[Collection("sqlite")]
public sealed class SqliteDeviceIncidentDutyTests() : DeviceIncidentDutyTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresDeviceIncidentDutyTests() : DeviceIncidentDutyTests(DatabaseKind.Postgres);
