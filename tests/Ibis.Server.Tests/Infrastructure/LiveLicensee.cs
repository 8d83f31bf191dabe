using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>A licensee taken out of the sandbox: its devices are live, with live API keys for it and its provider.</summary>
public sealed record LiveLicensee(string LicenseeId, string AccountId, IReadOnlyList<string> DeviceIds, string ApiKey, string ProviderApiKey)
{
    public string DeviceId => DeviceIds[0];
}

public static class LiveLicensees
{
    /// <summary>
    /// A new licensee (funded and reset through the sandbox as usual: balance $900, DR $100), then
    /// made live — the licensee and its devices leave the sandbox, and live API keys act for it and
    /// for its provider. <paramref name="extraDevices"/> more devices (DR $0) are leased first.
    /// </summary>
    public static async Task<LiveLicensee> New(this IbisApp app, string name = "Live Mailer Inc", int extraDevices = 0)
    {
        var who = await app.NewLicensee(name);
        var devices = new List<string> { who.DeviceId };
        for (var i = 0; i < extraDevices; i++) devices.Add(await app.AddDevice(who.LicenseeId));
        var account = await app.AccountOf(who.LicenseeId);
        var licenseeKey = ApiKeys.NewKey(test: false);
        var providerKey = ApiKeys.NewKey(test: false);
        await app.WithDb(async db =>
        {
            var licensee = await db.Licensees.SingleAsync(l => l.Id == who.LicenseeId);
            licensee.Sandbox = false;
            foreach (var d in await db.Devices.Where(d => d.LicenseeId == who.LicenseeId).ToListAsync()) d.Sandbox = false;
            var now = DateTimeOffset.UtcNow;
            db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = licenseeKey[..14], Hash = ApiKeys.Hash(licenseeKey), Mode = "live", LicenseeId = who.LicenseeId, CreatedAt = now });
            db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = providerKey[..14], Hash = ApiKeys.Hash(providerKey), Mode = "live", Role = Caller.ProviderRole, ProviderId = licensee.ProviderId, CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        return new LiveLicensee(who.LicenseeId, account, devices, licenseeKey, providerKey);
    }
}
