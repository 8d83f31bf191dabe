namespace Ibis.Data.Entities;

// Persistence rows. Money columns are integer mills (long); no decimal or double anywhere near a
// register. Hot tables (devices, indicia) carry the device id in their primary key so that they can
// be distributed by device (DESIGN.md §3 Data).

public sealed class CertificateAuthorityRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public bool Sandbox { get; set; }
    public required byte[] CertificateDer { get; set; }
    public required byte[] KeyHandle { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ProviderRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class LicenseeRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string ProviderId { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Form 3601-B: permission to use IBI systems at one licensing post office.</summary>
public sealed class LicenseRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public required string PostOfficeCity { get; set; }
    public required string PostOfficeState { get; set; }
    public required string PostOfficeZip { get; set; }
    public required string Status { get; set; } // valid | revoked
    public DateTimeOffset IssuedAt { get; set; }
}

public sealed class DepositAccountRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public long BalanceMills { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class DeviceRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public required string LicenseId { get; set; }
    public required string ProviderId { get; set; }
    public int Vendor { get; set; }
    public int Model { get; set; }
    public long Serial { get; set; }
    public required string Status { get; set; } // in_service | withdrawn
    public bool Sandbox { get; set; }
    public long AscendingMills { get; set; }
    public long DescendingMills { get; set; }
    public long ControlTotalMills { get; set; }
    public long PieceCount { get; set; }
    public long CapMills { get; set; }
    public required byte[] KeyHandle { get; set; }
    public long CertificateSerial { get; set; }
    /// <summary>Incremented by every register change; the conditional update checks it.</summary>
    public long Version { get; set; }
    public DateTimeOffset? LastResetAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class CertificateRow
{
    public long Serial { get; set; }
    public required string DeviceId { get; set; }
    public required string AuthorityId { get; set; }
    public required byte[] Der { get; set; }
    public bool Revoked { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
}

/// <summary>A postage value download (P050 3.5).</summary>
public sealed class ResetRow
{
    public required string DeviceId { get; set; }
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public long AmountMills { get; set; }
    public long AscendingAfterMills { get; set; }
    public long DescendingAfterMills { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class IndiciumRow
{
    public required string DeviceId { get; set; }
    public required string Id { get; set; }
    public long PieceNumber { get; set; }
    public required byte[] Data { get; set; }
    public long PostageMills { get; set; }
    public long AmountDueMills { get; set; }
    public long AscendingAfterMills { get; set; }
    public long DescendingAfterMills { get; set; }
    public required string MailClass { get; set; }
    public required string RateCategory { get; set; }
    public required string WeightOz { get; set; }
    public DateOnly MailingDate { get; set; }
    public string? DestinationZip { get; set; }
    public bool Sandbox { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 of the request that created it, to refuse a reused key with another body.</summary>
    public string? RequestHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class UserRow
{
    public required string Id { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public required string PasswordHash { get; set; }
    public string? LicenseeId { get; set; }
    public string? ProviderId { get; set; }
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ApiKeyRow
{
    public required string Id { get; set; }
    /// <summary>The first characters of the key, shown to the owner to tell keys apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key (hex). Keys are high-entropy, so a fast hash is enough.</summary>
    public required string Hash { get; set; }
    public required string Mode { get; set; } // test | live
    public required string LicenseeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
