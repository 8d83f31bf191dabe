using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// Device audits as the rule describes them (§502.23): the provider sends a nonce (<see cref="IssueAuditChallenge"/>),
/// the PSD answers with its registers signed by its own key (<see cref="ProduceAuditMessage"/>), the provider verifies
/// the answer and records the result — this use case. A failed audit locks the device and opens a case; a successful
/// one restarts the watchdog. A forged, altered or replayed answer is refused as bad input and changes nothing.
/// </summary>
public sealed class AuditDevice(IbisDb db, PsdTransaction psd, DeviceAuditor auditor, Funds.Transmissions transmissions)
{
    /// <summary>§502.23: the provider audits its devices.</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    /// <summary>
    /// Verifies an audit. With a message and signature (from <see cref="ProduceAuditMessage"/>) the nonce must be
    /// an open challenge of this device; without them Ibis runs the whole exchange itself.
    /// </summary>
    public async Task<Reply<AuditView>> Handle(Caller caller, string deviceId, string? messageBase64, string? signatureBase64, IdempotentRequest request, CancellationToken ct)
    {
        Access.Authorize(caller);
        await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        byte[]? message = null, signature = null;
        if (messageBase64 is not null || signatureBase64 is not null)
        {
            message = FromBase64(messageBase64, "message");
            signature = FromBase64(signatureBase64, "signature");
        }
        return await psd.Run(deviceId, request, async ctx =>
        {
            var d = ctx.Device;
            DeviceHasKey(d);
            byte[] nonce;
            if (message is null)
            {
                nonce = RandomNumberGenerator.GetBytes(AuditMessage.NonceLength);
                (message, signature) = auditor.Produce(d, nonce, ctx.Now);
            }
            else
            {
                var parsed = AuditMessage.Parse(message);
                if (!parsed.Success) throw new ApiException(422, "audit_message_invalid", parsed.ErrorMessage!, "message");
                nonce = parsed.Value.Nonce;
                var challenge = await ctx.Db.AuditChallenges.FirstOrDefaultAsync(c => c.DeviceId == d.Id && c.Nonce == nonce, ct);
                if (challenge is null || challenge.UsedAt is not null || challenge.ExpiresAt < ctx.Now)
                    throw new ApiException(422, "audit_nonce_invalid", "the audit message does not answer an open challenge of this device (unknown, used or expired nonce)", "message");
                var forged = await auditor.CheckAuthentic(ctx.Db, d, message, signature!, nonce, ct);
                if (forged is not null)
                    throw new ApiException(422, forged, "the audit message is not genuine: " + forged.Replace('_', ' '), forged == "audit_signature_invalid" ? "signature" : "message");
                // A genuine message the device has since moved past (a print or reset after it was made) is
                // stale, not evidence of tampering: refused, nothing locked, the challenge left open (§502.23).
                Rules.Check(new AuditMessageMustBeCurrentRule(parsed.Value.PieceCount, parsed.Value.ResetCount, d.PieceCount, d.ResetCount));
                challenge.UsedAt = ctx.Now;
            }

            var verdict = await DeviceAuditor.CheckRecords(ctx.Db, d, message, ct);
            var audit = DeviceAuditor.Record(d, "on_demand", nonce, message, signature!, verdict, ctx.Now);
            if (!verdict.Passed) throw new AuditFailedException(audit, string.Join("; ", verdict.Reasons), duringReset: false);
            ctx.Db.Audits.Add(audit);
            AuditTransmission.Add(ctx.Db, transmissions, d, audit, ctx.Now);
            d.LastAuditAt = ctx.Now;
            ctx.Psd.PassAudit(ctx.Now, psd.WatchdogMonths); // §502.23, P050 3.4: the watchdog starts again
            return Outcome.Created(AuditView.From(audit), $"/v1/devices/{d.Id}/audits/{audit.Id}");
        }, ct, allowLocked: true);
    }

    /// <summary>An audit needs the device's key: a withdrawn device (or one never given a key) has none.</summary>
    internal static void DeviceHasKey(DeviceRow d)
    {
        if (d.Status == DeviceStatus.Withdrawn || d.KeyHandle.Length == 0)
            throw ApiException.FromRule(new DeviceMustBeInServiceRule(DeviceStatus.Withdrawn, null));
    }

    private static byte[] FromBase64(string? text, string field)
    {
        try
        {
            return Convert.FromBase64String(text ?? throw new FormatException());
        }
        catch (FormatException)
        {
            throw ApiException.Invalid($"{field}_invalid", $"{field} must be base64", field);
        }
    }
}
