using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// The issuance path end to end through the real app and database: print, fetch the images, scan
/// the PNG with an independent reader, verify, and refuse bad input without touching registers.
/// Runs once on SQLite and once on PostgreSQL.
/// </summary>
public abstract class PrintingTests(Func<IbisApp> app)
{
    // Resolved inside each test, so a missing PostgreSQL skips the test instead of failing the class.
    protected IbisApp App => app();

    protected static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static object Letter(string? postage = "0.740", string? date = null, string? zip = "20260", object? weight = null) => new Dictionary<string, object?>
    {
        ["mail_class"] = "first_class",
        ["rate_category"] = "letter",
        ["weight_oz"] = weight ?? 1,
        ["postage"] = postage,
        ["mailing_date"] = date ?? Today,
        ["destination_zip"] = zip,
    }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);

    [SkippableFact]
    public async Task Print_ReturnsSignedIndicium_AndDebitsRegisters()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var response = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Body();
        Assert.StartsWith("ind_", (string)body["id"]!);
        Assert.Equal("0.740", (string)body["postage"]!["amount"]!);
        Assert.Equal("0.740", (string)body["ascending_register"]!["amount"]!);
        Assert.Equal("99.260", (string)body["descending_register"]!["amount"]!);
        Assert.Equal("100.000", (string)body["control_total"]!["amount"]!);
        Assert.Equal(124, Convert.FromBase64String((string)body["barcode_data"]!).Length);

        var device = await (await client.GetAsync($"/v1/devices/{who.DeviceId}")).Body();
        Assert.Equal("99.260", (string)device["descending_register"]!["amount"]!);
        Assert.Equal(1, (long)device["piece_count"]!);
    }

    [SkippableFact]
    public async Task Print_WithoutPostage_ChargesTheRateTableAmount()
    {
        var who = await App.NewLicensee();
        var response = await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter(postage: null, weight: 2.5m));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Sample table: $0.740 first ounce + 2 × $0.290 for the started second and third ounces.
        Assert.Equal("1.320", (string)(await response.Body())["postage"]!["amount"]!);
    }

    [SkippableFact]
    public async Task PrintedPng_ScansWithZXing_AndVerifies()
    {
        var reader = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var printed = await (await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter())).Body();
        var png = await client.GetByteArrayAsync((string)printed["links"]!["png"]!);
        var file = Path.Combine(App.DataDirectory, "scan.png");
        await File.WriteAllBytesAsync(file, png);

        var scanned = Scanners.ZXingBytes(reader, file);
        Assert.Equal(Convert.FromBase64String((string)printed["barcode_data"]!), scanned);

        var verdict = await (await client.PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = Convert.ToBase64String(scanned) })).Body();
        Assert.True((bool)verdict["valid"]!, verdict.ToJsonString());
        Assert.Equal("test", (string)verdict["mode"]!);
        Assert.Equal((string)printed["postage"]!["amount"]!, (string)verdict["indicium"]!["postage"]!["amount"]!);
    }

    [SkippableFact]
    public async Task EveryFlippedByte_IsReportedInvalid_OrRefused()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var printed = await (await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter())).Body();
        var bytes = Convert.FromBase64String((string)printed["barcode_data"]!);
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            var response = await client.PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = Convert.ToBase64String(tampered) });
            // A flipped version/algorithm byte or an impossible date no longer parses as v1: still a
            // verdict (format_invalid), never a 400 (issue 14).
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var verdict = await response.Body();
            Assert.False((bool)verdict["valid"]!, $"byte {i} flipped but still valid");
            Assert.NotEmpty(verdict["reasons"]!.AsArray());
        }
    }

    [SkippableFact]
    public async Task PdfAndSvg_AreServed()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var printed = await (await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter())).Body();
        var pdf = await client.GetAsync((string)printed["links"]!["pdf"]!);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 4));
        var svg = await client.GetAsync((string)printed["links"]!["svg"]!);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        System.Xml.Linq.XDocument.Parse(await svg.Content.ReadAsStringAsync());
        var json = await client.GetAsync($"/v1/indicia/{(string)printed["id"]!}");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
    }

    [SkippableFact]
    public async Task Certificate_IsPublishedAsPem_AndVerifiesTheSignature()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var printed = await (await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", Letter())).Body();
        var bytes = Convert.FromBase64String((string)printed["barcode_data"]!);
        var data = Domain.Indicia.IndiciumCodec.Parse(bytes).Value;
        var anonymous = App.CreateClient();
        var pem = await anonymous.GetStringAsync($"/v1/certificates/{data.CertificateSerial}");
        Assert.Contains("BEGIN CERTIFICATE", pem);
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        using var key = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPublicKey(cert)!;
        // Issue 16 item 6: format v2 signs the indicium context tag and the 60 bytes, never the bare bytes.
        Assert.Equal(Domain.Indicia.IndiciumCodec.Version2, bytes[0]);
        Assert.True(key.VerifyData(Domain.Indicia.IndiciumCodec.SignedMessageOf(bytes), bytes.AsSpan(60), System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.False(key.VerifyData(bytes.AsSpan(0, 60), bytes.AsSpan(60), System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/v1/certificates/12345")).StatusCode);
    }

    [SkippableFact]
    public async Task Idempotency_ReplaysTheFirstIndicium_AndRefusesAnotherBody()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var url = $"/v1/devices/{who.DeviceId}/indicia";
        var first = await client.PostJson(url, Letter(), "order-1001");
        var again = await client.PostJson(url, Letter(), "order-1001");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotency-Replay").Single());
        Assert.Equal((string)(await first.Body())["id"]!, (string)(await again.Body())["id"]!);
        var other = await client.PostJson(url, Letter(postage: "1.000"), "order-1001");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("idempotency_key_reused", (string)(await other.Body())["code"]!);
        var device = await (await client.GetAsync($"/v1/devices/{who.DeviceId}")).Body();
        Assert.Equal(1, (long)device["piece_count"]!);
    }

    [SkippableFact]
    public async Task Health_And_OpenApi_Answer()
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var doc = await (await client.GetAsync("/openapi/v1.json")).Body();
        Assert.NotNull(doc["paths"]!["/v1/devices/{deviceId}/indicia"]);
    }

    [SkippableFact]
    public async Task SandboxCredentials_AreWrittenOwnerOnly_AndWork()
    {
        var sandbox = App.Sandbox;
        Assert.StartsWith("ibis_test_", sandbox.ApiKey);
        Assert.Equal(Caller_Roles, sandbox.Logins.Select(l => l.Role).Order().ToArray());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(App.DataDirectory, "sandbox-credentials.json")));
        var device = await (await App.ClientFor(sandbox.ApiKey).GetAsync($"/v1/devices/{sandbox.DeviceId}")).Body();
        Assert.Equal("100.000", (string)device["control_total"]!["amount"]!);
    }

    private static readonly string[] Caller_Roles = ["appeals_manager", "auditor", "inspector", "licensee", "licensing_official", "postal", "privacy_officer", "provider", "refund_coordinator"];
}

[Collection("sqlite")]
public sealed class SqlitePrintingTests(SqliteAppFixture f) : PrintingTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresPrintingTests(PostgresAppFixture f) : PrintingTests(() => f.App), IClassFixture<PostgresAppFixture>;
