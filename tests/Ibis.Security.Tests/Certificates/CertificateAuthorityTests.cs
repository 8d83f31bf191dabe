using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Security.Signatures;
using Xunit;

namespace Ibis.Security.Tests.Certificates;

public sealed class CertificateAuthorityTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SoftwareKeyStore _store = TestKeys.NewStore();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void CreateAuthority_MakesASelfSignedCaCertificate()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);

        using var certificate = X509CertificateLoader.LoadCertificate(ca.CertificateDer);
        Assert.Equal("CN=Ibis Postal Service CA", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(3, certificate.Version);
        Assert.Equal("1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.True(usage.Critical);
        Assert.True(certificate.NotBefore.ToUniversalTime() <= Now.UtcDateTime);
        Assert.True(certificate.NotAfter.ToUniversalTime() > Now.AddYears(5).UtcDateTime);
        Assert.True(CertificateSerial.TryRead(certificate, out var serial));
        Assert.Equal(ca.SerialNumber, serial);
    }

    [Fact]
    public void CreateAuthority_SelfSignatureVerifiesWithItsOwnKey()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);

        // A self-signed CA is issued by itself, but as an issuer it is not an end entity.
        var check = IndiciumSignatureVerifier.CheckIssuedBy(ca.CertificateDer, ca.CertificateDer, Now);
        Assert.Equal(CertificateCheckStatus.NotAnEndEntity, check.Status);

        // An independent chain builder agrees the certificate is a valid trust anchor.
        using var certificate = X509CertificateLoader.LoadCertificate(ca.CertificateDer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        Assert.True(chain.Build(certificate), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Theory]
    [InlineData("Ibis Postal Service CA", "CN=Ibis Postal Service CA SANDBOX")]
    [InlineData("Ibis SANDBOX CA", "CN=Ibis SANDBOX CA")]
    public void CreateAuthority_ForTheSandbox_PutsSandboxInTheName(string commonName, string expectedSubject)
    {
        var ca = CertificateAuthority.CreateAuthority(_store, commonName, sandbox: true, Now);

        using var certificate = X509CertificateLoader.LoadCertificate(ca.CertificateDer);
        Assert.Equal(expectedSubject, certificate.Subject);
    }

    [Fact]
    public void CreateAuthority_LiveWithSandboxInTheName_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => CertificateAuthority.CreateAuthority(_store, "Sandbox CA", sandbox: false, Now));
    }

    [Fact]
    public void IssueDeviceCertificate_ChainsToTheCa()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        var device = _store.GenerateSigningKey("psd_0001");

        var der = CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, device.SubjectPublicKeyInfo, "psd_0001", 42UL, Now, Now.AddYears(2));

        Assert.True(IndiciumSignatureVerifier.CheckIssuedBy(der, ca.CertificateDer, Now.AddDays(1)).IsValid);

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        Assert.Equal("CN=psd_0001", certificate.Subject);
        Assert.Equal("CN=Ibis Postal Service CA", certificate.Issuer);
        Assert.Equal(device.SubjectPublicKeyInfo, certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);

        // An independent chain builder agrees.
        using var root = X509CertificateLoader.LoadCertificate(ca.CertificateDer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.AddDays(1).UtcDateTime;
        Assert.True(chain.Build(certificate), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void IssueDeviceCertificate_DeviceSignaturesVerifyWithTheCertificate()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        var device = _store.GenerateSigningKey("psd_0001");
        var der = CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, device.SubjectPublicKeyInfo, "psd_0001", 42UL, Now, Now.AddYears(2));
        var data = "indicium data"u8.ToArray();

        var signature = _store.Sign(device.KeyHandle, data);

        Assert.True(IndiciumSignatureVerifier.Verify(der, data, signature));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(0x7FUL)]
    [InlineData(0x80UL)]
    [InlineData(0xFFUL)]
    [InlineData(0x0100UL)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL)]
    [InlineData(0x8000_0000_0000_0000UL)]
    [InlineData(ulong.MaxValue)]
    public void IssueDeviceCertificate_SerialRoundTripsAsAPositiveUlong(ulong serial)
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        var device = _store.GenerateSigningKey("psd_0001");

        var der = CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, device.SubjectPublicKeyInfo, "psd_0001", serial, Now, Now.AddYears(1));

        Assert.True(CertificateSerial.TryRead(der, out var fromDer));
        Assert.Equal(serial, fromDer);
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        Assert.True(CertificateSerial.TryRead(certificate, out var fromCertificate));
        Assert.Equal(serial, fromCertificate);
        Assert.True(certificate.SerialNumberBytes.Span[0] < 0x80, "DER INTEGER must be positive");
        Assert.Equal(serial.ToString("X", null).TrimStart('0'), certificate.SerialNumber.TrimStart('0'));
    }

    [Fact]
    public void IssueDeviceCertificate_WithSomeoneElsesCaKey_IsRefused()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        var impostor = _store.GenerateSigningKey("ca:impostor");
        var device = _store.GenerateSigningKey("psd_0001");

        var ex = Assert.Throws<KeyStoreException>(() => CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, impostor.KeyHandle, device.SubjectPublicKeyInfo, "psd_0001", 42UL, Now, Now.AddYears(1)));
        Assert.Equal(KeyStoreException.CaKeyMismatch, ex.Code);
    }

    [Fact]
    public void IssueDeviceCertificate_OutsideTheCaValidity_IsRefused()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        var device = _store.GenerateSigningKey("psd_0001");

        Assert.Throws<ArgumentException>(() => CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, device.SubjectPublicKeyInfo, "psd_0001", 42UL, Now, Now.AddYears(50)));
        Assert.Throws<ArgumentException>(() => CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, device.SubjectPublicKeyInfo, "psd_0001", 42UL, Now, Now));
    }

    [Fact]
    public void IssueDeviceCertificate_ForANonP256Key_IsRefused()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);

        Assert.Throws<ArgumentException>(() => CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, p384.ExportSubjectPublicKeyInfo(), "psd_0001", 42UL, Now, Now.AddYears(1)));
        Assert.Throws<ArgumentException>(() => CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, rsa.ExportSubjectPublicKeyInfo(), "psd_0001", 42UL, Now, Now.AddYears(1)));
    }

    [Fact]
    public void IssueDeviceCertificate_DeviceIdCannotInjectNameComponents()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        var device = _store.GenerateSigningKey("psd_0001");

        var der = CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, device.SubjectPublicKeyInfo, "psd_1, O=USPS", 42UL, Now, Now.AddYears(1));

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        Assert.Single(certificate.SubjectName.EnumerateRelativeDistinguishedNames());
        Assert.Equal("psd_1, O=USPS", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
    }
}
