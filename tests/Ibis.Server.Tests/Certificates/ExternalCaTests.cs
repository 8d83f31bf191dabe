extern alias cli;

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Ibis.Server.Installation;
using Ibis.Server.Tests.Funds;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Organisations;
using Ibis.Server.Tests.Psd;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Certificates;

/// <summary>
/// Issue 11 item 1: an installation that holds no CA gets its device certificates from an external
/// Postal Service CA — PKCS#10 requests out, X.509 certificates in — and prints live postage that
/// verifies against that CA. The external CA here is made with the BCL, as the Postal Service's would
/// be made by software Ibis does not know.
/// </summary>
public abstract class ExternalCaTests(DatabaseKind kind) : IDisposable
{
    private readonly Lazy<IbisApp> _app = new(() => new IbisApp(kind, settings: new Dictionary<string, string>
    {
        ["Ibis:Sandbox"] = "false",
        ["Ibis:Payments:Gateway"] = "manual",
    }));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task DeviceKeys_AreCertifiedByTheExternalCa_ThroughRequestAndImport()
    {
        using var postalCa = ExternalCa.Create("USPS IBI External CA");
        using var strangerCa = ExternalCa.Create("Not the Postal Service");
        InitializedInstallation init;
        await using (var scope = App.Services.CreateAsyncScope())
            init = await scope.ServiceProvider.GetRequiredService<InitializeInstallation>().Handle(new InitializeInstallationCommand("admin@usps.example", true), default);
        Assert.Null(init.CertificateAuthorityId);
        var (admin, postal, _) = await NewUser.Join(App, init.AdministratorInvitation.Code);
        var story = await LiveStory.UpToTheLease(App, admin, postal);

        var device = (string)(await story.Provider.PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        await story.Provider.PostJson($"/v1/devices/{device}/inspection", new { passed = true }).Ok();

        // No CA key here: commissioning waits for the device's certificate, and that for the CA's.
        await story.Provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = story.LeaseId }).Problem(409, "device_certificate_missing");
        var request = await story.Provider.PostJson($"/v1/devices/{device}/certificate-request", new { }).Ok(HttpStatusCode.Created);
        var again = await story.Provider.PostJson($"/v1/devices/{device}/certificate-request", new { }).Ok(HttpStatusCode.Created);
        Assert.Equal((string)request["id"]!, (string)again["id"]!);
        var csrPem = (string)request["pem"]!;
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", csrPem);
        var signed = postalCa.Sign(csrPem, serial: 0x1234_5678_9ABCL);
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = signed }).Problem(409, "certificate_authority_unknown");

        // The Postal Service administrator imports its CA's certificate, once; a provider may not.
        await story.Provider.PostJson("/v1/certificates/authorities", new { certificate = postalCa.Pem }).Problem(403, "forbidden");
        await postal.PostJson("/v1/certificates/authorities", new { certificate = "not a certificate" }).Problem(400, "certificate_unreadable", "certificate");
        await postal.PostJson("/v1/certificates/authorities", new { certificate = postalCa.Sign(csrPem, 99) }).Problem(400, "certificate_not_authority", "certificate");
        var anchor = await postal.PostJson("/v1/certificates/authorities", new { certificate = postalCa.Pem }).Ok(HttpStatusCode.Created);
        Assert.True((bool)anchor["external"]!);
        await postal.PostJson("/v1/certificates/authorities", new { certificate = strangerCa.Pem }).Problem(409, "certificate_authority_already_imported");

        // A certificate for another key, from another issuer, or expired is refused and changes nothing.
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherCsr = new CertificateRequest("CN=other", otherKey, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = postalCa.Sign(otherCsr, 7) }).Problem(400, "certificate_key_mismatch", "certificate");
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = strangerCa.Sign(csrPem, 8) }).Problem(400, "certificate_issuer_unknown", "certificate");
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = postalCa.Sign(csrPem, 9, notAfter: DateTimeOffset.UtcNow.AddDays(-1)) }).Problem(400, "certificate_not_current", "certificate");
        await story.Provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = story.LeaseId }).Problem(409, "device_certificate_missing");

        var imported = await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = signed }).Ok();
        Assert.Equal("issued", (string)imported["status"]!);
        Assert.Equal(0x1234_5678_9ABCL.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)imported["certificate_serial"]!);
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = signed }).Problem(409, "certificate_request_missing");

        var commissioned = await story.Provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = story.LeaseId }).Ok();
        Assert.Equal("in_service", (string)commissioned["status"]!);

        // Live postage under the external CA's certificate verifies against that CA.
        var deposit = await (await story.Licensee.Deposit(story.AccountId, "100.000", method: "check")).Body();
        await story.Provider.PostJson($"/v1/deposits/{deposit["id"]}/confirmation", new { succeeded = true }).Ok(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await story.Provider.Reset(device, "20.000")).StatusCode);
        var printed = await story.Licensee.Print(device).Ok(HttpStatusCode.Created);
        var verdict = await App.CreateClient().PostJson("/v1/verifications", new { barcode_data = (string)printed["barcode_data"]! }).Ok();
        Assert.True((bool)verdict["valid"]!, verdict.ToJsonString());
        Assert.Equal("live", (string)verdict["mode"]!);
        var authorities = await App.CreateClient().GetAsync("/v1/certificates/authorities").Ok();
        Assert.Contains(authorities["data"]!.AsArray(), a => (bool)a!["external"]! && (string)a["pem"]! == postalCa.Pem);
    }
    /// <summary>
    /// Issue 11 item 9, external CA: a rollover makes a new key and a PKCS#10 request; the device keeps
    /// signing with its old key until the CA's certificate for the new one is imported, then switches.
    /// The old certificate stays on file, so pieces from before and after both verify — online, and
    /// offline from the directory against the pinned external CA alone.
    /// </summary>
    [SkippableFact]
    public async Task KeyRollover_UnderTheExternalCa_SwitchesOnImport_AndEveryPieceStillVerifies()
    {
        using var postalCa = ExternalCa.Create("USPS IBI External CA");
        InitializedInstallation init;
        await using (var scope = App.Services.CreateAsyncScope())
            init = await scope.ServiceProvider.GetRequiredService<InitializeInstallation>().Handle(new InitializeInstallationCommand("admin@usps.example", true), default);
        var (admin, postal, _) = await NewUser.Join(App, init.AdministratorInvitation.Code);
        var story = await LiveStory.UpToTheLease(App, admin, postal);
        await postal.PostJson("/v1/certificates/authorities", new { certificate = postalCa.Pem }).Ok(HttpStatusCode.Created);
        var device = (string)(await story.Provider.PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        await story.Provider.PostJson($"/v1/devices/{device}/inspection", new { passed = true }).Ok();

        // A rollover is for a device in service; before commissioning there is only the first request.
        await story.Provider.PostJson($"/v1/devices/{device}/certificate-request", new { rollover = true }).Problem(403, "device_not_in_service");
        var first = await story.Provider.PostJson($"/v1/devices/{device}/certificate-request", new { }).Ok(HttpStatusCode.Created);
        Assert.False((bool)first["rollover"]!);
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = postalCa.Sign((string)first["pem"]!, 0x1001) }).Ok();
        await story.Provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = story.LeaseId }).Ok();
        var deposit = await (await story.Licensee.Deposit(story.AccountId, "100.000", method: "check")).Body();
        await story.Provider.PostJson($"/v1/deposits/{deposit["id"]}/confirmation", new { succeeded = true }).Ok(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await story.Provider.Reset(device, "20.000")).StatusCode);
        var before = (string)(await story.Licensee.Print(device).Ok(HttpStatusCode.Created))["barcode_data"]!;

        // The rollover: 202 with a PKCS#10 request for a new key; asking again (either way) gives the same request.
        await story.Licensee.PostJson($"/v1/devices/{device}/certificate-request", new { rollover = true }).Problem(403, "forbidden");
        var rollover = await story.Provider.PostRaw($"/v1/devices/{device}/key-rollover", "").Ok(HttpStatusCode.Accepted);
        Assert.True((bool)rollover["rollover"]!);
        Assert.Equal("pending", (string)rollover["status"]!);
        var again = await story.Provider.PostJson($"/v1/devices/{device}/certificate-request", new { rollover = true }).Ok(HttpStatusCode.Created);
        Assert.Equal((string)rollover["id"]!, (string)again["id"]!);
        var rolloverPem = (string)rollover["pem"]!;
        Assert.NotEqual((string)first["pem"]!, rolloverPem);

        // Until the certificate comes back, the device signs with its old key and certificate.
        var meanwhile = (string)(await story.Licensee.Print(device).Ok(HttpStatusCode.Created))["barcode_data"]!;
        Assert.Equal(0x1001UL, SerialOf(meanwhile));

        // The import is checked as the first one: the old key's certificate, or a used serial, is refused and changes nothing.
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = postalCa.Sign((string)first["pem"]!, 0x1002) }).Problem(400, "certificate_key_mismatch", "certificate");
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = postalCa.Sign(rolloverPem, 0x1001) }).Problem(409, "certificate_serial_taken", "certificate");
        Assert.Equal(0x1001UL, SerialOf((string)(await story.Licensee.Print(device).Ok(HttpStatusCode.Created))["barcode_data"]!));

        var imported = await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = postalCa.Sign(rolloverPem, 0x2002) }).Ok();
        Assert.Equal("issued", (string)imported["status"]!);
        var after = (string)(await story.Licensee.Print(device).Ok(HttpStatusCode.Created))["barcode_data"]!;
        Assert.Equal(0x2002UL, SerialOf(after));
        await story.Provider.PostJson($"/v1/devices/{device}/certificate", new { certificate = postalCa.Sign(rolloverPem, 0x2003) }).Problem(409, "certificate_request_missing");
        var history = await story.Provider.GetAsync($"/v1/devices/{device}/history").Ok();
        var kinds = history["data"]!.AsArray().Select(e => (string)e!["kind"]!).ToList();
        Assert.Contains("key_rollover_requested", kinds);
        Assert.Contains("key_rollover", kinds);

        // Both certificates stay in the directory, neither revoked; every piece verifies online.
        foreach (var piece in new[] { before, meanwhile, after })
        {
            var verdict = await App.CreateClient().PostJson("/v1/verifications", new { barcode_data = piece }).Ok();
            Assert.True((bool)verdict["valid"]!, verdict.ToJsonString());
            Assert.Equal("live", (string)verdict["mode"]!);
        }

        // Offline, with the CLI's own verifier: the public directory pulled with `ibis certificates pull`, the
        // external CA pinned with --trust, and that CA's revocation list (an external CA publishes its own).
        var trust = Directory.CreateTempSubdirectory("ibis-trust-");
        try
        {
            var pull = await Cli("certificates", "pull", "--server", "http://localhost/", "--dir", trust.FullName);
            Assert.True(pull.Exit == 0, pull.Out + pull.Err);
            var pinned = Path.Combine(trust.FullName, "postal-ca.pem");
            await File.WriteAllTextAsync(pinned, postalCa.Pem);
            var crl = Path.Combine(trust.FullName, "revocations", "external.crl");
            await File.WriteAllBytesAsync(crl, postalCa.Crl());
            foreach (var piece in new[] { before, meanwhile, after })
            {
                var (valid, mode, reasons, notes) = await VerifyOffline(piece, pinned, trust.FullName);
                Assert.True(valid, $"piece under certificate {SerialOf(piece)} does not verify offline: {string.Join(", ", reasons)}");
                Assert.Equal("live", mode);
                Assert.DoesNotContain(notes, n => n.Contains("revocation was not checked", StringComparison.Ordinal));
            }

            // The CA revokes the first certificate from yesterday: the pieces signed under it are refused
            // offline, the piece under the rolled-over certificate stays good.
            await File.WriteAllBytesAsync(crl, postalCa.Crl((0x1001, DateTimeOffset.UtcNow.AddDays(-1))));
            foreach (var piece in new[] { before, meanwhile })
            {
                var (valid, _, reasons, _) = await VerifyOffline(piece, pinned, trust.FullName);
                Assert.False(valid);
                Assert.Contains("certificate_revoked", reasons);
            }
            Assert.True((await VerifyOffline(after, pinned, trust.FullName)).Valid);

            // A stranger's CA pinned instead: nothing verifies (fail closed).
            using var stranger = ExternalCa.Create("Not the Postal Service");
            var strangerPem = Path.Combine(trust.FullName, "stranger.pem");
            await File.WriteAllTextAsync(strangerPem, stranger.Pem);
            Assert.Contains("issuer_not_trusted", (await VerifyOffline(after, strangerPem, trust.FullName)).Reasons);
        }
        finally
        {
            trust.Delete(recursive: true);
        }
    }

    private static ulong SerialOf(string barcodeData) => Domain.Indicia.IndiciumCodec.Parse(Convert.FromBase64String(barcodeData)).Value.CertificateSerial;

    /// <summary>Runs the <c>ibis</c> command line in-process against this server, as a user would run it.</summary>
    private async Task<(int Exit, string Out, string Err)> Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new cli::Ibis.Cli.CliContext(output, error, TimeProvider.System, () => App.Server.CreateHandler(),
            name => name == "IBIS_CONFIG" ? Path.Combine(Path.GetTempPath(), "ibis-no-such-dir", "config.json") : null);
        var exit = await cli::Ibis.Cli.Cli.RunAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary><c>ibis verify --offline --trust FILE --trust-dir DIR --data … --json</c>: its verdict, reasons and notes.</summary>
    private async Task<(bool Valid, string? Mode, string[] Reasons, string[] Notes)> VerifyOffline(string barcodeData, string pinned, string trustDir)
    {
        var (exit, output, error) = await Cli("verify", "--data", barcodeData, "--offline", "--trust", pinned, "--trust-dir", trustDir, "--json");
        Assert.True(exit is 0 or 1, output + error);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var root = doc.RootElement;
        var valid = root.GetProperty("valid").GetBoolean();
        Assert.Equal(valid, exit == 0);
        return (valid, root.TryGetProperty("mode", out var m) ? m.GetString() : null,
            [.. root.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!)],
            root.TryGetProperty("notes", out var n) ? [.. n.EnumerateArray().Select(x => x.GetString()!)] : []);
    }
}

