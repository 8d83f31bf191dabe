using System.Net;
using System.Text;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Verification;

/// <summary>
/// The client side of POST /v1/verifications against stubs; the real server is exercised by the
/// server's own integration tests.
/// </summary>
public sealed class OnlineVerifyTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TestIndicium _indicium = TestIndicium.Create();

    public void Dispose() => _dir.Dispose();

    private const string ValidAnswer = """
        {"valid":true,"mode":"test","reasons":[],"indicium":{"format_version":1,"algorithm_id":1,
         "certificate_serial":"20015998343868","device_id":"IB-0001-00000042",
         "ascending_register":{"amount":"12.740","currency":"USD"},"postage":{"amount":"0.740","currency":"USD"},
         "mailing_date":"2026-11-23","licensing_zip":"20814","software_id":"0x49420100",
         "descending_register":{"amount":"487.260","currency":"USD"},"rate_category":"first_class/letter",
         "piece_count":17,"destination_zip":"20260"}}
        """;

    private const string RevokedAnswer = """
        {"valid":false,"mode":"live","reasons":[{"code":"certificate_revoked","message":"certificate 7 has been revoked"}],
         "indicium":null}
        """;

    [Fact]
    public async Task Verify_PostsTheBarcodeBytesAndPrintsTheServerVerdict()
    {
        var stub = new StubHandler(HttpStatusCode.OK, ValidAnswer);
        var png = _dir.Write("indicium.png", TestIndicium.RenderPng(_indicium.Bytes));

        var result = await CliRun.Run(() => stub, "verify", png, "--server", "http://ibis.example:5080/");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("http://ibis.example:5080/v1/verifications", stub.RequestUri?.ToString());
        using var sent = JsonDocument.Parse(stub.RequestBody!);
        Assert.Equal(Convert.ToBase64String(_indicium.Bytes), sent.RootElement.GetProperty("barcode_data").GetString());
        Assert.StartsWith("VALID (test mode", result.Out);
        Assert.Contains("Verified by: http://ibis.example:5080/", result.Out);
        Assert.Contains("$487.260", result.Out);
    }

    [Fact]
    public async Task Verify_ServerSaysInvalid_Exits1WithItsReasons()
    {
        var stub = new StubHandler(HttpStatusCode.OK, RevokedAnswer);

        var result = await CliRun.Run(() => stub, "verify", "--data", Convert.ToBase64String(_indicium.Bytes), "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("certificate_revoked", doc.RootElement.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal("http://localhost:5080/", doc.RootElement.GetProperty("verified_by").GetString());
    }

    [Fact]
    public async Task Verify_ServerRefusesTheData_Exits2WithTheProblemDetail()
    {
        var stub = new StubHandler(HttpStatusCode.BadRequest,
            """{"type":"https://ibis.dev/errors/format_length_invalid","title":"Bad request","status":400,"code":"format_length_invalid","detail":"barcode_data is not a valid indicium: a v1 indicium is 124 bytes, got 3"}""",
            "application/problem+json");

        var result = await CliRun.Run(() => stub, "verify", "--data", "AQEB");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("a v1 indicium is 124 bytes, got 3 (format_length_invalid)", result.Err);
    }

    [Fact]
    public async Task Verify_ServerUnreachable_Exits2AndSuggestsOffline()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CliRun.Run("verify", "--data", Convert.ToBase64String(_indicium.Bytes), "--server", $"http://127.0.0.1:{port}");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot reach", result.Err);
        Assert.Contains("--offline", result.Err);
    }

    [Fact]
    public async Task Verify_AgainstARealHttpListener_RoundTrips()
    {
        using var server = new StubServer(ValidAnswer);

        var result = await CliRun.Run("verify", "--data", Convert.ToBase64String(_indicium.Bytes), "--server", server.Url, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/v1/verifications", server.LastPath);
        Assert.Equal("POST", server.LastMethod);
    }

    private sealed class StubHandler(HttpStatusCode status, string body, string contentType = "application/json") : HttpMessageHandler
    {
        public Uri? RequestUri { get; private set; }

        public string? RequestBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestUri = request.RequestUri;
            RequestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        }
    }

    /// <summary>A one-route HTTP server on a loopback port, answering every request with the same JSON.</summary>
    private sealed class StubServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public StubServer(string answer)
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                    LastPath = context.Request.Url?.AbsolutePath;
                    LastMethod = context.Request.HttpMethod;
                    var bytes = Encoding.UTF8.GetBytes(answer);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public string? LastPath { get; private set; }

        public string? LastMethod { get; private set; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
