using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// GET /v1/indicia (issue 19, item 1): a licensee finds its printed pieces by device, class, date
/// window and destination ZIP, pages through them by cursor with a true has_more, and never sees
/// another licensee's; its provider sees both. Runs once on SQLite and once on PostgreSQL.
/// </summary>
public abstract class IndiciaListTests(Func<IbisApp> app)
{
    protected IbisApp App => app();

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static object Piece(string mailClass, string category, object weight, string zip) => new Dictionary<string, object?>
    {
        ["mail_class"] = mailClass, ["rate_category"] = category, ["weight_oz"] = weight, ["mailing_date"] = Today, ["destination_zip"] = zip,
    };

    private static async Task<string> Print(HttpClient client, string deviceId, object piece)
    {
        var response = await client.PostJson($"/v1/devices/{deviceId}/indicia", piece);
        var body = await response.Body();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return (string)body["id"]!;
    }

    private static List<string> Ids(JsonNode list) => list["data"]!.AsArray().Select(i => (string)i!["id"]!).ToList();

    [SkippableFact]
    public async Task Licensee_FiltersByZipClassDeviceAndDate_AndPagesWithTrueHasMore()
    {
        var who = await App.NewLicensee("History Mailer");
        var client = App.ClientFor(who.ApiKey);
        var printed = new List<string>
        {
            await Print(client, who.DeviceId, Piece("first_class", "letter", 1, "20260")),
            await Print(client, who.DeviceId, Piece("first_class", "letter", 2, "10001")),
            await Print(client, who.DeviceId, Piece("first_class", "postcard", 1, "20260")),
            await Print(client, who.DeviceId, Piece("priority", "single_piece", 16, "22030")),
            await Print(client, who.DeviceId, Piece("first_class", "letter", 1, "20260")),
        };
        printed.Reverse(); // newest first

        var all = await (await client.GetAsync("/v1/indicia?limit=100")).Body();
        Assert.Equal("list", (string)all["object"]!);
        Assert.Equal(printed, Ids(all));
        Assert.False((bool)all["has_more"]!);
        Assert.Equal("printed", (string)all["data"]![0]!["status"]!);

        // Two at a time: 2 + 2 + 1, has_more true, true, false; the cursor is the last id of a page.
        var seen = new List<string>();
        string? after = null;
        var hasMore = new List<bool>();
        do
        {
            var page = await (await client.GetAsync("/v1/indicia?limit=2" + (after is null ? "" : "&starting_after=" + after))).Body();
            seen.AddRange(Ids(page));
            hasMore.Add((bool)page["has_more"]!);
            after = Ids(page).LastOrDefault();
        } while (hasMore[^1]);
        Assert.Equal(printed, seen);
        Assert.Equal([true, true, false], hasMore);

        // Exactly a page's worth left: has_more is false, not a guess.
        var lastTwo = await (await client.GetAsync($"/v1/indicia?limit=2&starting_after={printed[2]}")).Body();
        Assert.Equal(printed[3..], Ids(lastTwo));
        Assert.False((bool)lastTwo["has_more"]!);

        var toDc = await (await client.GetAsync("/v1/indicia?zip=20260")).Body();
        Assert.Equal([printed[0], printed[2], printed[4]], Ids(toDc));
        var priority = await (await client.GetAsync("/v1/indicia?class=priority")).Body();
        Assert.Equal([printed[1]], Ids(priority));
        Assert.Equal("10.930", (string)priority["data"]![0]!["postage"]!["amount"]!);
        var byAmount = await (await client.GetAsync("/v1/indicia?amount=1.030")).Body();
        Assert.Equal([printed[3]], Ids(byAmount));
        var byDevice = await (await client.GetAsync($"/v1/indicia?device={who.DeviceId}&limit=1")).Body();
        Assert.Equal([printed[0]], Ids(byDevice));
        Assert.True((bool)byDevice["has_more"]!);

        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var today = await (await client.GetAsync($"/v1/indicia?created[gte]={Today}&created[lt]={tomorrow}")).Body();
        Assert.Equal(printed, Ids(today));
        var future = await (await client.GetAsync($"/v1/indicia?created[gte]={tomorrow}")).Body();
        Assert.Empty(Ids(future));
        var before = await (await client.GetAsync($"/v1/indicia?created[lt]={Today}")).Body();
        Assert.Empty(Ids(before));
    }

    [SkippableFact]
    public async Task Licensee_SeesOnlyItsOwnPieces_ProviderSeesItsCustomers_OthersAreRefused()
    {
        var first = await App.NewLicensee("First Mailer");
        var second = await App.NewLicensee("Second Mailer");
        var a = await Print(App.ClientFor(first.ApiKey), first.DeviceId, Piece("first_class", "letter", 1, "20260"));
        var b = await Print(App.ClientFor(second.ApiKey), second.DeviceId, Piece("first_class", "letter", 1, "20260"));

        var mine = Ids(await (await App.ClientFor(second.ApiKey).GetAsync("/v1/indicia?limit=100")).Body());
        Assert.Contains(b, mine);
        Assert.DoesNotContain(a, mine);
        // Another's device as a filter finds nothing; another's id as a cursor is refused like a made-up one.
        Assert.Empty(Ids(await (await App.ClientFor(second.ApiKey).GetAsync($"/v1/indicia?device={first.DeviceId}")).Body()));
        var probe = await App.ClientFor(second.ApiKey).GetAsync($"/v1/indicia?starting_after={a}");
        Assert.Equal(HttpStatusCode.BadRequest, probe.StatusCode);
        var problem = await probe.Body();
        Assert.Equal("starting_after_invalid", (string)problem["code"]!);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string?)e!["param"] == "starting_after");

        var provider = Ids(await (await App.Provider().GetAsync("/v1/indicia?limit=100")).Body());
        Assert.Contains(a, provider);
        Assert.Contains(b, provider);

        var postal = await App.Postal().GetAsync("/v1/indicia");
        Assert.Equal(HttpStatusCode.Forbidden, postal.StatusCode);
    }

    [SkippableTheory]
    [InlineData("limit=0", "limit_invalid", "limit")]
    [InlineData("limit=101", "limit_invalid", "limit")]
    [InlineData("limit=x", "limit_invalid", "limit")]
    [InlineData("created[gte]=yesterday", "created_invalid", "created[gte]")]
    [InlineData("class=parcel_post", "mail_class_unknown", "class")]
    [InlineData("zip=2026", "zip_invalid", "zip")]
    [InlineData("status=lost", "status_unknown", "status")]
    public async Task BadQuery_IsA400NamingTheParameter(string query, string code, string param)
    {
        var who = await App.NewLicensee("Query Mailer");
        var response = await App.ClientFor(who.ApiKey).GetAsync("/v1/indicia?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Body();
        Assert.Equal(code, (string)problem["code"]!);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string?)e!["param"] == param);
    }
}

public sealed class SqliteIndiciaListTests(SqliteAppFixture f) : IndiciaListTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresIndiciaListTests(PostgresAppFixture f) : IndiciaListTests(() => f.App), IClassFixture<PostgresAppFixture>;
