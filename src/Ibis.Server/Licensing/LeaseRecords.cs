using Ibis.Data.Entities;
using Ibis.Domain.Licensing;

namespace Ibis.Server.Licensing;

/// <summary>The lease aggregate to and from its row: the handlers load it, call a verb and store what it changed.</summary>
internal static class LeaseRecords
{
    public static Lease Aggregate(LeaseRow row) => Lease.Load(row.Id, row.ProviderId, row.LicenseeId, row.LicenseId, row.SignedBy, row.SignedOn,
        row.ResettingAccountId, row.Status, row.CancelReason, row.CancelledAt);

    /// <summary>The row of a lease just signed.</summary>
    public static LeaseRow NewRow(Lease lease, DateTimeOffset createdAt) => new()
    {
        Id = lease.Id, LicenseeId = lease.LicenseeId, ProviderId = lease.ProviderId, LicenseId = lease.LicenseId, SignedBy = lease.SignedBy, SignedOn = lease.SignedOn,
        ResettingAccountId = lease.ResettingAccountId, Status = lease.Status, CancelReason = lease.CancelReason, CreatedAt = createdAt, CancelledAt = lease.CancelledAt,
    };

    /// <summary>What a verb changes: the status and, for a cancellation, its reason and time.</summary>
    public static void Store(Lease lease, LeaseRow row)
    {
        row.Status = lease.Status;
        row.CancelReason = lease.CancelReason;
        row.CancelledAt = lease.CancelledAt;
    }
}
