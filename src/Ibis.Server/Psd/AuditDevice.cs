using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// Device audits as the rule describes them (§502.23): the provider sends a nonce (a challenge),
/// the PSD answers with its registers signed by its own key, the provider verifies the answer and
/// records the result. A failed audit locks the device and opens a case; a successful one restarts
/// the watchdog. A forged, altered or replayed answer is refused as bad input and changes nothing.
/// </summary>
public sealed class AuditDevice(IbisDb db, PsdTransaction psd, DeviceAuditor auditor, Funds.Transmissions transmissions, TimeProvider clock)
{
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The provider's nonce for the next audit of a device.</summary>
    public async Task<AuditChallengeView> Challenge(Caller caller, string deviceId, CancellationToken ct)
    {
        RequireProvider(caller);
        var (device, _) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        var now = clock.GetUtcNow();
        var row = new AuditChallengeRow { DeviceId = device.Id, Nonce = RandomNumberGenerator.GetBytes(AuditMessage.NonceLength), CreatedAt = now, ExpiresAt = now + ChallengeLifetime };
        db.AuditChallenges.Add(row);
        await db.SaveChangesAsync(ct);
        return new AuditChallengeView("audit_challenge", device.Id, Convert.ToHexStringLower(row.Nonce), row.ExpiresAt);
    }

    /// <summary>The PSD's signed answer to a nonce: its registers as they stand.</summary>
    public async Task<ApiReply> Message(Caller caller, string deviceId, string? nonceHex, CancellationToken ct)
    {
        await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        var nonce = ParseNonce(nonceHex);
        return await psd.Run(deviceId, IdempotentRequest.None, ctx =>
        {
            Rules_DeviceHasKey(ctx.Device);
            var (message, signature) = auditor.Produce(ctx.Device, nonce, ctx.Now);
            return Task.FromResult(new PsdOutcome(StatusCodes.Status200OK,
                new AuditMessageView("audit_message", deviceId, Convert.ToHexStringLower(nonce), Convert.ToBase64String(message), Convert.ToBase64String(signature))));
        }, ct);
    }

    /// <summary>
    /// Verifies an audit. With a message and signature (from <see cref="Message"/>) the nonce must be
    /// an open challenge of this device; without them Ibis runs the whole exchange itself.
    /// </summary>
    public async Task<ApiReply> Audit(Caller caller, string deviceId, string? messageBase64, string? signatureBase64, IdempotentRequest request, CancellationToken ct)
    {
        RequireProvider(caller);
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
            Rules_DeviceHasKey(d);
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
                var forged = await DeviceAuditor.CheckAuthentic(ctx.Db, d, message, signature!, nonce, ct);
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
            return new PsdOutcome(StatusCodes.Status201Created, AuditView.From(audit), $"/v1/devices/{d.Id}/audits/{audit.Id}");
        }, ct, allowLocked: true);
    }

    internal static void RequireProvider(Caller caller)
    {
        if (caller.Role != Caller.ProviderRole)
            throw new ApiException(403, "forbidden", "only the device's provider may do this");
    }

    private static void Rules_DeviceHasKey(DeviceRow d)
    {
        if (d.Status == DeviceStatus.Withdrawn || d.KeyHandle.Length == 0)
            throw ApiException.FromRule(new DeviceMustBeInServiceRule(DeviceStatus.Withdrawn, null));
    }

    private static byte[] ParseNonce(string? hex)
    {
        if (hex is null || hex.Length != AuditMessage.NonceLength * 2 || !hex.All(Uri.IsHexDigit))
            throw ApiException.Invalid("nonce_invalid", $"nonce must be {AuditMessage.NonceLength * 2} hex digits from an audit challenge", "nonce");
        return Convert.FromHexString(hex);
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
