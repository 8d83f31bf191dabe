namespace Ibis.Data.Entities;

/// <summary>
/// A user's TOTP second factor (RFC 6238): the shared secret sealed under the key-encryption key like
/// every other secret, when it was confirmed, and the last time step accepted (a code is accepted once).
/// </summary>
public sealed class SecondFactorRow
{
    public required string UserId { get; set; }
    public required byte[] SealedSecret { get; set; }
    /// <summary>Null while enrolment waits for the first valid code; sign-in requires the factor once set.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }
    public long LastStep { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A one-time recovery code for a user who lost the authenticator: shown once, stored hashed, used once.</summary>
public sealed class RecoveryCodeRow
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
