using Ibis.Domain.Devices;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Psd;

/// <summary>
/// Issue 16 item 6: the context tags, and what each signed format's signature covers by version — the
/// audit message (v1 bare, v2 tagged) and the reset record (by its <c>type</c>).
/// </summary>
public sealed class SignedFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static AuditMessage Audit() => new(
        new DeviceNumber(DeviceNumber.IbisVendor, 1, 42), Mills.FromMills(12_740), Mills.FromMills(487_260), 17, Mills.FromMills(500_000), 1,
        null, At.AddMonths(3), At, new byte[AuditMessage.NonceLength]);

    [Fact]
    public void Tags_AreDistinct_NoneAPrefixOfAnother_AndNoEarlierFormatStartsLikeOne()
    {
        byte[][] tags = [SigningContext.IndiciumTag.ToArray(), SigningContext.AuditMessageTag.ToArray(), SigningContext.ResetRecordTag.ToArray()];
        foreach (var a in tags)
        {
            Assert.Equal(0, a[^1]);
            Assert.Equal(1, a.Count(b => b == 0)); // the zero byte ends the tag and occurs nowhere else
            Assert.All(a[..^1], b => Assert.InRange(b, (byte)0x20, (byte)0x7E));
            foreach (var b in tags.Where(t => t != a)) Assert.False(b.AsSpan().StartsWith(a), "a tag is a prefix of another");
            // v1 indicium and audit message start with 1, a v1 reset record with '{', a PKCS#10 request with 0x30.
            Assert.DoesNotContain(a[0], new byte[] { 1, (byte)'{', 0x30 });
        }
        Assert.Equal("IBIS-AUDIT-MESSAGE-V2\0"u8.ToArray(), SigningContext.Tagged(SigningContext.AuditMessageTag, []));
        Assert.Equal("IBIS-RESET-RECORD-V2\0xy"u8.ToArray(), SigningContext.Tagged(SigningContext.ResetRecordTag, "xy"u8));
    }

    [Fact]
    public void AuditMessage_IsWrittenAsVersion2_AndBothVersionsParse_WithWhatTheirSignatureCovers()
    {
        var v2 = Audit().ToBytes();
        Assert.Equal(AuditMessage.Version2, v2[0]);
        Assert.Equal(AuditMessage.SignedLength, v2.Length);
        Assert.Equal(AuditMessage.Version2, AuditMessage.Parse(v2).Value.Version);
        Assert.Equal([.. SigningContext.AuditMessageTag.ToArray(), .. v2], AuditMessage.SignedMessageOf(v2)!);

        var v1 = (Audit() with { Version = AuditMessage.Version1 }).ToBytes();
        Assert.Equal(v2[1..], v1[1..]);
        Assert.Equal(AuditMessage.Version1, AuditMessage.Parse(v1).Value.Version);
        Assert.Equal(v1, AuditMessage.SignedMessageOf(v1));
        Assert.Equal(v1, AuditMessage.Parse(v1).Value.ToBytes());

        var v3 = (byte[])v2.Clone();
        v3[0] = 3;
        Assert.Equal("audit_message_invalid", AuditMessage.Parse(v3).ErrorCode);
        Assert.Null(AuditMessage.SignedMessageOf(v3));
        Assert.Null(AuditMessage.SignedMessageOf(v2[..^1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Audit() with { Version = 3 }).ToBytes());
    }

    [Theory]
    [InlineData("""{"type":"ibis.reset.v2","amount":"1.000"}""", "ibis.reset.v2")]
    [InlineData("""{"amount":{"type":"ibis.reset.v1"},"type":"ibis.reset.v1"}""", "ibis.reset.v1")]
    [InlineData("""{"amount":"1.000"}""", null)]
    [InlineData("""{"type":"ibis.reset.v2","type":"ibis.reset.v1"}""", null)]
    [InlineData("""{"type":2}""", null)]
    [InlineData("""["type","ibis.reset.v2"]""", null)]
    [InlineData("""{"type":"ibis.reset.v2"} {}""", null)]
    [InlineData("""{"type":"ibis.reset.v2" """, null)]
    [InlineData("", null)]
    public void ResetRecord_TypeIsReadFromTheTopLevelOnly_AndAmbiguityIsRefused(string json, string? type)
    {
        Assert.Equal(type, ResetRecordFormat.TypeOf(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void ResetRecord_SignatureCovers_TheTagAndRecordForV2_TheRecordAloneForV1_NothingOtherwise()
    {
        var v2 = """{"type":"ibis.reset.v2"}"""u8.ToArray();
        Assert.Equal([.. SigningContext.ResetRecordTag.ToArray(), .. v2], ResetRecordFormat.SignedMessageOf(v2)!);
        var v1 = """{"type":"ibis.reset.v1"}"""u8.ToArray();
        Assert.Equal(v1, ResetRecordFormat.SignedMessageOf(v1));
        Assert.Null(ResetRecordFormat.SignedMessageOf("""{"type":"ibis.reset.v3"}"""u8));
        Assert.Null(ResetRecordFormat.SignedMessageOf(Audit().ToBytes()));
        Assert.Null(ResetRecordFormat.SignedMessageOf([0xFF, 0xFE]));
    }
}
