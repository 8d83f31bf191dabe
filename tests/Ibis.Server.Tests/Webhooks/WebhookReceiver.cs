using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ibis.Server.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel on a free port): it records every request it gets and
/// answers 500 to the first <see cref="FailFirst"/> of them, 200 afterwards.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At);

    private readonly WebApplication _app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public int FailFirst { get; set; }

    public string BaseUrl { get; }

    private WebhookReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? self = null;
        var seen = 0;
        app.Run(async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            self!.Requests.Enqueue(new Received(http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), buffer.ToArray(), DateTimeOffset.UtcNow));
            http.Response.StatusCode = Interlocked.Increment(ref seen) <= self.FailFirst ? 500 : 200;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new WebhookReceiver(app, address.TrimEnd('/'));
        return self;
    }

    /// <summary>Waits until <paramref name="count"/> requests reached <paramref name="path"/> (or gives up after a generous while).</summary>
    public async Task<IReadOnlyList<Received>> WaitFor(string path, int count = 1, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < until)
        {
            var got = Requests.Where(r => r.Path == path).ToList();
            if (got.Count >= count) return got;
            await Task.Delay(100);
        }
        return Requests.Where(r => r.Path == path).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
