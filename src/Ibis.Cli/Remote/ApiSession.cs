using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ibis.Cli.Remote;

/// <summary>A 2xx answer of the API.</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, string Body, bool Replayed)
{
    public JsonElement Json()
    {
        try
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new CliException("the server's answer is not JSON; is --server an Ibis server?", ExitCodes.Unavailable);
        }
    }
}

/// <summary>A non-2xx answer: printed once by <see cref="Cli.RunAsync"/> with the exit code of its status.</summary>
internal sealed class ApiRefusal(HttpStatusCode status, string body) : Exception($"HTTP {(int)status}")
{
    public HttpStatusCode Status { get; } = status;

    public string Body { get; } = body;
}

/// <summary>Calls to one server with one key. Every failure becomes an <see cref="ApiRefusal"/> or a <see cref="CliException"/>.</summary>
internal sealed class ApiSession : IDisposable
{
    private static readonly JsonSerializerOptions BodyJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly CliContext _context;
    private readonly HttpClient _http;

    public ApiSession(CliContext context, Target target)
    {
        _context = context;
        Target = target;
        _http = context.CreateHttpClient();
    }

    public Target Target { get; }

    public Uri Server => Target.Server;

    public async Task<ApiAnswer> Send(HttpMethod method, string path, object? body, CancellationToken ct, string? idempotencyKey = null)
    {
        var (status, text, headers) = await Raw(method, path, body is null ? null : new StringContent(JsonSerializer.Serialize(Pruned(body), BodyJson), Encoding.UTF8, "application/json"), ct, idempotencyKey);
        if ((int)status is < 200 or >= 300) throw new ApiRefusal(status, Encoding.UTF8.GetString(text));
        var replayed = headers.TryGetValues("Idempotency-Replay", out var values) && values.Contains("true");
        return new ApiAnswer(status, Encoding.UTF8.GetString(text), replayed);
    }

    /// <summary>
    /// Bodies built as dictionaries leave out what the user did not give: an absent field takes the
    /// server's default, where an explicit null could be read as "none" (the serializer's ignore-null
    /// setting does not reach dictionary entries).
    /// </summary>
    private static object Pruned(object body) => body switch
    {
        IDictionary<string, object?> fields => fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => Pruned(f.Value!)),
        IEnumerable<IDictionary<string, object?>> items => items.Select(Pruned).ToList(),
        _ => body,
    };

    public Task<ApiAnswer> Get(string path, CancellationToken ct) => Send(HttpMethod.Get, path, null, ct);

    public Task<ApiAnswer> Post(string path, object body, CancellationToken ct, string? idempotencyKey = null) => Send(HttpMethod.Post, path, body, ct, idempotencyKey);

    /// <summary>An image, PDF or CSV.</summary>
    public async Task<byte[]> GetBytes(string path, CancellationToken ct)
    {
        var (status, bytes, _) = await Raw(HttpMethod.Get, path, null, ct, null);
        if ((int)status is < 200 or >= 300) throw new ApiRefusal(status, Encoding.UTF8.GetString(bytes));
        return bytes;
    }

    private async Task<(HttpStatusCode, byte[], HttpResponseHeaders)> Raw(HttpMethod method, string path, HttpContent? content, CancellationToken ct, string? idempotencyKey)
    {
        if (string.IsNullOrEmpty(Target.Key))
            throw new CliException($"an API key is needed for {Server}: run 'ibis login', or set --api-key or IBIS_API_KEY", ExitCodes.Auth);
        using var request = new HttpRequestMessage(method, new Uri(Server, Server.AbsolutePath.TrimEnd('/') + path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Target.Key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct), response.Headers);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {Server}: {e.Message}", ExitCodes.Unavailable);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"{Server} did not answer in {_http.Timeout.TotalSeconds:0} s", ExitCodes.Unavailable);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A path segment from user input (ids), escaped.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
