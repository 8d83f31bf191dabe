using Ibis.Server.Installation;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// A live installation (no sandbox: Ibis:Sandbox=false) on a fresh SQLite file, served by Kestrel on
/// a free loopback port for the browser. Nothing exists until <see cref="Initialize"/> runs
/// `ibis admin init`'s use case.
/// </summary>
public sealed class LivePortalServer : IDisposable
{
    public LivePortalServer()
    {
        App = new IbisApp(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["Ibis:Sandbox"] = "false", ["Ibis:Payments:Gateway"] = "manual" });
        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                        ?? throw new InvalidOperationException("Kestrel reported no addresses");
        BaseUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
    }

    public IbisApp App { get; }

    public string BaseUrl { get; }

    /// <summary>What `ibis admin init` does: the Postal Service CA and its first administrator's invitation.</summary>
    public async Task<InitializedInstallation> Initialize(string administratorEmail)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InitializeInstallation>().Handle(new InitializeInstallationCommand(administratorEmail, false), default);
    }

    /// <summary>A real HTTP client on the Kestrel address that keeps the portal session cookie (POST /v1/sessions).</summary>
    public HttpClient Session() =>
        new(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = new Uri(BaseUrl + "/"),
            Timeout = TimeSpan.FromSeconds(15),
        };

    public void Dispose() => App.Dispose();
}
