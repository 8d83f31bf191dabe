namespace Ibis.Data.Entities;

/// <summary>
/// One incident in a device's life (Ibis.Domain.Psd.DeviceIncident): a loss or theft (P050 2.8,
/// §502.24), a defect (P050 2.7, §502.20(f)) or a withdrawal as suspect (P050 2.6).
/// </summary>
public sealed class IncidentRow
{
    public required string Id { get; set; }
    public required string DeviceId { get; set; }
    public required string ProviderId { get; set; }
    public string? LicenseeId { get; set; }
    public bool Sandbox { get; set; }
    public required string Kind { get; set; }
    public required string Origin { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateOnly? OccurredOn { get; set; }
    public string? Place { get; set; }
    public string? Details { get; set; }
    public string? PoliceReportReference { get; set; }
    public DateTimeOffset? PoliceReportRecordedAt { get; set; }
    public string? InspectionServiceContact { get; set; }
    public DateTimeOffset? InspectionServiceNotifiedAt { get; set; }
    public DateOnly? IncidentReportDueOn { get; set; }
    public DateTimeOffset? IncidentReportFiledAt { get; set; }
    public DateOnly? RecoveredOn { get; set; }
    public string? RecoveryPlace { get; set; }
    public string? RecoveryDetails { get; set; }
    public DateOnly? RecoveryReportDueOn { get; set; }
    public DateTimeOffset? RecoveryReportFiledAt { get; set; }
    public DateOnly? RetrievalDueOn { get; set; }
    public DateTimeOffset? RetrievedAt { get; set; }
    public string? ShipmentCarrier { get; set; }
    public string? ShipmentService { get; set; }
    public string? ShipmentTracking { get; set; }
    public string? ShipmentPermission { get; set; }
    public DateTimeOffset? ExaminedAt { get; set; }
    public string? ExaminationFindings { get; set; }
    public long PostageLostMills { get; set; }
    public bool FraudSuspected { get; set; }
    public string? ReplacementDeviceId { get; set; }
    public DateTimeOffset? ReplacedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>One of the seven location actions of §502.24(a), done for an incident.</summary>
public sealed class IncidentStepRow
{
    public required string IncidentId { get; set; }
    public int Number { get; set; }
    public required string Outcome { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A device key to destroy in the key store (§502.20(e): "immediately disabled"). Written in the
/// check-out's transaction, so a crash after the commit leaves the destruction pending, and the next
/// start finishes it.
/// </summary>
public sealed class KeyDestructionRow
{
    public required string DeviceId { get; set; }
    public required byte[] KeyHandle { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DestroyedAt { get; set; }
}

/// <summary>
/// One journey of a device between the provider and the licensee (P050 2.5a, 2.9, §502.20(l)): outbound to
/// the licensee or back to the provider, with its carrier, service, tracking number and, for another carrier
/// or service, the Postal Service's written permission.
/// </summary>
public sealed class DeviceShipmentRow
{
    public required string Id { get; set; }
    public required string DeviceId { get; set; }
    public required string ProviderId { get; set; }
    public string? LicenseeId { get; set; }
    public bool Sandbox { get; set; }
    /// <summary>to_licensee | to_provider (Ibis.Domain.Psd.ShipmentDirection).</summary>
    public required string Direction { get; set; }
    public required string Carrier { get; set; }
    public required string Service { get; set; }
    public required string TrackingNumber { get; set; }
    public string? WrittenPermission { get; set; }
    /// <summary>The defect or suspect incident this return belongs to (a retrieval), if any.</summary>
    public string? IncidentId { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset ShippedAt { get; set; }
}
