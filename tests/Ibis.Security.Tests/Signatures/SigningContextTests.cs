using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Security.Signatures;
using Xunit;

namespace Ibis.Security.Tests.Signatures;

/// <summary>
/// Issue 16 item 6: each format a device key signs has its own context tag, so a genuine signature made for
/// one format is refused as any other — even when the signed bytes are made to fit both — while pieces of the
/// previous format version (signed without a tag) still verify under their own version.
/// </summary>
public sealed class SigningContextTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly SoftwareKeyStore _store = TestKeys.NewStore();
    private readonly GeneratedKey _device;
    private readonly byte[] _certificate;

    public SigningContextTests()
    {
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Postal Service CA", sandbox: false, Now);
        _device = _store.GenerateSigningKey("psd_0001");
        _certificate = CertificateAuthority.IssueDeviceCertificate(
            _store, ca.CertificateDer, ca.KeyHandle, _device.SubjectPublicKeyInfo, "IB-0001-00000042", 7UL, Now, Now.AddYears(1));
    }

    public void Dispose() => _store.Dispose();

    private static IndiciumData Indicium(byte version = IndiciumCodec.CurrentVersion) => new()
    {
        FormatVersion = version,
        CertificateSerial = 7,
        Device = new DeviceNumber(DeviceNumber.IbisVendor, 1, 42),
        AscendingRegister = Mills.FromMills(12_740),
        Postage = Mills.FromMills(740),
        MailingDate = new DateOnly(2026, 12, 5),
        LicensingZip = Zip5.FromNumber(20260),
        DescendingRegister = Mills.FromMills(487_260),
        RateCategory = 0x0101,
        PieceCount = 17,
    };

    private static AuditMessage Audit(byte version = AuditMessage.Version2) => new(
        new DeviceNumber(DeviceNumber.IbisVendor, 1, 42), Mills.FromMills(12_740), Mills.FromMills(487_260), 17, Mills.FromMills(500_000), 1,
        Now.AddDays(-1), Now.AddMonths(3), Now, Enumerable.Range(0, AuditMessage.NonceLength).Select(i => (byte)i).ToArray()) { Version = version };

    private byte[] Encoded(IndiciumData d, byte[] signature) => IndiciumCodec.Encode(d with { Signature = signature });

    private bool VerifiesAsIndicium(byte[] encoded) =>
        IndiciumCodec.Parse(encoded).Success
        && IndiciumSignatureVerifier.Verify(_certificate, IndiciumCodec.SignedMessageOf(encoded), encoded.AsSpan(IndiciumCodec.SignedLength));

    private bool VerifiesAsAudit(byte[] message, byte[] signature) =>
        AuditMessage.SignedMessageOf(message) is { } signed && IndiciumSignatureVerifier.Verify(_certificate, signed, signature);

    private bool VerifiesAsResetRecord(byte[] record, byte[] signature) =>
        ResetRecordFormat.SignedMessageOf(record) is { } signed && IndiciumSignatureVerifier.Verify(_certificate, signed, signature);

    [Fact]
    public void EachFormat_VerifiesUnderItsOwnTag_AndTheEarlierVersionStillVerifies()
    {
        var data = Indicium();
        Assert.True(VerifiesAsIndicium(Encoded(data, _store.Sign(_device.KeyHandle, IndiciumCodec.SignedMessage(data)))));
        var old = Indicium(IndiciumCodec.Version1);
        Assert.True(VerifiesAsIndicium(Encoded(old, _store.Sign(_device.KeyHandle, IndiciumCodec.SignedBytes(old))))); // the old code path

        var audit = Audit().ToBytes();
        Assert.True(VerifiesAsAudit(audit, _store.Sign(_device.KeyHandle, AuditMessage.SignedMessageOf(audit)!)));
        var oldAudit = Audit(AuditMessage.Version1).ToBytes();
        Assert.True(VerifiesAsAudit(oldAudit, _store.Sign(_device.KeyHandle, oldAudit)));

        var record = """{"type":"ibis.reset.v2","reset_id":"rst_1","amount":"20.000"}"""u8.ToArray();
        Assert.True(VerifiesAsResetRecord(record, _store.Sign(_device.KeyHandle, ResetRecordFormat.SignedMessageOf(record)!)));
        var oldRecord = """{"type":"ibis.reset.v1","reset_id":"rst_0","amount":"20.000"}"""u8.ToArray();
        Assert.True(VerifiesAsResetRecord(oldRecord, _store.Sign(_device.KeyHandle, oldRecord)));
    }

    [Fact]
    public void AnAuditSignature_PresentedAsAnIndicium_IsRefused_AndViceVersa()
    {
        // The strongest case: the very same bytes signed for one format, presented as the other. Without the
        // tags both would verify, since both formats sign with the one device key.
        var data = Indicium();
        var indiciumBytes = IndiciumCodec.SignedBytes(data);
        var auditSignature = _store.Sign(_device.KeyHandle, SigningContext.Tagged(SigningContext.AuditMessageTag, indiciumBytes));
        Assert.False(VerifiesAsIndicium(Encoded(data, auditSignature)));
        var resetSignature = _store.Sign(_device.KeyHandle, SigningContext.Tagged(SigningContext.ResetRecordTag, indiciumBytes));
        Assert.False(VerifiesAsIndicium(Encoded(data, resetSignature)));

        var audit = Audit().ToBytes();
        var indiciumSignature = _store.Sign(_device.KeyHandle, SigningContext.Tagged(SigningContext.IndiciumTag, audit));
        Assert.False(VerifiesAsAudit(audit, indiciumSignature));
        Assert.False(VerifiesAsAudit(audit, _store.Sign(_device.KeyHandle, SigningContext.Tagged(SigningContext.ResetRecordTag, audit))));

        // A genuine audit message and its signature are no indicium and no reset record, whatever they are cut into.
        var genuine = _store.Sign(_device.KeyHandle, AuditMessage.SignedMessageOf(audit)!);
        Assert.True(VerifiesAsAudit(audit, genuine));
        Assert.False(VerifiesAsIndicium([.. audit[..IndiciumCodec.SignedLength], .. genuine]));
        Assert.False(VerifiesAsResetRecord(audit, genuine));

        var record = """{"type":"ibis.reset.v2","reset_id":"rst_1"}"""u8.ToArray();
        var recordSignature = _store.Sign(_device.KeyHandle, ResetRecordFormat.SignedMessageOf(record)!);
        Assert.False(VerifiesAsAudit(record, recordSignature));
        var asIndicium = _store.Sign(_device.KeyHandle, IndiciumCodec.SignedMessage(data));
        Assert.False(VerifiesAsResetRecord(record, asIndicium));
    }

    [Fact]
    public void ATaglessSignature_NeverPassesForVersion2_AndTheVersionIsBoundToTheSignature()
    {
        var data = Indicium();
        Assert.False(VerifiesAsIndicium(Encoded(data, _store.Sign(_device.KeyHandle, IndiciumCodec.SignedBytes(data)))));
        var v2Signature = _store.Sign(_device.KeyHandle, IndiciumCodec.SignedMessage(data));
        var relabelled = Encoded(data, v2Signature);
        relabelled[0] = IndiciumCodec.Version1;
        Assert.False(VerifiesAsIndicium(relabelled));

        var audit = Audit().ToBytes();
        Assert.False(VerifiesAsAudit(audit, _store.Sign(_device.KeyHandle, audit)));
        var record = """{"type":"ibis.reset.v2","reset_id":"rst_1"}"""u8.ToArray();
        Assert.False(VerifiesAsResetRecord(record, _store.Sign(_device.KeyHandle, record)));
        // A v1 record signature cannot be carried over to a record that claims v2.
        var v1 = """{"type":"ibis.reset.v1","reset_id":"rst_1"}"""u8.ToArray();
        Assert.False(VerifiesAsResetRecord(record, _store.Sign(_device.KeyHandle, v1)));
    }
}
