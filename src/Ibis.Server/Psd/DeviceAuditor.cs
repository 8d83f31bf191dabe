using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Ibis.Security.Signatures;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>The provider's verdict on one audit message.</summary>
public sealed record AuditVerdict(bool Passed, IReadOnlyList<string> Reasons, AuditMessage? Message);

/// <summary>
/// Device audits (§502.23, §502.25(a)). The PSD side answers a provider's nonce with a signed
/// report of its registers; the provider side checks the signature against the device's
/// certificate and the registers against its own records: the sum of resets (control total), the
/// sum of postage printed (AR) and the number of indicia (piece count).
/// </summary>
public sealed class DeviceAuditor(IKeyStore keys)
{
    /// <summary>The PSD's signed audit message answering <paramref name="nonce"/>.</summary>
    public (byte[] Message, byte[] Signature) Produce(DeviceRow d, byte[] nonce, DateTimeOffset now)
    {
        var message = new AuditMessage(
            new DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial),
            Mills.FromMills(d.AscendingMills), Mills.FromMills(d.DescendingMills), d.PieceCount,
            Mills.FromMills(d.ControlTotalMills), d.ResetCount, d.LastResetAt, d.WatchdogDeadline, now, nonce).ToBytes();
        return (message, keys.Sign(d.KeyHandle, message));
    }

    /// <summary>Checks that the message is genuine (signature, nonce, device): a forged or replayed message is bad input, not a failed audit.</summary>
    public static async Task<string?> CheckAuthentic(IbisDb db, DeviceRow d, byte[] message, byte[] signature, byte[] expectedNonce, CancellationToken ct)
    {
        var parsed = AuditMessage.Parse(message);
        if (!parsed.Success) return "audit_message_invalid";
        var m = parsed.Value;
        if (m.Device != new DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial)) return "audit_device_mismatch";
        if (!CryptographicOperations.FixedTimeEquals(m.Nonce, expectedNonce)) return "audit_nonce_invalid";
        var cert = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == d.CertificateSerial, ct);
        if (cert is null || signature.Length != 64 || !IndiciumSignatureVerifier.Verify(cert.Der, message, signature)) return "audit_signature_invalid";
        return null;
    }

    /// <summary>Compares an authentic message with the provider's records of resets and indicia.</summary>
    public static async Task<AuditVerdict> CheckRecords(IbisDb db, DeviceRow d, byte[] message, CancellationToken ct)
    {
        var m = AuditMessage.Parse(message).Value;
        var reasons = new List<string>();
        var resets = await db.Resets.Where(r => r.DeviceId == d.Id).SumAsync(r => r.AmountMills, ct);
        var printed = await db.Indicia.Where(i => i.DeviceId == d.Id).SumAsync(i => i.PostageMills, ct);
        var pieces = await db.Indicia.LongCountAsync(i => i.DeviceId == d.Id, ct);
        if (m.ControlTotal.Value != resets) reasons.Add($"control total {m.ControlTotal} differs from the sum of resets {Mills.FromMills(resets)}");
        if (m.Ascending.Value != printed) reasons.Add($"ascending register {m.Ascending} differs from the postage printed {Mills.FromMills(printed)}");
        if (m.PieceCount != pieces) reasons.Add($"piece count {m.PieceCount} differs from the {pieces} indicia on record");
        if (m.Ascending + m.Descending != m.ControlTotal) reasons.Add("AR + DR differs from the control total");
        if (m.Descending.IsNegative || m.Descending.Value > d.CapMills) reasons.Add("DR is outside 0..cap");
        return new AuditVerdict(reasons.Count == 0, reasons, m);
    }

    public static AuditRow Record(DeviceRow d, string kind, byte[] nonce, byte[] message, byte[] signature, AuditVerdict verdict, DateTimeOffset now) => new()
    {
        DeviceId = d.Id, Id = Ids.New("aud"), Kind = kind, Nonce = nonce, Message = message, Signature = signature,
        Passed = verdict.Passed, Reasons = verdict.Reasons.Count == 0 ? null : string.Join("; ", verdict.Reasons), CreatedAt = now,
    };
}