/// <summary>A Postal Service CA outside Ibis, made with the BCL.</summary>
internal sealed class ExternalCa : IDisposable
{
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;

    private ExternalCa(ECDsa key, X509Certificate2 certificate) => (_key, _certificate) = (key, certificate);

    public string Pem => _certificate.ExportCertificatePem() + "\n";

    public static ExternalCa Create(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new ExternalCa(key, request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10)));
    }

    /// <summary>What the Postal Service's CA does with a device's PKCS#10 request: an end-entity certificate for its key.</summary>
    public string Sign(string csrPem, long serial, DateTimeOffset? notAfter = null)
    {
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256);
        csr.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        csr.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var serialBytes = BitConverter.GetBytes(serial);
        Array.Reverse(serialBytes);
        var end = notAfter ?? DateTimeOffset.UtcNow.AddYears(3);
        using var issued = csr.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), end.AddYears(-3), end, serialBytes.SkipWhile(b => b == 0).ToArray());
        return issued.ExportCertificatePem() + "\n";
    }

    /// <summary>The CA's own revocation list (as the Postal Service publishes it), revoking the serials given.</summary>
    public byte[] Crl(params (long Serial, DateTimeOffset At)[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (serial, at) in revoked)
            builder.AddEntry(Security.Certificates.CertificateSerial.ToDerContent((ulong)serial), at, X509RevocationReason.KeyCompromise);
        var now = DateTimeOffset.UtcNow;
        return builder.Build(_certificate, 1, now.AddDays(7), HashAlgorithmName.SHA256, thisUpdate: now.AddHours(-1));
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}

