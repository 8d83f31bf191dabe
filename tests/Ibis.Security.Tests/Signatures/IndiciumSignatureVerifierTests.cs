using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CsCheck;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Security.Signatures;
using Xunit;

namespace Ibis.Security.Tests.Signatures;

public sealed class IndiciumSignatureVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Data = "indicium data"u8.ToArray();

    private readonly SoftwareKeyStore _store = TestKeys.NewStore();
    private readonly IssuedCa _ca;
    private readonly GeneratedKey _device;
    private readonly byte[] _deviceCertificate;

    public IndiciumSignatureVerifierTests()
    {
        _ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        _device = _store.GenerateSigningKey("psd_0001");
        _deviceCertificate = CertificateAuthority.IssueDeviceCertificate(
            _store, _ca.CertificateDer, _ca.KeyHandle, _device.SubjectPublicKeyInfo, "psd_0001", 7UL, Now, Now.AddYears(1));
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Verify_AcceptsTheDevicesSignatureOnly()
    {
        var signature = _store.Sign(_device.KeyHandle, Data);
        var other = _store.GenerateSigningKey("psd_0002");

        Assert.True(IndiciumSignatureVerifier.Verify(_deviceCertificate, Data, signature));
        Assert.False(IndiciumSignatureVerifier.Verify(_deviceCertificate, "other"u8, signature));
        Assert.False(IndiciumSignatureVerifier.Verify(_deviceCertificate, Data, _store.Sign(other.KeyHandle, Data)));
    }

    [Fact]
    public void Verify_RejectsSignaturesOfTheWrongLengthOrEncoding()
    {
        var signature = _store.Sign(_device.KeyHandle, Data);
        var der = EcdsaSignatureEncoding.P1363ToDer(signature);

        Assert.False(IndiciumSignatureVerifier.Verify(_deviceCertificate, Data, signature.AsSpan(0, 63)));
        Assert.False(IndiciumSignatureVerifier.Verify(_deviceCertificate, Data, []));
        Assert.False(IndiciumSignatureVerifier.Verify(_deviceCertificate, Data, der));
        Assert.False(IndiciumSignatureVerifier.Verify(_deviceCertificate, Data, new byte[64]));
    }

    [Fact]
    public void Verify_OnHostileCertificates_ReturnsFalseAndNeverThrows()
    {
        var signature = _store.Sign(_device.KeyHandle, Data);
        Assert.False(IndiciumSignatureVerifier.Verify(null!, Data, signature));
        Assert.False(IndiciumSignatureVerifier.Verify([], Data, signature));

        Gen.Byte.Array[0, 300].Sample(bytes => Assert.False(IndiciumSignatureVerifier.Verify(bytes, Data, signature)), iter: 500);
        Mutations(_deviceCertificate).Sample(mutated => { IndiciumSignatureVerifier.Verify(mutated, Data, signature); }, iter: 500);
    }

    [Fact]
    public void CheckIssuedBy_ValidChain_IsValid()
    {
        var check = IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, _ca.CertificateDer, Now.AddMonths(6));

        Assert.True(check.IsValid, check.ToString());
        Assert.Equal(CertificateCheckStatus.Valid, check.Status);
    }

    [Fact]
    public void CheckIssuedBy_AnotherCaWithTheSameName_IsABadSignature()
    {
        var impostor = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);

        var check = IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, impostor.CertificateDer, Now);

        Assert.False(check.IsValid);
        Assert.Equal(CertificateCheckStatus.BadSignature, check.Status);
    }

    [Fact]
    public void CheckIssuedBy_TheSandboxCa_IsAnIssuerMismatch()
    {
        var sandbox = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: true, Now);

        var check = IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, sandbox.CertificateDer, Now);

        Assert.Equal(CertificateCheckStatus.IssuerMismatch, check.Status);
    }

    [Fact]
    public void CheckIssuedBy_OutsideTheValidity_IsNotYetValidOrExpired()
    {
        Assert.Equal(CertificateCheckStatus.NotYetValid,
            IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, _ca.CertificateDer, Now.AddSeconds(-1)).Status);
        Assert.Equal(CertificateCheckStatus.Expired,
            IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, _ca.CertificateDer, Now.AddYears(1).AddSeconds(1)).Status);
        Assert.Equal(CertificateCheckStatus.AuthorityNotValidAt,
            IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, _ca.CertificateDer, Now.AddYears(30)).Status);
    }

    [Fact]
    public void CheckIssuedBy_ADeviceCertificateAsIssuer_IsNotACa()
    {
        var other = _store.GenerateSigningKey("psd_0002");
        var otherCertificate = CertificateAuthority.IssueDeviceCertificate(
            _store, _ca.CertificateDer, _ca.KeyHandle, other.SubjectPublicKeyInfo, "psd_0002", 8UL, Now, Now.AddYears(1));

        var check = IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, otherCertificate, Now);

        Assert.Equal(CertificateCheckStatus.AuthorityNotACa, check.Status);
    }

    [Fact]
    public void CheckIssuedBy_ACertificateFromAnRsaCa_IsUnsupported()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Ibis Postal Service CA", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var rsaCa = request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(5));
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var deviceRequest = new CertificateRequest("CN=psd_0001", deviceKey, HashAlgorithmName.SHA256);
        using var device = deviceRequest.Create(
            rsaCa.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), Now, Now.AddYears(1), [1]);

        var check = IndiciumSignatureVerifier.CheckIssuedBy(device.RawData, rsaCa.RawData, Now);

        Assert.Equal(CertificateCheckStatus.UnsupportedAlgorithm, check.Status);
    }

    [Fact]
    public void CheckIssuedBy_WithAnyByteOfTheCertificateFlipped_IsNeverValidAndNeverThrows()
    {
        Gen.Int[0, _deviceCertificate.Length - 1].Select(Gen.Byte[1, 255]).Sample((index, mask) =>
        {
            var tampered = (byte[])_deviceCertificate.Clone();
            tampered[index] ^= mask;
            var check = IndiciumSignatureVerifier.CheckIssuedBy(tampered, _ca.CertificateDer, Now);
            Assert.False(check.IsValid, $"byte {index} ^ {mask:X2} still valid");
        }, iter: 400);
    }

    [Fact]
    public void CheckIssuedBy_OnHostileInput_NeverThrows()
    {
        Assert.Equal(CertificateCheckStatus.MalformedCertificate,
            IndiciumSignatureVerifier.CheckIssuedBy(null!, _ca.CertificateDer, Now).Status);
        Assert.Equal(CertificateCheckStatus.MalformedAuthority,
            IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, null!, Now).Status);
        Assert.Equal(CertificateCheckStatus.MalformedCertificate,
            IndiciumSignatureVerifier.CheckIssuedBy([0x30, 0x00], _ca.CertificateDer, Now).Status);

        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            Assert.False(IndiciumSignatureVerifier.CheckIssuedBy(bytes, _ca.CertificateDer, Now).IsValid);
            Assert.False(IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, bytes, Now).IsValid);
        }, iter: 300);
        Mutations(_deviceCertificate).Sample(mutated =>
        {
            IndiciumSignatureVerifier.CheckIssuedBy(mutated, _ca.CertificateDer, Now);
        }, iter: 300);
        Mutations(_ca.CertificateDer).Sample(mutated =>
        {
            IndiciumSignatureVerifier.CheckIssuedBy(_deviceCertificate, mutated, Now);
        }, iter: 300);
    }

    // Truncations, extensions and byte overwrites of a valid certificate: inputs that get deep into the
    // DER parser, unlike uniformly random bytes.
    private static Gen<byte[]> Mutations(byte[] original) =>
        Gen.OneOf(
            Gen.Int[0, original.Length - 1].Select(length => original[..length]),
            Gen.Byte.Array[1, 8].Select(tail => original.Concat(tail).ToArray()),
            Gen.Int[0, original.Length - 1].Select(Gen.Byte, Gen.Int[1, 4], (index, value, count) =>
            {
                var copy = (byte[])original.Clone();
                for (var i = index; i < Math.Min(copy.Length, index + count); i++)
                {
                    copy[i] = value;
                }
                return copy;
            }));
}
