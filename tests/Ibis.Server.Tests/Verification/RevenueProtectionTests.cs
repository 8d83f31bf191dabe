using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>
/// Issue 14 item 3 (§502.25(b)): the revenue-protection figures — duplicates, invalid and late pieces by device,
/// licensee and provider over time, and its CSV export — against a planted stream of scan events; and a device
/// whose scans cross the suspect threshold opened as a case once per episode, in the inspector's queue.
/// </summary>
public abstract class RevenueProtectionTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private const string Purpose = "revenue protection review, 502.25(b)";

    [SkippableFact]
    public async Task PlantedStream_GivesExactFigures_ByDeviceLicenseeAndProvider_OverTime_AndAsCsv()
    {
        var postal = await App.LivePostal();
        var copier = await App.LiveMailer("Copying Mailer");
        var honest = await App.LiveMailer("Counted Mailer");
        var a = await App.ClientFor(copier.ApiKey).PrintPieces(copier.DeviceId, 12);
        var b = await App.ClientFor(honest.ApiKey).PrintPieces(honest.DeviceId, 3);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // Copier: 10 valid, then 3 copies, 2 forgeries and 2 pieces scanned a month late. Honest: 3 valid and 1 copy.
        await postal.Scan(a.Take(10).Select((p, i) => ScanWorld.Event(p, "ATLANTA GA P&DC", now.AddSeconds(i))));
        await postal.Scan(a.Take(3).Select(p => ScanWorld.Event(p, "MIAMI FL P&DC", now))
            .Concat(a.Skip(3).Take(2).Select(p => ScanWorld.Event(ScanWorld.Forged(p), "MIAMI FL P&DC", now)))
            .Concat(a.Skip(10).Select(p => ScanWorld.Event(p, "MIAMI FL P&DC", now.AddDays(30))))
            .Concat(b.Select(p => ScanWorld.Event(p, "BOSTON MA P&DC", now)))
            .Append(ScanWorld.Event(b[0], "BOSTON MA P&DC", now))
            .Append(ScanWorld.Event(Convert.ToBase64String([9, 9, 9]), "BOSTON MA P&DC", now)));

        var period = $"from={today:yyyy-MM-dd}&to={today.AddDays(31):yyyy-MM-dd}&purpose={Uri.EscapeDataString(Purpose)}";
        var byDevice = await postal.GetAsync($"/v1/oversight/revenue-protection?{period}&group_by=device&licensee_id={copier.LicenseeId}").Ok();
        Assert.Equal("day", (string)byDevice["granularity"]!);
        AssertFigures(byDevice["totals"]!, scanned: 17, valid: 10, duplicates: 3, late: 2, invalid: 2, forgeries: 2);
        var device = byDevice["groups"]!.AsArray().Single()!;
        Assert.Equal(copier.DeviceId, (string)device["key"]!);
        Assert.Equal(copier.LicenseeId, (string)device["licensee_id"]!);
        AssertFigures(device["figures"]!, 17, 10, 3, 2, 2, 2);
        // Over time: every day of the period is there; today has all but the late pieces, which are on the day they were scanned.
        var series = byDevice["series"]!.AsArray();
        Assert.Equal(32, series.Count);
        AssertFigures(series.Single(s => (string)s!["period"]! == $"{today:yyyy-MM-dd}")!["figures"]!, 15, 10, 3, 0, 2, 2);
        AssertFigures(series.Single(s => (string)s!["period"]! == $"{today.AddDays(30):yyyy-MM-dd}")!["figures"]!, 2, 0, 0, 2, 0, 0);
        Assert.Equal(17L, series.Sum(s => (long)s!["figures"]!["scanned"]!));

        var byLicensee = await postal.GetAsync($"/v1/oversight/revenue-protection?{period}&group_by=licensee&licensee_id={honest.LicenseeId}").Ok();
        var licensee = byLicensee["groups"]!.AsArray().Single()!;
        Assert.Equal(honest.LicenseeId, (string)licensee["key"]!);
        AssertFigures(licensee["figures"]!, 4, 3, 1, 0, 0, 0);

        // A provider's row is the sum of its devices' rows (other tests scan the same provider's devices).
        var providerId = await App.WithDb(db => db.Devices.Where(d => d.Id == copier.DeviceId).Select(d => d.ProviderId).SingleAsync());
        var byProvider = await postal.GetAsync($"/v1/oversight/revenue-protection?{period}&group_by=provider&provider_id={providerId}").Ok();
        var devices = await postal.GetAsync($"/v1/oversight/revenue-protection?{period}&group_by=device&provider_id={providerId}").Ok();
        var providerRow = byProvider["groups"]!.AsArray().Single()!;
        Assert.Equal(providerId, (string)providerRow["key"]!);
        Assert.Equal((long)devices["totals"]!["duplicates"]!, (long)providerRow["figures"]!["duplicates"]!);
        Assert.Equal((long)devices["totals"]!["scanned"]!, (long)providerRow["figures"]!["scanned"]!);
        Assert.True((long)providerRow["figures"]!["duplicates"]! >= 3);

        // Weeks and months fold the same days.
        var monthly = await postal.GetAsync($"/v1/oversight/revenue-protection?{period}&granularity=month&device_id={copier.DeviceId}").Ok();
        Assert.Equal(17L, monthly["series"]!.AsArray().Sum(s => (long)s!["figures"]!["scanned"]!));
        Assert.All(monthly["series"]!.AsArray(), s => Assert.EndsWith("-01", (string)s!["period"]!));

        // The CSV export: a line per day and device, the same figures.
        var csv = await postal.GetAsync($"/v1/oversight/revenue-protection?{period}&device_id={copier.DeviceId}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("period_start,granularity,device_id,provider_id,licensee_id,scanned,valid,duplicates,late,invalid,forgeries", lines[0]);
        Assert.Equal([
            $"{today:yyyy-MM-dd},day,{copier.DeviceId},{providerId},{copier.LicenseeId},15,10,3,0,2,2",
            $"{today.AddDays(30):yyyy-MM-dd},day,{copier.DeviceId},{providerId},{copier.LicenseeId},2,0,0,2,0,0",
        ], lines[1..]);

        // Every read logged with its purpose; bad parameters are problems naming them; others have no access.
        var log = await (await App.LiveKey(Caller.AuditorRole)).GetAsync($"/v1/oversight/reads?subject_id={copier.DeviceId}&limit=100").Ok();
        Assert.Contains(log["data"]!.AsArray(), r => (string)r!["resource"]! == "revenue_protection_export" && (string)r["purpose"]! == Purpose);
        await BadInputTests.AssertProblem(await postal.GetAsync("/v1/oversight/revenue-protection"), 400, "purpose_required", "purpose", "no purpose");
        await BadInputTests.AssertProblem(await postal.GetAsync("/v1/oversight/revenue-protection?format=csv"), 400, "purpose_required", "purpose", "no purpose, csv");
        await BadInputTests.AssertProblem(await postal.GetAsync($"/v1/oversight/revenue-protection?purpose={Uri.EscapeDataString(Purpose)}&from=2026-13-01"), 400, "date_invalid", "from", "bad date");
        await BadInputTests.AssertProblem(await postal.GetAsync($"/v1/oversight/revenue-protection?purpose={Uri.EscapeDataString(Purpose)}&group_by=zip"), 400, "group_by_invalid", "group_by", "bad group");
        await BadInputTests.AssertProblem(await App.ClientFor(copier.ProviderApiKey).GetAsync($"/v1/oversight/revenue-protection?purpose={Uri.EscapeDataString(Purpose)}"), 403, "forbidden", null, "provider");
    }

    [SkippableFact]
    public async Task ADeviceCrossingTheThreshold_IsOpenedAsACase_OncePerEpisode_InTheInspectorsQueue()
    {
        var postal = await App.LivePostal();
        var inspector = await App.LiveKey(Caller.InspectorRole);
        var copier = await App.LiveMailer("Serial Copier");
        var pieces = await App.ClientFor(copier.ApiKey).PrintPieces(copier.DeviceId, 12);
        var now = DateTimeOffset.UtcNow;
        await postal.Scan(pieces.Select(p => ScanWorld.Event(p, "DENVER CO P&DC", now)));
        Task<List<string>> Cases() => App.WithDb(db => db.Cases.Where(c => c.DeviceId == copier.DeviceId && c.Kind == "suspect_scans").Select(c => c.Id).ToListAsync());

        // Four copies: under the default threshold of five (docs/operations.md "Revenue protection").
        await postal.Scan(pieces.Take(4).Select(p => ScanWorld.Event(p, "DENVER CO P&DC", now)));
        Assert.Empty(await Cases());
        // The fifth opens the case; more copies while it is open open nothing more.
        await postal.Scan([ScanWorld.Event(pieces[4], "DENVER CO P&DC", now)]);
        var opened = Assert.Single(await Cases());
        await postal.Scan(pieces.Skip(5).Take(3).Select(p => ScanWorld.Event(p, "DENVER CO P&DC", now)));
        Assert.Equal([opened], await Cases());

        // The Inspection Service sees it: in its oversight reads and in its queue.
        var cases = await inspector.GetAsync($"/v1/oversight/devices/{copier.DeviceId}/cases?purpose={Uri.EscapeDataString(Purpose)}").Ok();
        var view = cases["data"]!.AsArray().Single(c => (string)c!["id"]! == opened)!;
        Assert.Contains("5 copied", (string)view["detail"]!);
        var dashboard = await inspector.GetAsync($"/v1/oversight/revenue-protection?purpose={Uri.EscapeDataString(Purpose)}&device_id={copier.DeviceId}").Ok();
        Assert.Equal(opened, (string)dashboard["groups"]![0]!["open_suspect_case_id"]!);
        Assert.Contains(dashboard["suspect_cases"]!.AsArray(), c => (string)c!["id"]! == opened);

        // The case is resolved; a later episode counts only what came after it.
        var yesterday = now.AddDays(-1);
        await App.WithDb(db => db.Cases.Where(c => c.Id == opened).ExecuteUpdateAsync(s => s.SetProperty(c => c.ResolvedAt, yesterday).SetProperty(c => c.Finding, "double feed at the mailer")));
        await App.WithDb(db => db.ScanTallies.Where(t => t.DeviceId == copier.DeviceId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Day, DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2))));
        var reprint = await App.ClientFor(copier.ApiKey).PrintPieces(copier.DeviceId, 5);
        await postal.Scan(reprint.Select(p => ScanWorld.Event(p, "DENVER CO P&DC", now)));
        await postal.Scan(reprint.Take(4).Select(p => ScanWorld.Event(p, "DENVER CO P&DC", now)));
        Assert.Equal([opened], await Cases());
        await postal.Scan([ScanWorld.Event(reprint[4], "DENVER CO P&DC", now)]);
        Assert.Equal(2, (await Cases()).Count);
    }

    private static void AssertFigures(JsonNode f, long scanned, long valid, long duplicates, long late, long invalid, long forgeries)
    {
        Assert.Equal(
            new[] { scanned, valid, duplicates, late, invalid, forgeries },
            new[] { (long)f["scanned"]!, (long)f["valid"]!, (long)f["duplicates"]!, (long)f["late"]!, (long)f["invalid"]!, (long)f["forgeries"]! });
    }
}

[Collection("sqlite")]
public sealed class SqliteRevenueProtectionTests(SqliteAppFixture f) : RevenueProtectionTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresRevenueProtectionTests(PostgresAppFixture f) : RevenueProtectionTests(() => f.App), IClassFixture<PostgresAppFixture>;
