using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Verification;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>
/// Issue 14 "done when": a replayed stream of scan events with planted copies, forgeries, revoked
/// certificates, pieces of a device reported lost, late dates and test pieces gets every planted fault
/// flagged and no false flag; copies are caught across requests and concurrent requests (§502.8, P050 4.6).
/// </summary>
public abstract class ScanEventTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private sealed record Planted(object Event, string Verdict, string? FirstSite = null);

    [SkippableFact]
    public async Task ReplayedStream_FlagsEveryPlantedFault_AndNothingElse()
    {
        var postal = await App.LivePostal();
        var honest = await App.LiveMailer("Honest Mailer");
        var revoked = await App.LiveMailer("Revoked Mailer");
        var lost = await App.LiveMailer("Lost Mailer");
        var sandbox = await App.NewLicensee("Sandbox Mailer");
        var good = await App.ClientFor(honest.ApiKey).PrintPieces(honest.DeviceId, 40);
        var fromRevoked = await App.ClientFor(revoked.ApiKey).PrintPieces(revoked.DeviceId, 3);
        var fromLost = await App.ClientFor(lost.ApiKey).PrintPieces(lost.DeviceId, 3);
        var samples = await App.ClientFor(sandbox.ApiKey).PrintPieces(sandbox.DeviceId, 3);

        // §502.28: the key was compromised the day before these pieces' date (a revocation dated before the date of mailing).
        var serial = await App.WithDb(db => db.Certificates.Where(c => c.DeviceId == revoked.DeviceId).Select(c => c.Serial).SingleAsync());
        (await postal.PostJson($"/v1/certificates/{serial}/revocation", new Dictionary<string, string> { ["reason"] = "compromised" })).EnsureSuccessStatusCode();
        await App.WithDb(db => db.Certificates.Where(c => c.Serial == serial).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, DateTimeOffset.UtcNow.AddDays(-2))));
        await App.ReportLost(lost.DeviceId, DateTimeOffset.UtcNow.AddHours(-1));

        var now = DateTimeOffset.UtcNow;
        var siteOf = new Dictionary<int, string>();
        var first = new List<Planted>();
        for (var i = 0; i < 30; i++)
        {
            siteOf[i] = $"DALLAS TX P&DC line {i % 4}";
            if (i == 6) first.Add(new Planted(ScanWorld.Event(ScanWorld.Forged(good[6]), "FORGER ROW", now), "signature_invalid")); // a forgery seen before its genuine piece
            if (i is 6) continue; // the genuine piece 6 comes in the second request
            first.Add(new Planted(ScanWorld.Event(good[i], siteOf[i], now.AddSeconds(i)), "valid"));
        }
        for (var i = 30; i < 34; i++) first.Add(new Planted(ScanWorld.Event(good[i], "LATE PDC", now.AddDays(30)), "date_outside_window"));
        for (var i = 7; i < 10; i++) first.Add(new Planted(ScanWorld.Event(ScanWorld.Forged(good[i], signatureByte: i), "FORGER ROW", now), "signature_invalid"));
        first.AddRange(fromRevoked.Select(b => new Planted(ScanWorld.Event(b, "RENO NV P&DC", now), "certificate_revoked")));
        first.AddRange(fromLost.Select(b => new Planted(ScanWorld.Event(b, "RENO NV P&DC", now), "device_reported_lost")));
        first.AddRange(samples.Select(b => new Planted(ScanWorld.Event(b, "RENO NV P&DC", now), "test_indicium")));
        first.Add(new Planted(ScanWorld.Event(Convert.ToBase64String([1, 2, 3]), "RENO NV P&DC", now), "format_invalid"));
        first.Add(new Planted(ScanWorld.Event("not base64 at all!", "RENO NV P&DC", now), "format_invalid"));
        Shuffle(first, seed: 14);

        // The second request: copies of pieces seen in the first (at other sites), the genuine piece 6 after
        // its forgery, and a piece copied within the request itself.
        var second = new List<Planted>();
        for (var i = 0; i < 6; i++) second.Add(new Planted(ScanWorld.Event(good[i], "MIAMI FL P&DC", now.AddHours(2)), "duplicate", siteOf[i]));
        second.Add(new Planted(ScanWorld.Event(good[6], "MIAMI FL P&DC", now.AddHours(2)), "valid"));
        second.Add(new Planted(ScanWorld.Event(good[34], "MIAMI FL P&DC line 1", now.AddHours(2)), "valid"));
        second.Add(new Planted(ScanWorld.Event(good[34], "TAMPA FL P&DC", now.AddHours(3)), "duplicate", "MIAMI FL P&DC line 1"));
        second.AddRange(fromRevoked.Take(1).Select(b => new Planted(ScanWorld.Event(b, "MIAMI FL P&DC", now.AddHours(2)), "certificate_revoked")));
        second.AddRange(samples.Take(1).Select(b => new Planted(ScanWorld.Event(b, "MIAMI FL P&DC", now.AddHours(2)), "test_indicium")));

        foreach (var batch in new[] { first, second })
        {
            var results = await postal.Scan(batch.Select(p => p.Event));
            Assert.Equal(batch.Count, results.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var result = results[i]!;
                Assert.True(batch[i].Verdict == (string)result["verdict"]!, $"event {i}: expected {batch[i].Verdict}, got {result.ToJsonString()}");
                Assert.Equal(batch[i].Verdict == "valid", result["reasons"]!.AsArray().Count == 0);
                if (batch[i].FirstSite is { } site)
                    Assert.Equal(site, (string)result["first_scan"]!["site"]!);
                else if (batch[i].Verdict == "valid")
                    Assert.Null(result["first_scan"]);
            }
        }

        // The copies of revoked and sandbox pieces are judged by their own fault; a copy of the revoked
        // piece is still a copy among its reasons (a genuine signature claims its piece number).
        var again = await postal.Scan([ScanWorld.Event(fromRevoked[1], "MIAMI FL P&DC", now.AddHours(4))]);
        Assert.Equal(["certificate_revoked", "duplicate"], again[0]!["reasons"]!.AsArray().Select(r => (string)r!["code"]!).Order().ToArray());
    }

    [SkippableFact]
    public async Task ConcurrentCopies_OnlyOneIsFirst()
    {
        var postal = await App.LivePostal();
        var mailer = await App.LiveMailer("Concurrent Mailer");
        var pieces = await App.ClientFor(mailer.ApiKey).PrintPieces(mailer.DeviceId, 3);
        var now = DateTimeOffset.UtcNow;
        // Eight scanners see the same three pieces at once, each in its own request.
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(k =>
            postal.Scan(pieces.Select(p => ScanWorld.Event(p, $"SITE {k}", now.AddMinutes(k))))));
        for (var piece = 0; piece < pieces.Count; piece++)
        {
            var verdicts = runs.Select(r => r[piece]!).ToList();
            Assert.Single(verdicts, v => (string)v["verdict"]! == "valid");
            var winner = runs.Select((r, k) => (r, k)).Single(x => (string)x.r[piece]!["verdict"]! == "valid").k;
            Assert.All(verdicts.Where(v => (string)v["verdict"]! != "valid"), v =>
            {
                Assert.Equal("duplicate", (string)v["verdict"]!);
                Assert.Equal($"SITE {winner}", (string)v["first_scan"]!["site"]!);
            });
        }
    }

    [SkippableFact]
    public async Task OneOffVerification_ReportsTheSameReasons_AndUnreadableBytesAreAVerdict()
    {
        await App.LivePostal();
        var mailer = await App.LiveMailer("Verified Mailer");
        var printed = await App.ClientFor(mailer.ApiKey).PrintPieces(mailer.DeviceId, 1);
        await App.ReportLost(mailer.DeviceId, DateTimeOffset.UtcNow.AddHours(-1));
        var verdict = await (await App.CreateClient().PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = printed[0] })).Body();
        Assert.False((bool)verdict["valid"]!);
        Assert.Equal(["device_reported_lost"], verdict["reasons"]!.AsArray().Select(r => (string)r!["code"]!).ToArray());

        var garbage = await App.CreateClient().PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = Convert.ToBase64String([1, 1, 2, 3]) });
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        var body = await garbage.Body();
        Assert.False((bool)body["valid"]!);
        Assert.Equal("format_invalid", (string)body["reasons"]![0]!["code"]!);
        Assert.Contains("format_length_invalid", (string)body["reasons"]![0]!["message"]!);
    }

    /// <summary>
    /// The verifier keeps certificates and device standing in memory (VerificationFacts); every change of
    /// them on this node applies to the very next verification, one-off or scan, while a print (which moves
    /// the registers of the same device row) leaves the verdicts as they were.
    /// </summary>
    [SkippableFact]
    public async Task CachedStanding_FollowsRevocationAndLoss_AtOnce()
    {
        var postal = await App.LivePostal();
        var keeper = await App.LiveMailer("Cached Keeper");
        var loser = await App.LiveMailer("Cached Loser");
        var keeperClient = App.ClientFor(keeper.ApiKey);
        var kept = await keeperClient.PrintPieces(keeper.DeviceId, 2);
        var lostPieces = await App.ClientFor(loser.ApiKey).PrintPieces(loser.DeviceId, 2);
        async Task<string[]> Reasons(string barcode) =>
            (await (await App.CreateClient().PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = barcode })).Body())["reasons"]!
            .AsArray().Select(r => (string)r!["code"]!).ToArray();

        Assert.Empty(await Reasons(kept[0]));
        Assert.Empty(await Reasons(lostPieces[0]));
        // A print writes the keeper's device row (its registers): the verdicts do not change.
        var later = await keeperClient.PrintPieces(keeper.DeviceId, 1);
        Assert.Empty(await Reasons(kept[0]));
        Assert.Empty(await Reasons(later[0]));

        // P050 2.8: reported lost an hour ago; the next verification of its pieces says so.
        await App.ReportLost(loser.DeviceId, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(["device_reported_lost"], await Reasons(lostPieces[0]));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal("device_reported_lost", (string)(await postal.Scan([ScanWorld.Event(lostPieces[1], "CACHE PDC", now)]))[0]!["verdict"]!);

        // §502.28: revoked as of yesterday, after the keeper's pieces were verified (and cached) as good.
        var serial = await App.WithDb(db => db.Certificates.Where(c => c.DeviceId == keeper.DeviceId).Select(c => c.Serial).SingleAsync());
        (await postal.PostJson($"/v1/certificates/{serial}/revocation", new Dictionary<string, string> { ["reason"] = "compromised" })).EnsureSuccessStatusCode();
        await App.WithDb(db => db.Certificates.Where(c => c.Serial == serial).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, DateTimeOffset.UtcNow.AddDays(-2))));
        Assert.Equal(["certificate_revoked"], await Reasons(kept[0]));
        Assert.Equal("certificate_revoked", (string)(await postal.Scan([ScanWorld.Event(kept[1], "CACHE PDC", now)]))[0]!["verdict"]!);
    }

    /// <summary>
    /// A large batch is stored once (binary COPY on PostgreSQL, one prepared insert per row on SQLite): a retry
    /// under the same Idempotency-Key gets the first verdicts back and stores nothing; the same scans sent
    /// again as a new request are every one a copy naming its first scan.
    /// </summary>
    [SkippableFact]
    public async Task LargeBatch_IsStoredExactlyOnce_AndARetryWithItsKeyReplaysTheVerdicts()
    {
        var postal = await App.LivePostal();
        var mailer = await App.LiveMailer("Bulk Mailer");
        var printed = await App.ClientFor(mailer.ApiKey).PrintPieces(mailer.DeviceId, 1);
        const int Count = 2_000;
        var pieces = await App.SignedAs(mailer.DeviceId, printed[0], Enumerable.Range(0, Count).Select(i => 100_000L + i));
        var now = DateTimeOffset.UtcNow;
        var body = new Dictionary<string, object> { ["events"] = pieces.Select((p, i) => ScanWorld.Event(p, $"BULK PDC line {i % 5}", now.AddMilliseconds(i))).ToArray() };
        Task<int> Stored() => App.WithDb(db => db.Database.SqlQueryRaw<int>(
            "SELECT CAST(count(*) AS integer) AS \"Value\" FROM scanned_pieces WHERE device_id = {0}", mailer.DeviceId).SingleAsync());

        var first = await postal.PostJson("/v1/scan-events", body, idempotencyKey: "bulk-scan-1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();
        var verdicts = JsonNode.Parse(firstBody)!["results"]!.AsArray();
        Assert.Equal(Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.Equal("valid", (string)v!["verdict"]!));
        Assert.Equal(100_000 + Count - 1, (long)verdicts[Count - 1]!["piece_number"]!);
        Assert.Equal(Count, await Stored());

        var retry = await postal.PostJson("/v1/scan-events", body, idempotencyKey: "bulk-scan-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotency-Replay").Single());
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal(Count, await Stored());

        var again = await postal.Scan((object[])body["events"]);
        Assert.Equal(Count, again.Count);
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal("duplicate", (string)again[i]!["verdict"]!);
            Assert.Equal($"BULK PDC line {i % 5}", (string)again[i]!["first_scan"]!["site"]!);
        }
        Assert.Equal(Count, await Stored());
    }

    [SkippableFact]
    public async Task ScanEvents_AreForThePostalService_AndBounded()
    {
        var mailer = await App.NewLicensee("Nosy Mailer");
        var events = new Dictionary<string, object> { ["events"] = new[] { ScanWorld.Event("AAAA", "X", DateTimeOffset.UtcNow) } };
        await BadInputTests.AssertProblem(await App.ClientFor(mailer.ApiKey).PostJson("/v1/scan-events", events), 403, "forbidden", null, "licensee");
        var postal = await App.LivePostal();
        await BadInputTests.AssertProblem(await postal.PostJson("/v1/scan-events", new Dictionary<string, object> { ["events"] = Array.Empty<object>() }), 400, "events_count_invalid", "events", "empty");
        var tooMany = Enumerable.Range(0, 10_001).Select(_ => ScanWorld.Event("AAAA", "X", DateTimeOffset.UtcNow)).ToArray();
        await BadInputTests.AssertProblem(await postal.PostJson("/v1/scan-events", new Dictionary<string, object> { ["events"] = tooMany }), 400, "events_count_invalid", "events", "10,001");
        var noSite = new Dictionary<string, object> { ["events"] = new[] { new Dictionary<string, object> { ["barcode_data"] = "AAAA", ["scanned_at"] = DateTimeOffset.UtcNow.ToString("O") } } };
        await BadInputTests.AssertProblem(await postal.PostJson("/v1/scan-events", noSite), 400, "site_required", "events[0].site", "no site");
    }

    [SkippableFact]
    public async Task ScanStore_IsPartitionedByMonth_OnPostgres_AndOneTableOnSqlite()
    {
        if (App.Kind == DatabaseKind.Sqlite)
        {
            Assert.Empty(await App.WithDb(db => ScanStoreSchema.Partitions(db, default)));
            Assert.Equal(1, await App.WithDb(db => db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE name = 'scanned_pieces'").SingleAsync()));
            return;
        }
        var postal = await App.LivePostal();
        var mailer = await App.LiveMailer("Partitioned Mailer");
        var pieces = await App.ClientFor(mailer.ApiKey).PrintPieces(mailer.DeviceId, 2);
        await postal.Scan(pieces.Select(p => ScanWorld.Event(p, "PARTITION PDC", DateTimeOffset.UtcNow)));
        var month = DateOnly.FromDateTime(DateTime.UtcNow);
        var partitions = await App.WithDb(db => ScanStoreSchema.Partitions(db, default));
        var thisMonth = ScanStoreSchema.PartitionName(new DateOnly(month.Year, month.Month, 1));
        Assert.Contains(thisMonth, partitions);
        Assert.Contains(ScanStoreSchema.PartitionName(new DateOnly(month.Year, month.Month, 1).AddMonths(ScanStoreSchema.MonthsAhead)), partitions);
        // The partition's name is made by ScanStoreSchema from a date, not from input.
#pragma warning disable EF1003
        var inMonth = await App.WithDb(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM " + thisMonth + " WHERE device_id = {0}", mailer.DeviceId).SingleAsync());
#pragma warning restore EF1003
        Assert.Equal(2, inMonth);
        // Maintenance is idempotent: a second round makes nothing new.
        Assert.Empty(await App.WithDb(db => ScanStoreSchema.Maintain(db, DateTimeOffset.UtcNow, default)));
    }

    private static void Shuffle<T>(List<T> list, int seed)
    {
        var random = new Random(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}

[Collection("sqlite")]
public sealed class SqliteScanEventTests(SqliteAppFixture f) : ScanEventTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresScanEventTests(PostgresAppFixture f) : ScanEventTests(() => f.App), IClassFixture<PostgresAppFixture>;
