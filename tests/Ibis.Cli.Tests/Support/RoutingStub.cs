using System.Net;
using System.Text;

namespace Ibis.Cli.Tests.Support;

/// <summary>An HTTP handler that answers each request with what the test's function says, and records every request.</summary>
internal sealed class RoutingStub(Func<HttpRequestMessage, (HttpStatusCode Status, string Body)> answer) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? Body, string? IdempotencyKey)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add((request.Method, request.RequestUri!, body, request.Headers.TryGetValues("Idempotency-Key", out var k) ? k.Single() : null));
        var (status, text) = answer(request);
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}

/// <summary>A handler whose server cannot be reached.</summary>
internal sealed class Unreachable : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new HttpRequestException("Connection refused (ibis.example:443)");
}
