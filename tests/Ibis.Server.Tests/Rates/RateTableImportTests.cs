using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Rates;

/// <summary>
/// §502.22(b), P050 1.5: an operator loads a price list through the API, and it applies to pieces
/// mailed on or after its effective date — with no restart, by the date of mailing, as the clock
/// moves. Bad price lists are refused naming the field, and nothing is stored.
/// </summary>
public abstract class RateTableImportTests : IDisposable
{
    // 15:00 UTC: the same calendar day in UTC and in every US time zone.
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15), TimeSpan.Zero));
    private readonly Lazy<IbisApp> _app;

    protected RateTableImportTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private static object Letter(string date, string? postage = null) => PrintingTests.Letter(postage: postage, date: date);

    [SkippableFact]
    public async Task ImportedFutureTable_PricesPiecesMailedFromItsDate_WithoutARestart()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var print = $"/v1/devices/{who.DeviceId}/indicia";

        // A fresh install prices from the built-in SAMPLE table.
        var tables = await (await client.GetAsync("/v1/rate-tables")).Body();
        var sample = tables["data"]!.AsArray().Single()!;
        Assert.Equal("sample-2025-07", (string)sample["name"]!);
        Assert.True((bool)sample["sample"]!);
        Assert.True((bool)sample["in_force"]!);

        // The operator edits a price list and loads it, effective in two days.
        var imported = await App.Postal().PostRaw("/v1/rate-tables", PriceLists.Edited("official-2", DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(2)));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var table = await imported.Body();
        Assert.StartsWith("rt_", (string)table["id"]!);
        Assert.False((bool)table["in_force"]!);

        // Mailed today: the old price. A quote for the effective date: the new one. (P050 4.7: an
        // indicium bears today's date, so a piece for that date is printed on that date.)
        var today = await (await client.PostJson(print, Letter(PriceLists.Date(_clock.GetUtcNow())))).Body();
        Assert.Equal("0.740", (string)today["amount_due"]!["amount"]!);
        Assert.Equal((string)sample["id"]!, (string)today["rate_table_id"]!);
        var quoted = await (await client.GetAsync($"/v1/rates/quote?mail_class=first_class&rate_category=letter&weight_oz=1&mailing_date={PriceLists.Date(_clock.GetUtcNow(), 2)}")).Body();
        Assert.Equal("0.800", (string)quoted["amount_due"]!["amount"]!);
        Assert.Equal((string)table["id"]!, (string)quoted["rate_table_id"]!);
        await BadInputTests.AssertProblem(await client.PostJson(print, Letter(PriceLists.Date(_clock.GetUtcNow(), 2))), 400, "mailing_date_too_far_ahead", "mailing_date", "printed ahead (P050 4.7)");

        // Two days later the same running server prices today's mail from the new table.
        _clock.Advance(TimeSpan.FromDays(2));
        var later = await (await client.PostJson(print, Letter(PriceLists.Date(_clock.GetUtcNow())))).Body();
        Assert.Equal("0.800", (string)later["amount_due"]!["amount"]!);
        Assert.Equal("0.800", (string)later["postage"]!["amount"]!);
        Assert.Equal((string)table["id"]!, (string)later["rate_table_id"]!);
        var list = await (await client.GetAsync("/v1/rate-tables")).Body();
        Assert.Equal("official-2", (string)list["data"]!.AsArray().Single(t => (bool)t!["in_force"]!)!["name"]!);

        // P050 1.5: the old price is now below the amount due; nothing is spent.
        var before = await Registers(client, who.DeviceId);
        await BadInputTests.AssertProblem(await client.PostJson(print, Letter(PriceLists.Date(_clock.GetUtcNow()), "0.740")), 422, "postage_below_rate", "postage", "old price on the new date");
        Assert.Equal(before, await Registers(client, who.DeviceId));
        // Equal is enough, above is fine.
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson(print, Letter(PriceLists.Date(_clock.GetUtcNow()), "0.800"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson(print, Letter(PriceLists.Date(_clock.GetUtcNow()), "0.801"))).StatusCode);

        // Quote agrees with printing.
        var quote = await (await client.GetAsync($"/v1/rates/quote?mail_class=first_class&rate_category=letter&weight_oz=1&mailing_date={PriceLists.Date(_clock.GetUtcNow())}")).Body();
        Assert.Equal("0.800", (string)quote["amount_due"]!["amount"]!);
    }

    [SkippableFact]
    public async Task BadPriceLists_AreRefusedNamingTheField_AndNothingIsStored()
    {
        var postal = App.Postal();
        var day = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(10);
        var good = PriceLists.Edited("ok-1", day);
        await BadInputTests.AssertProblem(await postal.PostRaw("/v1/rate-tables", good.Replace("\"0.800\"", "\"0.8001\"")), 400, "rate_table_invalid", "categories[0].steps[0].price", "four decimals");
        await BadInputTests.AssertProblem(await postal.PostRaw("/v1/rate-tables", good.Replace("\"first_class\"", "\"periodicals\"")), 400, "rate_table_invalid", "categories[0].mail_class", "unknown class");
        await BadInputTests.AssertProblem(await postal.PostRaw("/v1/rate-tables", good.Replace("\"zip3\": \"100-149\"", "\"zip3\": \"149-100\"").Replace("\"zip3\":\"100-149\"", "\"zip3\":\"149-100\"")), 400, "rate_table_invalid", "zone_chart.origins[0].zip3", "range backwards");
        await BadInputTests.AssertProblem(await postal.PostRaw("/v1/rate-tables", "{\"format\":"), 400, "rate_table_invalid", null, "not JSON");
        await BadInputTests.AssertProblem(await App.ClientFor((await App.NewLicensee()).ApiKey).PostRaw("/v1/rate-tables", good), 403, "forbidden", null, "a licensee");
        Assert.Equal(HttpStatusCode.Created, (await postal.PostRaw("/v1/rate-tables", good)).StatusCode);
        await BadInputTests.AssertProblem(await postal.PostRaw("/v1/rate-tables", good), 409, "rate_table_exists", "name", "same name again");
        await BadInputTests.AssertProblem(await postal.PostRaw("/v1/rate-tables", PriceLists.Edited("ok-2", day)), 409, "rate_table_effective_date_taken", "effective", "same date");
        // P050 1.5, §502.22(b): only the Postal Service loads price lists; the provider is refused and nothing is stored.
        await BadInputTests.AssertProblem(await App.Provider().PostRaw("/v1/rate-tables", PriceLists.Edited("ok-3", day.AddDays(1))), 403, "forbidden", null, "the provider");
        var list = await (await postal.GetAsync("/v1/rate-tables")).Body();
        Assert.Equal(["sample-2025-07", "ok-1"], list["data"]!.AsArray().Select(t => (string)t!["name"]!).ToArray());
    }

    [SkippableFact]
    public async Task CollectionSchedule_MakesTodayThePostOfficesLocalDate()
    {
        // 22:00 in Washington is 03:00 UTC the next day: P050 4.7 wants the date of deposit, the local date.
        var local = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(3), TimeSpan.Zero);
        _clock.Set(local);
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var print = $"/v1/devices/{who.DeviceId}/indicia";
        var washington = PriceLists.Date(_clock.GetUtcNow(), -1);
        await BadInputTests.AssertProblem(await client.PostJson(print, Letter(washington)), 400, "mailing_date_in_past", "mailing_date", "UTC date without a schedule");

        var schedule = new Dictionary<string, object>
        {
            ["time_zone"] = "America/New_York",
            ["collections"] = new Dictionary<string, string[]>
            {
                ["monday"] = ["10:00", "17:00"], ["tuesday"] = ["17:00", "10:00"], ["wednesday"] = ["10:00", "17:00"], ["thursday"] = ["10:00", "17:00"],
                ["friday"] = ["10:00", "17:00"], ["saturday"] = ["12:00"],
            },
            ["no_collection"] = new[] { "2026-12-25" },
        };
        await BadInputTests.AssertProblem(await client.PutAsync("/v1/post-offices/20066/collection-schedule", System.Net.Http.Json.JsonContent.Create(schedule)), 403, "forbidden", null, "a licensee");
        var bad = new Dictionary<string, object>(schedule) { ["time_zone"] = "Mars/Olympus" };
        await BadInputTests.AssertProblem(await App.Postal().PutAsync("/v1/post-offices/20066/collection-schedule", System.Net.Http.Json.JsonContent.Create(bad)), 400, "time_zone_invalid", "time_zone", "unknown zone");
        var set = await App.Postal().PutAsync("/v1/post-offices/20066/collection-schedule", System.Net.Http.Json.JsonContent.Create(schedule));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var view = await (await client.GetAsync("/v1/post-offices/20066/collection-schedule")).Body();
        Assert.Equal(["10:00", "17:00"], view["collections"]!["tuesday"]!.AsArray().Select(t => (string)t!).ToArray());
        Assert.NotNull((string?)view["next_collection_date"]);

        var printed = await client.PostJson(print, Letter(washington));
        Assert.Equal(HttpStatusCode.Created, printed.StatusCode);
    }

    private static async Task<string> Registers(HttpClient client, string deviceId)
    {
        var d = await (await client.GetAsync($"/v1/devices/{deviceId}")).Body();
        return $"{d["ascending_register"]!["amount"]}|{d["descending_register"]!["amount"]}|{d["piece_count"]}";
    }
}

public sealed class SqliteRateTableImportTests() : RateTableImportTests(DatabaseKind.Sqlite);

public sealed class PostgresRateTableImportTests() : RateTableImportTests(DatabaseKind.Postgres);
