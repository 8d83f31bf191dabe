using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Funds;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Xunit;

namespace Ibis.Server.Tests.Api;

/// <summary>
/// One app (SQLite) with enough records that most lists hold several objects: the sandbox world, a
/// second licensee with its own device, deposits, a reset and printed pieces. Built once per test class.
/// </summary>
public sealed class ApiWorld : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    public IbisApp App { get; } = new(DatabaseKind.Sqlite);

    public string AccountId { get; private set; } = "";

    public string CustomerRecordId { get; private set; } = "";

    /// <summary>The sandbox licensee's webhook endpoint, subscribed before the deposits so its delivery log has lines.</summary>
    public string WebhookEndpointId { get; private set; } = "";

    /// <summary>A case the provider opened on the sandbox device, with two security reports filed (§502.14).</summary>
    public string CaseId { get; private set; } = "";

    /// <summary>Clients by the role they act as: licensee, provider, postal, privacy_officer, licensing_official, appeals_manager, refund_coordinator.</summary>
    public Dictionary<string, HttpClient> Clients { get; } = [];

    public async Task Ready()
    {
        await _gate.WaitAsync();
        try
        {
            if (_ready) return;
            var sandbox = App.Sandbox;
            Clients["licensee"] = App.ClientFor(sandbox.ApiKey);
            Clients["provider"] = App.Provider();
            Clients["postal"] = App.Postal();
            Clients["anonymous"] = App.CreateClient();
            // Users and API keys are managed by an organisation's administrator from a signed-in session.
            var session = App.CreateClient();
            var login = sandbox.Logins.First(l => l.Role == "provider");
            Assert.Equal(HttpStatusCode.OK, (await session.PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password })).StatusCode);
            Clients["provider_session"] = session;
            using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(App.DataDirectory, "sandbox-credentials.json"))))
                foreach (var duty in doc.RootElement.GetProperty("duty_api_keys").EnumerateObject())
                    Clients[duty.Name] = App.ClientFor(duty.Value.GetString()!);

            // A second licensee: a second account, license, lease, device and customer world.
            await App.NewLicensee("Second Mailer Inc");
            var licensee = Clients["licensee"];
            AccountId = (string)(await licensee.GetAsync("/v1/accounts").Ok())["data"]![0]!["id"]!;
            // Nothing listens on the discard port: the deliveries stay in the log with their failed attempts.
            var endpoint = await licensee.PostAsJsonAsync("/v1/webhook_endpoints", new { url = "http://127.0.0.1:9/hooks", event_types = new[] { "deposit.cleared" } });
            Assert.Equal(HttpStatusCode.Created, endpoint.StatusCode);
            WebhookEndpointId = (string)(await endpoint.Body())["id"]!;
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await licensee.Deposit(AccountId, "5.000")).StatusCode);
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await licensee.Print(sandbox.DeviceId)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await licensee.Reset(sandbox.DeviceId, "1.000")).StatusCode);
            var opened = await Clients["provider"].PostAsJsonAsync("/v1/cases", new { device_id = sandbox.DeviceId, kind = "test_finding", detail = "a paging test's case" });
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
            CaseId = (string)(await opened.Body())["id"]!;
            Assert.Equal(HttpStatusCode.Created, (await Clients["provider"].PostAsJsonAsync($"/v1/cases/{CaseId}/security-reports", new { kind = "preliminary", circumstances = "found in testing" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await Clients["provider"].PostAsJsonAsync($"/v1/cases/{CaseId}/security-reports",
                new { kind = "written", circumstances = "found in testing", investigative_procedure = "repeat the test", anticipated_completion_on = "2030-01-01" })).StatusCode);
            // The sandbox licensee's customer record (made when it was licensed), read twice so its access log has lines.
            var search = new HttpRequestMessage(HttpMethod.Post, "/v1/customers/search") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "sandbox mailer llc" }) };
            search.Headers.Add("Ibis-Purpose", "licensing_decision");
            var found = await (await Clients["privacy_officer"].SendAsync(search)).Body();
            CustomerRecordId = (string)found["data"]![0]!["id"]!;
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var c in Clients.Values) c.Dispose();
        App.Dispose();
        _gate.Dispose();
    }
}

internal static class ApiJson
{
    public static async Task<JsonNode> Ok(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A GET of <paramref name="url"/>, or "POST {json} url" for a list searched by a body (the customer search).</summary>
    public static Task<HttpResponseMessage> Send(this HttpClient client, string url, string? purpose = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (url.StartsWith("POST ", StringComparison.Ordinal))
        {
            var split = url.LastIndexOf(" /", StringComparison.Ordinal);
            request = new HttpRequestMessage(HttpMethod.Post, url[(split + 1)..])
            {
                Content = new StringContent(url[5..split], System.Text.Encoding.UTF8, "application/json"),
            };
        }
        if (purpose is not null) request.Headers.Add("Ibis-Purpose", purpose);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostBody(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);
}
