using Ibis.Domain.Indicia;
using Ibis.Domain.Psd;

namespace Ibis.Server.Verification;

/// <summary>Where and when a piece was scanned on the mail (a scan event); absent for a one-off verification.</summary>
public sealed record ScanInfo(string Site, DateTimeOffset ScannedAt);

/// <summary>A device certificate as the verifier needs it, read once per batch.</summary>
public sealed record KnownCertificate(long Serial, string DeviceId, string AuthorityId, byte[] Der, bool Revoked, DateTimeOffset? RevokedAt, string? RevocationReason, bool Sandbox);

/// <summary>
/// A device as the verifier needs it. <see cref="ReportedMissingAt"/> is when it was last reported lost or
/// stolen (its status says which), null when that was never recorded with a time.
/// </summary>
internal sealed record KnownDevice(string Id, DeviceStatus Status, DateTimeOffset? WithdrawnAt, DateTimeOffset? ReportedMissingAt, string? LicenseeId, string ProviderId)
{
    /// <summary>The device's loss and theft incidents (P050 2.8, §502.24): from when it was missing, until its recovery.</summary>
    public IReadOnlyList<MissingPeriod> Missing { get; init; } = [];
}

/// <summary>A device lost or stolen from <paramref name="Since"/> (the day it happened, or was reported) until <paramref name="RecoveredOn"/>.</summary>
internal sealed record MissingPeriod(string Kind, DateOnly Since, DateOnly? RecoveredOn)
{
    /// <summary>A piece dated after the loss and not after the recovery is suspect.</summary>
    public bool Covers(DateOnly mailingDate) => Since < mailingDate && (RecoveredOn is not { } back || back >= mailingDate);
}

/// <summary>One piece going through the checks: its bytes, what they decode to, and the reasons found so far.</summary>
public sealed class PieceUnderCheck(byte[] bytes, ScanInfo? scan)
{
    private readonly List<VerificationReason> _reasons = [];

    public byte[] Bytes { get; } = bytes;

    public ScanInfo? Scan { get; } = scan;

    /// <summary>The decoded data; null when the bytes are not an indicium.</summary>
    public IndiciumData? Data { get; init; }

    /// <summary>The certificate named by the indicium, when the caller may see it.</summary>
    public KnownCertificate? Certificate { get; init; }

    internal KnownDevice? Device { get; init; }

    /// <summary>True once the signature verified under <see cref="Certificate"/>: the bytes were made by that device.</summary>
    public bool Authentic { get; set; }

    public IReadOnlyList<VerificationReason> Reasons => _reasons;

    public void Fail(string code, string message) => _reasons.Add(new VerificationReason(code, message));
}
