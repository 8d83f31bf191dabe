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
internal sealed record AuditVerdict(bool Passed, IReadOnlyList<string> Reasons, AuditMessage? Message);

/// <summary>
/// Device audits (§502.23, §502.25(a)). The PSD side answers a provider's nonce with a signed
/// report of its registers; the provider side checks the signature against the device's
/// certificate and the registers against its own records: the sum of resets (control total), the
/// sum of postage printed (AR) and the number of indicia (piece count) — before a reset as running
/// totals (<see cref="CheckRunningTotals"/>), in the provider's audit over the records themselves.
/// </summary>
public sealed class DeviceAuditor(IKeyStore keys, CertificateKeys certificateKeys)
{
    /// <summary>The PSD's signed audit message answering <paramref name="nonce"/>.</summary>
    public (byte[] Message, byte[] Signature) Produce(DeviceRow d, byte[] nonce, DateTimeOffset now)
    {
        var message = new AuditMessage(
            new DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial),
            Mills.FromMills(d.AscendingMills), Mills.FromMills(d.DescendingMills), d.PieceCount,
            Mills.FromMills(d.ControlTotalMills), d.ResetCount, d.LastResetAt, d.WatchdogDeadline, now, nonce).ToBytes();
        // Issue 16 item 6: signed under the audit-message context tag, so it can never pass for an indicium or a reset record.
        return (message, keys.Sign(d.KeyHandle, AuditMessage.SignedMessageOf(message)!));
    }

    /// <summary>
    /// Checks that the message is genuine (signature, nonce, device): a forged or replayed message is bad input, not a
    /// failed audit. The device's public key comes from its certificate, read and parsed once per process
    /// (<see cref="CertificateKeys"/>, shared with the verifier: a certificate never changes once issued; its revocation is the standing's):
    /// issue 17, the audit runs within every reset.
    /// </summary>
    public async Task<string?> CheckAuthentic(IbisDb db, DeviceRow d, byte[] message, byte[] signature, byte[] expectedNonce, CancellationToken ct)
    {
        var parsed = AuditMessage.Parse(message);
        if (!parsed.Success) return "audit_message_invalid";
        var m = parsed.Value;
        if (m.Device != new DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial)) return "audit_device_mismatch";
        if (!CryptographicOperations.FixedTimeEquals(m.Nonce, expectedNonce)) return "audit_nonce_invalid";
        if (signature.Length != 64 || AuditMessage.SignedMessageOf(message) is not { } signed) return "audit_signature_invalid";
        var genuine = certificateKeys.VerifyKnown(d.CertificateSerial, signed, signature);
        if (genuine is null)
        {
            var der = await db.Certificates.AsNoTracking().Where(c => c.Serial == d.CertificateSerial).Select(c => c.Der).FirstOrDefaultAsync(ct);
            genuine = der is not null && certificateKeys.Verify(d.CertificateSerial, der, signed, signature);
        }
        return genuine.Value ? null : "audit_signature_invalid";
    }

    /// <summary>
    /// The audit before a reset (§502.25(a)): the authentic message against the provider's running
    /// totals of the device's records, which the register seal covers. Three comparisons, no query,
    /// however long the device's history.
    /// </summary>
    internal static AuditVerdict CheckRunningTotals(DeviceRow d, byte[] message)
    {
        var m = AuditMessage.Parse(message).Value;
        var reasons = RegisterSeal.TotalsOf(d).Disagreements(m, Mills.FromMills(d.CapMills));
        return new AuditVerdict(reasons.Count == 0, reasons, m);
    }

    /// <summary>
    /// The provider's audit of a device (§502.23): the authentic message against the records
    /// themselves, summed over the device's whole history, and the running totals against those sums,
    /// so a changed record or a drifted total both fail it.
    /// </summary>
    internal static async Task<AuditVerdict> CheckRecords(IbisDb db, DeviceRow d, byte[] message, CancellationToken ct)
    {
        var m = AuditMessage.Parse(message).Value;
        var sums = await db.Devices.AsNoTracking().Where(x => x.Id == d.Id).Select(x => new
        {
            Resets = db.Resets.Where(r => r.DeviceId == x.Id).Sum(r => (long?)r.AmountMills) ?? 0,
            Printed = db.Indicia.Where(i => i.DeviceId == x.Id).Sum(i => (long?)i.PostageMills) ?? 0,
            Pieces = db.Indicia.LongCount(i => i.DeviceId == x.Id),
        }).SingleAsync(ct);
        var recomputed = new RecordTotals(Mills.FromMills(sums.Resets), Mills.FromMills(sums.Printed), sums.Pieces);
        var reasons = new List<string>(recomputed.Disagreements(m, Mills.FromMills(d.CapMills)));
        reasons.AddRange(RegisterSeal.TotalsOf(d).DriftFrom(recomputed));
        return new AuditVerdict(reasons.Count == 0, reasons, m);
    }

    internal static AuditRow Record(DeviceRow d, string kind, byte[] nonce, byte[] message, byte[] signature, AuditVerdict verdict, DateTimeOffset now) => new()
    {
        DeviceId = d.Id, Id = Ids.Ordered("aud", now), Kind = kind, Nonce = nonce, Message = message, Signature = signature,
        Passed = verdict.Passed, Reasons = verdict.Reasons.Count == 0 ? null : string.Join("; ", verdict.Reasons), CreatedAt = now,
    };
}
