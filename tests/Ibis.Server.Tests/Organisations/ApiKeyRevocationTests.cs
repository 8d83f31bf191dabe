using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Organisations;

/// <summary>
/// API keys are looked up through a cache (ApiKeyCache); a revoked key must still be refused from
/// the very next request, whichever way it was revoked: the use case, or a bulk update (a user's or
/// a licensee's keys revoked with them).
/// </summary>
public abstract class ApiKeyRevocationTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private async Task<(HttpClient Client, string DeviceId, string KeyId, string LicenseeId)> WarmKey()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        // Two requests: the second is answered from the cache.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
        var hash = ApiKeys.Hash(who.ApiKey);
        var key = await App.WithDb(db => db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash).Select(k => new { k.Id, k.LicenseeId }).SingleAsync());
        return (client, who.DeviceId, key.Id, key.LicenseeId!);
    }

    [SkippableFact]
    public async Task RevokingAnApiKey_RefusesTheVeryNextRequest()
    {
        var (client, deviceId, keyId, licenseeId) = await WarmKey();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var admin = new Caller("usr_test_admin", Caller.LicenseeRole, licenseeId, null, TestMode: true) { IsAdministrator = true };
            await scope.ServiceProvider.GetRequiredService<RevokeApiKey>().Handle(admin, keyId, default);
        }
        await BadInputTests.AssertProblem(await client.Print(deviceId), 401, "api_key_invalid", null, "revoked key");
        await BadInputTests.AssertProblem(await client.GetAsync($"/v1/devices/{deviceId}"), 401, "api_key_invalid", null, "revoked key, read");
    }

    [SkippableFact]
    public async Task RevokingKeysInBulk_RefusesTheVeryNextRequest()
    {
        var (client, deviceId, _, licenseeId) = await WarmKey();
        await App.WithDb(db => db.ApiKeys.Where(k => k.LicenseeId == licenseeId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow)));
        await BadInputTests.AssertProblem(await client.Print(deviceId), 401, "api_key_invalid", null, "revoked in bulk");
    }
}

[Collection("sqlite")]
public sealed class SqliteApiKeyRevocationTests(SqliteAppFixture f) : ApiKeyRevocationTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresApiKeyRevocationTests(PostgresAppFixture f) : ApiKeyRevocationTests(() => f.App), IClassFixture<PostgresAppFixture>;
