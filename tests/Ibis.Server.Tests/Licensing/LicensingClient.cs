using System.Net;
using System.Text.Json.Nodes;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Licensing;

/// <summary>An app on a settable clock (appeal windows, retention) for one test class; PostgreSQL created lazily so it can skip.</summary>
public abstract class ClockedApp : IDisposable
{
    private readonly Lazy<IbisApp> _app;

    protected ClockedApp(DatabaseKind kind) => _app = new(() => new IbisApp(kind, Clock));

    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
    }
}

public sealed class SqliteClockedApp() : ClockedApp(DatabaseKind.Sqlite);

public sealed class PostgresClockedApp() : ClockedApp(DatabaseKind.Postgres);

/// <summary>Helpers for the licensing and customer record tests.</summary>
public static class LicensingClient
{
    /// <summary>A test API key for any role (the postal duties have none in the sandbox credentials).</summary>
    public static async Task<HttpClient> As(this IbisApp app, string role, string? licenseeId = null, string? providerId = null)
    {
        var key = ApiKeys.NewKey(test: true);
        await app.WithDb(async db =>
        {
            db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = key[..14], Hash = ApiKeys.Hash(key), Mode = "test", Role = role, LicenseeId = licenseeId, ProviderId = providerId, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        return app.ClientFor(key);
    }

    public static Task<string> ProviderOf(this IbisApp app, string licenseeId) =>
        app.WithDb(db => db.Licensees.Where(l => l.Id == licenseeId).Select(l => l.ProviderId).SingleAsync());

    /// <summary>A complete Form 3601-A for the post office <paramref name="zip"/>.</summary>
    public static Dictionary<string, object?> Form(string zip = "20260", string? email = "jane.doe@mailer.example", string? city = "WASHINGTON") => new()
    {
        ["applicant_name"] = "Doe Mailing Co",
        ["contact_name"] = "Jane Doe",
        ["contact_title"] = "Office manager",
        ["mailing_address"] = new Dictionary<string, string> { ["street"] = "1 Main St", ["city"] = "Washington", ["state"] = "DC", ["zip"] = "20001" },
        ["phone"] = "202-555-0142",
        ["email"] = email,
        ["duns"] = "12-345-6789",
        ["post_office"] = new Dictionary<string, string?> { ["city"] = city, ["state"] = "DC", ["zip"] = zip },
        ["device_location"] = new Dictionary<string, string> { ["street"] = "1 Main St", ["city"] = "Washington", ["state"] = "DC", ["zip"] = "20001" },
        ["signature_name"] = "Jane Doe",
    };

    public static async Task<JsonNode> Ok(this Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Problem(this Task<HttpResponseMessage> call, int status, string code, string? field = null)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var node = JsonNode.Parse(body)!;
        Assert.Equal(code, (string)node["code"]!);
        if (field is not null) Assert.Contains(node["errors"]!.AsArray(), e => (string?)e!["param"] == field);
        return node;
    }
}
