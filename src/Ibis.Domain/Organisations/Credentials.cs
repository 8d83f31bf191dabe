namespace Ibis.Domain.Organisations;

/// <summary>Invitations are valid for 72 hours and used once.</summary>
public static class InvitationPolicy
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    public const int MinimumPasswordLength = 12;
}

/// <summary>An invitation code opens one account, once, within 72 hours of being issued.</summary>
public sealed record InvitationMustBeOpenRule(DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, DateTimeOffset? RevokedAt, DateTimeOffset Now) : IBusinessRule
{
    public string Code => AcceptedAt is not null ? "invitation_used" : RevokedAt is not null ? "invitation_revoked" : "invitation_expired";

    public string Message => AcceptedAt is not null
        ? "this invitation has already been used; ask your administrator for a new one"
        : RevokedAt is not null
            ? "this invitation was withdrawn; ask your administrator for a new one"
            : "this invitation expired (invitations are valid for 72 hours); ask your administrator for a new one";

    public string? Field => "code";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => AcceptedAt is not null || RevokedAt is not null || Now >= ExpiresAt;
}

/// <summary>Passwords are at least 12 characters (NIST SP 800-63B favours length over composition rules).</summary>
public sealed record PasswordMustBeLongEnoughRule(string? Password) : IBusinessRule
{
    public string Code => "password_too_short";

    public string Message => $"choose a password of at least {InvitationPolicy.MinimumPasswordLength} characters";

    public string? Field => "password";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => (Password?.Length ?? 0) < InvitationPolicy.MinimumPasswordLength;
}

/// <summary>`ibis admin init` bootstraps an installation once; a second run changes nothing.</summary>
public sealed record InstallationMustNotBeInitializedRule(DateTimeOffset? InitializedAt) : IBusinessRule
{
    public string Code => "installation_already_initialized";

    public string Message => $"this installation was initialized at {InitializedAt:u}; `ibis admin init` runs once";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => InitializedAt is not null;
}

/// <summary>A live installation works only once `ibis admin init` has made its Postal Service CA (or chosen an external one) and first administrator.</summary>
public sealed record InstallationMustBeInitializedRule(bool Initialized) : IBusinessRule
{
    public string Code => "installation_not_initialized";

    public string Message => "this installation has not been initialized; run `ibis admin init` first";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Initialized;
}

/// <summary>Live and sandbox records never mix: a caller reaches records of its own mode only (DESIGN §3).</summary>
public sealed record ModeMustMatchRule(bool CallerIsSandbox, bool RecordIsSandbox, string What) : IBusinessRule
{
    public string Code => "mode_mismatch";

    public string Message => CallerIsSandbox
        ? $"a sandbox credential can only use sandbox records ({What} is live)"
        : $"a live credential cannot use sandbox records ({What} is in the sandbox)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => CallerIsSandbox != RecordIsSandbox;
}
