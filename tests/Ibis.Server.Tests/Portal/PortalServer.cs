using System.Net.Http.Headers;
using System.Text.Json;
using Ibis.Server.Sandbox;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// The real app on a fresh SQLite file, served by Kestrel on a free loopback port, so that a
/// browser can reach it (the in-memory TestServer cannot be reached from outside the process).
/// </summary>
public sealed class PortalServer : IDisposable
{
    public PortalServer()
    {
        App = new IbisApp(DatabaseKind.Sqlite);
        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                        ?? throw new InvalidOperationException("Kestrel reported no addresses");
        BaseUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
        Sandbox = ReadSandbox(App.DataDirectory);
    }

    public IbisApp App { get; }

    /// <summary>For example http://127.0.0.1:40123 (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>The sandbox world written at start-up (API key, device, one login per role).</summary>
    internal SandboxCredentials Sandbox { get; }

    internal SandboxLogin Licensee => Sandbox.Logins.First(l => l.Role == "licensee");

    /// <summary>A real HTTP client on the Kestrel address, authenticated with an API key.</summary>
    public HttpClient Api(string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    // IbisApp.Sandbox touches the TestServer, which does not exist once Kestrel serves the app;
    // the file it reads is the same.
    private static SandboxCredentials ReadSandbox(string dataDirectory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "sandbox-credentials.json")));
        var root = doc.RootElement;
        return new SandboxCredentials(
            root.GetProperty("api_key").GetString()!,
            root.GetProperty("device_id").GetString()!,
            "",
            root.GetProperty("logins").EnumerateArray()
                .Select(l => new SandboxLogin(l.GetProperty("role").GetString()!, l.GetProperty("email").GetString()!, l.GetProperty("password").GetString()!))
                .ToList())
        {
            ProviderApiKey = root.TryGetProperty("provider_api_key", out var provider) ? provider.GetString() : null,
            PostalApiKey = root.TryGetProperty("postal_api_key", out var postal) ? postal.GetString() : null,
        };
    }

    public void Dispose() => App.Dispose();
}
