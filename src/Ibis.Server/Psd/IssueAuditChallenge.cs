using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// §502.23: the provider opens a device audit with a nonce — a challenge the PSD's signed answer must carry, open for
/// <see cref="ChallengeLifetime"/> and used once (<see cref="AuditDevice"/> marks it used).
/// </summary>
internal sealed class IssueAuditChallenge(IbisDb db, TimeProvider clock)
{
    /// <summary>§502.23: the provider challenges its devices.</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(10);

    public async Task<AuditChallengeView> Handle(Caller caller, string deviceId, CancellationToken ct)
    {
        Access.Authorize(caller);
        var (device, _) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        var now = clock.GetUtcNow();
        var row = new AuditChallengeRow { DeviceId = device.Id, Nonce = RandomNumberGenerator.GetBytes(AuditMessage.NonceLength), CreatedAt = now, ExpiresAt = now + ChallengeLifetime };
        db.AuditChallenges.Add(row);
        await db.SaveChangesAsync(ct);
        return new AuditChallengeView("audit_challenge", device.Id, Convert.ToHexStringLower(row.Nonce), row.ExpiresAt);
    }
}
