using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Signatures;
using Ibis.Server.Verification;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>
/// The verifier's per-thread key cache belongs to its instance. Two installations in one process (here, as in
/// the test hosts that run one per database) can each hold a certificate with the same serial and a different
/// key — an external CA chooses serials — and a piece must be checked against its own installation's key.
/// This failed once in CI: the SQLite and PostgreSQL runs of the external-CA rollover both imported serial
/// 0x2002, and whichever ran second on a thread verified with the first one's key.
/// </summary>
public sealed class VerifyingKeysTests
{
    [Fact]
    public void TwoVerifiers_WithTheSameSerial_EachVerifyWithTheirOwnKey()
    {
        const long serial = 0x2002;
        using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var derA = SelfSigned(keyA, "IB-A");
        var derB = SelfSigned(keyB, "IB-B");
        var message = "indicium"u8.ToArray();
        var signedByA = keyA.SignData(message, HashAlgorithmName.SHA256);
        var signedByB = keyB.SignData(message, HashAlgorithmName.SHA256);
        var first = new VerifyingKeys(new CertificateKeys());
        var secondKeys = new CertificateKeys();
        var second = new VerifyingKeys(secondKeys);
        Assert.Null(secondKeys.VerifyKnown(serial, message, signedByB)); // nothing read yet: the caller reads the certificate

        // Same thread, same serial, one after the other — the order in which the cache used to mix them up.
        Assert.True(first.Verify(serial, derA, message, signedByA));
        Assert.True(second.Verify(serial, derB, message, signedByB));
        Assert.False(second.Verify(serial, derB, message, signedByA));
        Assert.True(first.Verify(serial, derA, message, signedByA));
        Assert.False(first.Verify(serial, derA, message, signedByB));
        Assert.Equal("IB-B", second.SubjectOf(serial, derB));
        // Once read, the key verifies without the certificate (the audit within a reset, issue 17), and still refuses.
        Assert.True(secondKeys.VerifyKnown(serial, message, signedByB));
        Assert.False(secondKeys.VerifyKnown(serial, message, signedByA));
    }

    private static byte[] SelfSigned(ECDsa key, string name)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.RawData;
    }
}