/// <summary>The live onboarding of LiveOnboardingTests up to a signed lease, for tests about what comes after.</summary>
internal static class LiveStory
{
    public sealed record Tenant(HttpClient Provider, HttpClient Licensee, string LicenseeId, string AccountId, string LeaseId);

    public static async Task<Tenant> UpToTheLease(IbisApp app, HttpClient postalAdministrator, HttpClient postal)
    {
        var prices = Rates.PriceLists.Edited("usps-live-test", DateOnly.FromDateTime(DateTime.UtcNow), "0.740");
        var loaded = await postal.PostAsync("/v1/rate-tables", new StringContent(prices, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(loaded.IsSuccessStatusCode, await loaded.Content.ReadAsStringAsync());
        var officialInvite = await postalAdministrator.PostJson("/v1/invitations", new { email = "official@usps.example", role = "licensing_official" }).Ok(HttpStatusCode.Created);
        var (_, official, _) = await NewUser.Join(app, (string)officialInvite["code"]!);
        var authorized = await postal.PostJson("/v1/providers", new { name = "Acme Postage Inc", authorized_on = "2026-12-01", administrator_email = "ops@acme.example" }).Ok(HttpStatusCode.Created);
        var (_, provider, _) = await NewUser.Join(app, (string)authorized["administrator_invitation"]!["code"]!);
        var onboarded = await provider.PostJson("/v1/licensees", new { name = "Main Street Bakery", administrator_email = "owner@bakery.example" }).Ok(HttpStatusCode.Created);
        var licenseeId = (string)onboarded["licensee"]!["id"]!;
        var (_, licensee, _) = await NewUser.Join(app, (string)onboarded["administrator_invitation"]!["code"]!);
        var application = await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/applications/{application["id"]}/transmission", new { }).Ok();
        var licenseId = (string)(await official.PostJson($"/v1/applications/{application["id"]}/decision", new { decision = "approve" }).Ok())["license_id"]!;
        var account = (string)(await provider.PostJson("/v1/accounts", new { licensee_id = licenseeId, deposit_requirement_acknowledged = true }).Ok(HttpStatusCode.Created))["id"]!;
        var lease = (string)(await provider.PostJson("/v1/leases", new { licensee_id = licenseeId, license_id = licenseId, signed_by = "Pat Baker", signed_on = "2026-12-05", resetting_account_id = account }).Ok(HttpStatusCode.Created))["id"]!;
        return new Tenant(provider, licensee, licenseeId, account, lease);
    }
}

[Collection("sqlite")]
public sealed class SqliteExternalCaTests() : ExternalCaTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresExternalCaTests() : ExternalCaTests(DatabaseKind.Postgres);
