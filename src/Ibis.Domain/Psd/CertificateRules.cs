namespace Ibis.Domain.Psd;

/// <summary>
/// The validity period of a device certificate (§502.28, the Key Management Plan: the Postal Service
/// certifies each device key for a period). An indicium carries only its date of mailing, so a
/// verifier judges the certificate on that date, not on the day it reads the piece.
/// </summary>
public readonly record struct CertificateValidity(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>The first instant (UTC) of a date of mailing.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// The instant of <paramref name="mailingDate"/> (UTC) at which to judge the certificate: the first
    /// moment of that day inside the validity period, or null when the certificate was valid at no
    /// moment of it. A certificate issued at noon covers pieces dated that day.
    /// </summary>
    public DateTimeOffset? InstantOn(DateOnly mailingDate)
    {
        var start = StartOf(mailingDate);
        var at = start < NotBefore ? NotBefore : start;
        return at < start.AddDays(1) && at <= NotAfter ? at : null;
    }

    /// <summary>True when the certificate ended before the date of mailing began.</summary>
    public bool ExpiredBefore(DateOnly mailingDate) => NotAfter < StartOf(mailingDate);
}

/// <summary>Why the Postal Service revokes a device certificate; the codes the API and the CRL use.</summary>
public static class RevocationReason
{
    /// <summary>The device was checked out of service (§502.20(e)).</summary>
    public const string CheckedOut = "checked_out";

    public const string Lost = "lost";
    public const string Stolen = "stolen";

    /// <summary>A cryptographic key compromise (§502.14(b)(2)).</summary>
    public const string Compromised = "compromised";

    /// <summary>The provider's authorization was revoked (§502.5).</summary>
    public const string ProviderRevoked = "provider_revoked";

    public static IReadOnlyList<string> All { get; } = [CheckedOut, Lost, Stolen, Compromised, ProviderRevoked];

    public static bool IsKnown(string? reason) => reason is not null && All.Contains(reason);
}

/// <summary>A revocation names one of the reasons of <see cref="RevocationReason"/>.</summary>
public sealed record RevocationReasonMustBeKnownRule(string? Reason) : IBusinessRule
{
    public string Code => "revocation_reason_invalid";

    public string Message => $"reason must be one of {string.Join(", ", RevocationReason.All)} (got '{Reason}')";

    public string? Field => "reason";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => !RevocationReason.IsKnown(Reason);
}

/// <summary>
/// §502.28: a device signs only under a certificate that is valid now and still valid on the date of
/// mailing; a piece signed under an expired certificate, or dated after its certificate ends, would be
/// refused by every verifier. The provider rolls the device key over before the certificate ends.
/// </summary>
public sealed record CertificateMustBeValidRule(long Serial, CertificateValidity Validity, DateTimeOffset Now, DateOnly MailingDate) : IBusinessRule
{
    public string Code => "certificate_expired";

    public string Message => Now > Validity.NotAfter
        ? $"the device certificate {Serial} expired at {Validity.NotAfter:yyyy-MM-dd HH:mm} UTC (§502.28); the provider must roll the device key over before it prints again"
        : $"the device certificate {Serial} expires at {Validity.NotAfter:yyyy-MM-dd HH:mm} UTC, before the date of mailing {MailingDate:yyyy-MM-dd} (§502.28); print for an earlier date or have the provider roll the device key over";

    public RuleKind Kind => RuleKind.Unprocessable;

    public bool IsBroken() => Now > Validity.NotAfter || Validity.ExpiredBefore(MailingDate);
}

/// <summary>
/// §502.28, §502.14(b)(2): once the Postal Service revokes a device certificate (key compromise, a lost
/// or stolen device, check-out) nothing more is signed under it.
/// </summary>
public sealed record CertificateMustNotBeRevokedRule(long Serial, bool Revoked, string? Reason) : IBusinessRule
{
    public string Code => "certificate_revoked";

    public string Message => $"the device certificate {Serial} has been revoked ({Reason ?? "no reason given"}); the device signs nothing more under it (§502.28)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => Revoked;
}

/// <summary>A revocation is final and happens once: its date is what earlier pieces are judged against.</summary>
public sealed record CertificateNotYetRevokedRule(long Serial, bool Revoked, DateTimeOffset? RevokedAt) : IBusinessRule
{
    public string Code => "certificate_already_revoked";

    public string Message => $"certificate {Serial} was already revoked{(RevokedAt is { } at ? $" at {at:yyyy-MM-dd HH:mm} UTC" : "")}; a revocation is not repeated or moved";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Revoked;
}

/// <summary>§502.28: the Postal Service revokes the certificate of a device it no longer trusts.</summary>
public sealed record OnlyThePostalServiceRevokesCertificatesRule(bool CallerIsPostal) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "only the Postal Service revokes device certificates (§502.28)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsPostal;
}
