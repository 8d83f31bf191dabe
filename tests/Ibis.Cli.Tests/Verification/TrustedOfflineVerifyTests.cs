using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Verification;

/// <summary>
/// Offline verification trusts only a pinned Postal Service CA (§502.28): chains to it or fails closed,
/// applies its revocation list and judges the certificate on the date of mailing; sandbox indicia are
/// refused unless --allow-test. The trust directory comes from <c>ibis certificates pull</c>.
/// </summary>
public sealed class TrustedOfflineVerifyTests : IDisposable
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestIndicium.Now.UtcDateTime);

    private readonly TempDir _dir = new();
    private readonly TestIndicium _indicium = TestIndicium.Create();

    public void Dispose() => _dir.Dispose();

    /// <summary>A trust directory as <c>ibis certificates pull</c> writes it.</summary>
    private string TrustDir(TestCa ca, byte[]? crl, params TestIndicium[] devices)
    {
        var root = Path.Combine(_dir.Path, "trust-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(root, "authorities"));
        Directory.CreateDirectory(Path.Combine(root, "revocations"));
        Directory.CreateDirectory(Path.Combine(root, "certificates"));
        File.WriteAllText(Path.Combine(root, "authorities", "ca_test.pem"), ca.Pem);
        if (crl is not null) File.WriteAllBytes(Path.Combine(root, "revocations", "test.crl"), crl);
        foreach (var d in devices)
            File.WriteAllText(Path.Combine(root, "certificates", d.Data.CertificateSerial.ToString(CultureInfo.InvariantCulture) + ".pem"), d.DevicePemOnly);
        return root;
    }

    private string Bin(TestIndicium indicium) => _dir.Write($"{Guid.NewGuid():N}.bin", indicium.Bytes);

    [Fact]
    public async Task PinnedCa_FromTheTrustDirectory_IsValid()
    {
        var dir = TrustDir(_indicium.Ca, _indicium.Ca.Crl(), _indicium);

        var result = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir, "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("VALID (test mode", result.Out);
        Assert.DoesNotContain("revocation was not checked", result.Out);
    }

    [Fact]
    public async Task WrongPinnedCa_FailsClosed()
    {
        using var other = new TestCa();
        var device = _dir.Write("device.pem", _indicium.Pem); // even with its own CA alongside

        var result = await CliRun.Run("verify", Bin(_indicium), "--offline", "--certificate", device, "--trust", _dir.Write("other.pem", other.Pem), "--allow-test", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains("issuer_not_trusted", doc.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task TrustDirectoryWithoutTheDeviceCertificate_IsRefused()
    {
        var dir = TrustDir(_indicium.Ca, null);

        var result = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir, "--allow-test");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("certificate_unknown", result.Out);
    }

    [Fact]
    public async Task RevokedBeforeTheDateOfMailing_IsRefused()
    {
        var crl = _indicium.Ca.Crl((TestIndicium.Serial, TestIndicium.Now.AddDays(-2)));
        var dir = TrustDir(_indicium.Ca, crl, _indicium);

        var result = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir, "--allow-test");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("certificate_revoked", result.Out);
    }

    [Fact]
    public async Task RevokedAfterTheDateOfMailing_StaysValid()
    {
        var crl = _indicium.Ca.Crl((TestIndicium.Serial, TestIndicium.Now.AddHours(2)));
        var dir = TrustDir(_indicium.Ca, crl, _indicium);

        var result = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir, "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("after the date of mailing", result.Out);
    }

    [Fact]
    public async Task RevocationListOfAnotherCa_IsIgnored()
    {
        using var other = new TestCa();
        var dir = TrustDir(_indicium.Ca, other.Crl((TestIndicium.Serial, TestIndicium.Now.AddDays(-2))), _indicium);

        var result = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir, "--allow-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("revocation was not checked", result.Out);
    }

    [Fact]
    public async Task TestIndicium_ExitsNonZero_UnlessAllowTest()
    {
        var dir = TrustDir(_indicium.Ca, _indicium.Ca.Crl(), _indicium);

        var refused = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir);
        var allowed = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir, "--allow-test");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("test_indicium", refused.Out);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
    }

    [Fact]
    public async Task CertificateEndedAfterTheDateOfMailing_StillVerifies_ButNotForALaterDate()
    {
        // The verifier's clock reads TestIndicium.Now; the certificate ended yesterday.
        var ca = new TestCa();
        var earlier = TestIndicium.Create(ca: ca, mailingDate: Today.AddDays(-3), notAfter: TestIndicium.Now.AddDays(-1));
        var later = TestIndicium.Create(ca: ca, serial: TestIndicium.Serial + 1, mailingDate: Today, notAfter: TestIndicium.Now.AddDays(-1));
        var dir = TrustDir(ca, ca.Crl(), earlier, later);

        var ok = await CliRun.Run("verify", Bin(earlier), "--offline", "--trust-dir", dir, "--allow-test");
        var expired = await CliRun.Run("verify", Bin(later), "--offline", "--trust-dir", dir, "--allow-test");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.True(expired.ExitCode == 1, expired.ToString());
        Assert.Contains("certificate_expired", expired.Out);
    }

    [Fact]
    public async Task KeyRollover_PiecesUnderTheOldAndTheNewCertificate_BothVerify()
    {
        var ca = new TestCa();
        var old = TestIndicium.Create(ca: ca, serial: 1001, mailingDate: Today.AddDays(-1));
        var fresh = TestIndicium.Create(ca: ca, serial: 1002);
        var dir = TrustDir(ca, ca.Crl(), old, fresh);

        foreach (var piece in new[] { old, fresh })
        {
            var result = await CliRun.Run("verify", Bin(piece), "--offline", "--trust-dir", dir, "--allow-test");
            Assert.True(result.ExitCode == 0, result.ToString());
        }
    }

    [Fact]
    public async Task TrustFileWithoutACaCertificate_Exits2()
    {
        var result = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust", _dir.Write("device.pem", _indicium.DevicePemOnly));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("holds no CA certificate", result.Err);
    }

    [Fact]
    public async Task Pull_WritesATrustDirectory_ThatVerifiesAndAppliesRevocations()
    {
        var revokedPiece = TestIndicium.Create(ca: _indicium.Ca, serial: 4242);
        var crl = _indicium.Ca.Crl((4242, TestIndicium.Now.AddDays(-1)));
        var stub = new DirectoryStub(_indicium.Ca, crl, _indicium, revokedPiece);
        var dir = Path.Combine(_dir.Path, "pulled");

        var pulled = await CliRun.Run(() => stub, "certificates", "pull", "--server", "http://ibis.example:5080/", "--dir", dir);

        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.Contains("pulled 1 certificate authorities, 1 revocation lists and 2 device certificates", pulled.Out);
        Assert.Contains("SHA-256", pulled.Out);
        Assert.True(File.Exists(Path.Combine(dir, "revocations", "test.crl")));
        var ok = await CliRun.Run("verify", Bin(_indicium), "--offline", "--trust-dir", dir, "--allow-test");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        var revoked = await CliRun.Run("verify", Bin(revokedPiece), "--offline", "--trust-dir", dir, "--allow-test");
        Assert.True(revoked.ExitCode == 1, revoked.ToString());
        Assert.Contains("certificate_revoked", revoked.Out);
    }

    /// <summary>The server's public certificate directory, one page of device certificates.</summary>
    private sealed class DirectoryStub(TestCa ca, byte[] crl, params TestIndicium[] devices) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var query = request.RequestUri.Query;
            HttpResponseMessage response;
            if (path == "/v1/certificates/authorities")
                response = Json(new { @object = "list", data = new[] { new { @object = "certificate_authority", id = "ca_test", name = "Ibis Test CA SANDBOX", mode = "test", external = false, pem = ca.Pem } }, has_more = false });
            else if (path == "/v1/certificates/revocations" && query.Contains("mode=test", StringComparison.Ordinal))
                response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(crl) };
            else if (path == "/v1/certificates")
                response = Json(new
                {
                    @object = "list",
                    data = devices.Select(d => new { serial = d.Data.CertificateSerial.ToString(CultureInfo.InvariantCulture), pem = d.DevicePemOnly }),
                    has_more = false,
                });
            else
                response = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{}", Encoding.UTF8, "application/problem+json") };
            response.RequestMessage = request;
            return Task.FromResult(response);
        }

        private static HttpResponseMessage Json(object body) =>
            new(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
    }
}
