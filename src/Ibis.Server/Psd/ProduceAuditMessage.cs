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
/// §502.23: the PSD's answer to an audit challenge — its registers as they stand, with the nonce, signed by its own
/// key. Ibis holds the device's key (in the key store), so it produces the answer the device would; the provider then
/// verifies it with <see cref="AuditDevice"/>.
/// </summary>
internal sealed class ProduceAuditMessage(IbisDb db, PsdTransaction psd, DeviceAuditor auditor)
{
    public async Task<Reply<AuditMessageView>> Handle(Caller caller, string deviceId, string? nonceHex, CancellationToken ct)
    {
        await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        var nonce = ParseNonce(nonceHex);
        return await psd.Run(deviceId, IdempotentRequest.None, ctx =>
        {
            AuditDevice.DeviceHasKey(ctx.Device);
            var (message, signature) = auditor.Produce(ctx.Device, nonce, ctx.Now);
            return Task.FromResult(Outcome.Done(
                new AuditMessageView("audit_message", deviceId, Convert.ToHexStringLower(nonce), Convert.ToBase64String(message), Convert.ToBase64String(signature))));
        }, ct);
    }

    private static byte[] ParseNonce(string? hex)
    {
        if (hex is null || hex.Length != AuditMessage.NonceLength * 2 || !hex.All(Uri.IsHexDigit))
            throw ApiException.Invalid("nonce_invalid", $"nonce must be {AuditMessage.NonceLength * 2} hex digits from an audit challenge", "nonce");
        return Convert.FromHexString(hex);
    }
}
