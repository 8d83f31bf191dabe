using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Rates;

/// <summary>
/// P050 1.5, §502.22(b): the amount due is what the Postal Service's price list says. The SAMPLE
/// list that ships with Ibis prices sandbox pieces only: a live device's print or quote is refused
/// (rate_table_sample) and spends nothing, until the Postal Service loads its list.
/// </summary>
public abstract class SamplePriceListTests : IDisposable
{
    // 15:00 UTC: the same calendar day in UTC and in every US time zone.
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15), TimeSpan.Zero));
    private readonly Lazy<IbisApp> _app;

    protected SamplePriceListTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Quote(string? deviceId = null) =>
        $"/v1/rates/quote?mail_class=first_class&rate_category=letter&weight_oz=1&mailing_date={PriceLists.Date(_clock.GetUtcNow())}" + (deviceId is null ? "" : $"&device_id={deviceId}");

    [SkippableFact]
    public async Task ALiveDevice_IsNeverPricedFromASampleList_SandboxDevicesAre()
    {
        var live = await App.New();
        var liveClient = App.ClientFor(live.ApiKey);
        var print = $"/v1/devices/{live.DeviceId}/indicia";
        var before = await liveClient.Snapshot(live.DeviceId);

        await BadInputTests.AssertProblem(await liveClient.PostJson(print, PrintingTests.Letter(date: PriceLists.Date(_clock.GetUtcNow()))), 422, "rate_table_sample", "mailing_date", "a live print from the sample list");
        await BadInputTests.AssertProblem(await liveClient.PostJson(print, PrintingTests.Letter(postage: "5.000", date: PriceLists.Date(_clock.GetUtcNow()))), 422, "rate_table_sample", null, "even with postage above any price");
        Assert.Equal(before, await liveClient.Snapshot(live.DeviceId));
        await BadInputTests.AssertProblem(await liveClient.GetAsync(Quote(live.DeviceId)), 422, "rate_table_sample", null, "a quote for the live device");
        await BadInputTests.AssertProblem(await liveClient.GetAsync(Quote()), 422, "rate_table_sample", null, "a quote with a live key");

        // The sandbox keeps working with the sample list.
        var sandbox = await App.NewLicensee();
        var sandboxClient = App.ClientFor(sandbox.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await sandboxClient.PostJson($"/v1/devices/{sandbox.DeviceId}/indicia", PrintingTests.Letter(date: PriceLists.Date(_clock.GetUtcNow())))).StatusCode);
        var sampleQuote = await (await sandboxClient.GetAsync(Quote(sandbox.DeviceId))).Body();
        Assert.True((bool)sampleQuote["sample"]!);

        // Once the Postal Service's list is in force, the live device prints from it.
        var loaded = await App.Postal().PostRaw("/v1/rate-tables", PriceLists.Edited("usps-official", DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime)));
        Assert.Equal(HttpStatusCode.Created, loaded.StatusCode);
        var printed = await (await liveClient.PostJson(print, PrintingTests.Letter(postage: null, date: PriceLists.Date(_clock.GetUtcNow())))).Body();
        Assert.Equal("0.800", (string)printed["amount_due"]!["amount"]!);
        Assert.Equal("live", (string)printed["mode"]!);
        var quote = await (await liveClient.GetAsync(Quote(live.DeviceId))).Body();
        Assert.False((bool)quote["sample"]!);
        Assert.Equal("0.800", (string)quote["amount_due"]!["amount"]!);
    }

    [SkippableFact]
    public async Task OnlyThePostalService_LoadsPriceLists()
    {
        var live = await App.New();
        var list = PriceLists.Edited("provider-list", DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime));
        await BadInputTests.AssertProblem(await App.Provider().PostRaw("/v1/rate-tables", list), 403, "forbidden", null, "the sandbox provider");
        await BadInputTests.AssertProblem(await App.ClientFor(live.ProviderApiKey).PostRaw("/v1/rate-tables", list), 403, "forbidden", null, "a live provider key");
        await BadInputTests.AssertProblem(await App.ClientFor(live.ApiKey).PostRaw("/v1/rate-tables", list), 403, "forbidden", null, "a licensee");
        var tables = await (await App.Postal().GetAsync("/v1/rate-tables")).Body();
        Assert.Single(tables["data"]!.AsArray());
    }
}

public sealed class SqliteSamplePriceListTests() : SamplePriceListTests(DatabaseKind.Sqlite);

public sealed class PostgresSamplePriceListTests() : SamplePriceListTests(DatabaseKind.Postgres);
