using System.Net;
using System.Net.Http.Headers;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// The real app as an operator runs it (environment Production, so the cookie is Secure and
/// <c>__Host-</c>), with a settable clock, small rate limits, and a client address a test chooses
/// (the in-memory server has none): a filter before the app's middleware sets it from
/// <see cref="AddressHeader"/>, as a trusted proxy's X-Forwarded-For would.
/// </summary>
public abstract class HardenedApp : IDisposable
{
    public const string AddressHeader = "X-Test-Client-Address";

    public const int SignInPerMinute = 12, PublicPerMinute = 5;

    private readonly Lazy<IbisApp> _app;

    protected HardenedApp(DatabaseKind kind) => _app = new(() => new IbisApp(kind, Clock, new Dictionary<string, string>
    {
        ["Ibis:RateLimits:SignInPerMinute"] = SignInPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ibis:RateLimits:PublicPerMinute"] = PublicPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    })
    {
        ConfigureHost = b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressFilter>());
        },
    });

    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public IbisApp App => _app.Value;

    /// <summary>An https client (Secure cookies travel) that keeps cookies and comes from <paramref name="address"/>.</summary>
    public HttpClient Client(string address = "198.51.100.1")
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://ibis.example/"), HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    public HttpClient KeyClient(string apiKey, string address = "198.51.100.1")
    {
        var client = Client(address);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, Func<Task> rest) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[AddressHeader].ToString(), out var address)) http.Connection.RemoteIpAddress = address;
                return rest();
            });
            next(app);
        };
    }
}

public sealed class SqliteHardenedApp() : HardenedApp(DatabaseKind.Sqlite);

public sealed class PostgresHardenedApp() : HardenedApp(DatabaseKind.Postgres);
