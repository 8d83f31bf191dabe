using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>P050 3.6: the Postal Service sets a licensee's DR cap (at most $500.000); resets respect it.</summary>
public abstract class CapTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private HttpClient Postal() => App.ClientFor(App.Sandbox.PostalApiKey!);

    private static HttpRequestMessage Put(string licenseeId, string amount) => new(HttpMethod.Put, $"/v1/licensees/{licenseeId}/descending-register-cap")
    {
        Content = new StringContent($"{{\"amount\":\"{amount}\"}}", System.Text.Encoding.UTF8, "application/json"),
    };

    [SkippableFact]
    public async Task PostalService_LowersTheCap_AndResetsRespectIt()
    {
        var who = await App.NewLicensee();
        var response = await Postal().SendAsync(Put(who.LicenseeId, "150.000"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var client = App.ClientFor(who.ApiKey);
        Assert.Equal("150.000", (await client.Device(who.DeviceId)).Amount("cap"));
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "50.001"), 422, "reset_exceeds_cap", "amount", "over the new cap");
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "50.000")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode); // the sealed state still verifies
    }

    [SkippableFact]
    public async Task CapBelowTheCurrentDr_OrAbove500_OrByTheWrongRole_IsRefused()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await Postal().SendAsync(Put(who.LicenseeId, "99.999")), 409, "cap_below_descending_register", "amount", "below DR");
        await BadInputTests.AssertProblem(await Postal().SendAsync(Put(who.LicenseeId, "500.001")), 400, "cap_invalid", "amount", "above $500");
        await BadInputTests.AssertProblem(await Postal().SendAsync(Put(who.LicenseeId, "0")), 400, "cap_invalid", "amount", "zero");
        await BadInputTests.AssertProblem(await client.SendAsync(Put(who.LicenseeId, "200.000")), 403, "forbidden", null, "licensee");
        await BadInputTests.AssertProblem(await App.Provider().SendAsync(Put(who.LicenseeId, "200.000")), 403, "forbidden", null, "provider");
        await BadInputTests.AssertProblem(await Postal().SendAsync(Put("cus_nobody", "200.000")), 404, "licensee_not_found", null, "unknown");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
        Assert.Equal("500.000", (await client.Device(who.DeviceId)).Amount("cap"));
    }
}

[Collection("sqlite")]
public sealed class SqliteCapTests(SqliteAppFixture f) : CapTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresCapTests(PostgresAppFixture f) : CapTests(() => f.App), IClassFixture<PostgresAppFixture>;
