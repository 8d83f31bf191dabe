using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Server.Compliance;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// Two recurring duties (issue 15): the quality-assurance mailpiece every 6 months (P050 2.5h, §502.26),
/// which moves on when a sample is forwarded and goes to the Postal Service when missed; and the monthly
/// file of lost and stolen devices due on the 1st (§502.20(k)), which the daily job produces itself and
/// which is overdue and escalated only when no complete file went out.
/// </summary>
public abstract class QualityAndLostStolenDutyTests(DatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2027, 3, 8, 9, 0, 0, TimeSpan.Zero);

    private static async Task Sweep(IbisApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SweepDuties>().Run(default);
    }

    private static async Task<IReadOnlyList<string>> ProduceMonthlyFiles(IbisApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProduceLostStolenFile>().RunDue(default);
    }

    private static async Task<List<JsonNode>> Duties(HttpClient client, string rule, string subject) =>
        (await client.GetAsync($"/v1/compliance/duties?rule={rule}").Ok())["data"]!.AsArray()
        .Where(d => (string?)d!["subject_id"] == subject).Select(d => d!).ToList();

    private static DateTimeOffset At(JsonNode duty) => DateTimeOffset.Parse((string)duty["due_at"]!, CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task QualitySample_IsDueSixMonthsAfterInitialization_MovesOnWithEachSample_AndEscalatesWhenMissed()
    {
        var clock = new SettableClock(Start);
        using var app = new IbisApp(kind, clock, new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });
        var mailer = await app.NewLicensee("Sampling Duty Mailer");
        var licensee = app.ClientFor(mailer.ApiKey);

        await Sweep(app);
        var first = Assert.Single(await Duties(licensee, "mailpiece_sample_every_6_months", mailer.DeviceId));
        Assert.Equal("due", (string)first["status"]!);
        Assert.Contains("§502.26", (string)first["section"]!);
        Assert.Equal(Start.AddMonths(6), At(first));

        // Two months on the licensee forwards a printed piece: that duty is done and the next falls 6 months later.
        clock.Set(Start.AddMonths(2));
        var printed = await licensee.PostJson($"/v1/devices/{mailer.DeviceId}/indicia", PrintingTests.Letter(date: "2027-05-08", zip: null)).Ok(HttpStatusCode.Created);
        var scan = Convert.ToBase64String(PngWriter.Encode(DataMatrixEncoder.Encode(Convert.FromBase64String((string)printed["barcode_data"]!)), pixelsPerModule: 6, quietZoneModules: 2));
        await licensee.PostJson($"/v1/devices/{mailer.DeviceId}/quality-samples", new Dictionary<string, string> { ["scan_png"] = scan }).Ok(HttpStatusCode.Created);
        await Sweep(app);
        var duties = await Duties(licensee, "mailpiece_sample_every_6_months", mailer.DeviceId);
        Assert.Equal(2, duties.Count);
        Assert.Equal("done", (string)duties.Single(d => At(d) == Start.AddMonths(6))["status"]!);
        var next = duties.Single(d => At(d) != Start.AddMonths(6));
        Assert.Equal(("due", Start.AddMonths(8)), ((string)next["status"]!, At(next)));

        // No sample since: once the day passes the duty is overdue, and the Postal Service sees it (§502.26).
        clock.Set(Start.AddMonths(8).AddDays(1));
        await Sweep(app);
        Assert.Equal("overdue", (string)(await Duties(licensee, "mailpiece_sample_every_6_months", mailer.DeviceId)).Single(d => At(d) == Start.AddMonths(8))["status"]!);
        Assert.Contains(await Duties(app.Postal(), "mailpiece_sample_every_6_months", mailer.DeviceId), d => At(d) == Start.AddMonths(8) && (string)d["status"]! == "overdue");
    }

    [SkippableFact]
    public async Task MonthlyLostStolenFile_IsProducedOnTheFirst_AndAMissedMonthIsEscalatedUntilItsFileGoesOut()
    {
        var clock = new SettableClock(Start);
        using var app = new IbisApp(kind, clock, new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });
        var provider = app.Provider();
        var sandboxDevice = app.Sandbox.DeviceId;
        var providerId = await app.WithDb(db => db.Devices.Where(d => d.Id == sandboxDevice).Select(d => d.ProviderId).SingleAsync());
        string Subject(string month) => $"{providerId}:{month}";

        // March has not ended: nothing is owed, and the job makes nothing.
        Assert.Empty(await ProduceMonthlyFiles(app));
        await Sweep(app);
        Assert.Empty(await Duties(provider, "monthly_lost_stolen_file", Subject("2027-03")));

        // The 1st of April: the job transmits March's file and the duty is done on its day.
        clock.Set(new DateTimeOffset(2027, 4, 1, 0, 30, 0, TimeSpan.Zero));
        Assert.NotEmpty(await ProduceMonthlyFiles(app));
        Assert.Empty(await ProduceMonthlyFiles(app)); // idempotent: a month already sent is not sent again
        await Sweep(app);
        var march = Assert.Single(await Duties(provider, "monthly_lost_stolen_file", Subject("2027-03")));
        Assert.Equal(("done", new DateTimeOffset(2027, 4, 2, 0, 0, 0, TimeSpan.Zero)), ((string)march["status"]!, At(march)));
        Assert.Contains("§502.20(k)", (string)march["section"]!);

        // The job did not run in May (downtime): on the 2nd, April's file is overdue and escalated to the Postal Service.
        clock.Set(new DateTimeOffset(2027, 5, 2, 9, 0, 0, TimeSpan.Zero));
        await Sweep(app);
        Assert.Equal("overdue", (string)Assert.Single(await Duties(provider, "monthly_lost_stolen_file", Subject("2027-04")))["status"]!);
        Assert.Equal("overdue", (string)Assert.Single(await Duties(app.Postal(), "monthly_lost_stolen_file", Subject("2027-04")))["status"]!);

        // The job catches up: April's file goes out late and the duty closes.
        Assert.NotEmpty(await ProduceMonthlyFiles(app));
        await Sweep(app);
        Assert.Equal("done", (string)Assert.Single(await Duties(provider, "monthly_lost_stolen_file", Subject("2027-04")))["status"]!);
    }
}

[Collection("sqlite")]
public sealed class SqliteQualityAndLostStolenDutyTests() : QualityAndLostStolenDutyTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresQualityAndLostStolenDutyTests() : QualityAndLostStolenDutyTests(DatabaseKind.Postgres);
