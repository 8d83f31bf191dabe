using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Xunit;

namespace Ibis.Security.Tests.Certificates;

/// <summary>
/// The CA's revocation list (RFC 5280 §5, §502.28): issued through the key store, read by .NET's own
/// CRL reader, and accepted by <see cref="RevocationList.TryRead"/> only from the CA that signed it.
/// </summary>
public sealed class RevocationListTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly SoftwareKeyStore _store = TestKeys.NewStore();

    public void Dispose() => _store.Dispose();

    private byte[] Issue(IssuedCa ca, params RevokedCertificate[] revoked) =>
        RevocationList.Issue(_store, ca.CertificateDer, ca.KeyHandle, revoked, 7, Now, Now.AddDays(1));

    [Fact]
    public void Issue_ListsEachSerialWithItsDate_AndReadsBack()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now.AddDays(-1));
        var crl = Issue(ca, new RevokedCertificate(0x8000_0000_0000_0001, Now.AddHours(-3), X509RevocationReason.KeyCompromise),
            new RevokedCertificate(42, Now.AddDays(-2), X509RevocationReason.CessationOfOperation));

        var builder = CertificateRevocationListBuilder.Load(crl, out var number);
        Assert.Equal(7, number);
        Assert.True(builder.RemoveEntry(CertificateSerial.ToDerContent(42)));

        var list = RevocationList.TryRead(crl, ca.CertificateDer, out var error);
        Assert.True(list is not null, error);
        Assert.Equal(Now, list.ThisUpdate);
        Assert.Equal(Now.AddDays(1), list.NextUpdate);
        Assert.Equal(Now.AddHours(-3), list.Revoked[0x8000_0000_0000_0001]);
        Assert.Equal(Now.AddDays(-2), list.Revoked[42]);
    }

    [Fact]
    public void Empty_HasNoEntries()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now.AddDays(-1));
        var list = RevocationList.TryRead(Issue(ca), ca.CertificateDer, out var error);
        Assert.True(list is not null, error);
        Assert.Empty(list.Revoked);
    }

    [Fact]
    public void TryRead_FromAnotherCa_IsRefused()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now.AddDays(-1));
        var other = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now.AddDays(-1));
        var crl = Issue(ca, new RevokedCertificate(42, Now, X509RevocationReason.KeyCompromise));

        Assert.Null(RevocationList.TryRead(crl, other.CertificateDer, out var error));
        Assert.Contains("not signed by", error);
    }

    [Fact]
    public void TryRead_AnyByteChanged_IsRefusedWithoutThrowing()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now.AddDays(-1));
        var crl = Issue(ca, new RevokedCertificate(42, Now, X509RevocationReason.KeyCompromise));
        for (var i = 0; i < crl.Length; i++)
        {
            var copy = (byte[])crl.Clone();
            copy[i] ^= 0x01;
            Assert.Null(RevocationList.TryRead(copy, ca.CertificateDer, out _));
        }
        Assert.Null(RevocationList.TryRead([0x30, 0x03, 0x02, 0x01], ca.CertificateDer, out _));
    }
}
