using Ibis.Domain.Quality;

namespace Ibis.Data.Entities;

/// <summary>
/// One read by a Postal Service official (postal, auditor, inspector) of a provider's devices, registers,
/// resets, audits, indicia or cases (P050 2.5b, 3.4; §502.19, §502.25(b)): who read what, when and why.
/// Only the names of what was read, never the values.
/// </summary>
public sealed class OversightReadRow
{
    public required string Id { get; set; }
    public required string Actor { get; set; }
    public required string Role { get; set; }
    /// <summary>What was read: "devices", "device", "device_resets", "device_audits", "device_indicia", "cases".</summary>
    public required string Resource { get; set; }
    /// <summary>The device (or other record) read, when one was.</summary>
    public string? SubjectId { get; set; }
    public required string Purpose { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}

/// <summary>
/// A mailpiece the licensee forwarded for the provider's quality assurance (P050 2.5h, §502.26): the scan
/// of its indicium, the barcode grade Ibis measured on it, and the provider's deficiencies and guidance.
/// </summary>
public sealed class QualitySampleRow
{
    public required string Id { get; set; }
    public required string DeviceId { get; set; }
    public required string LicenseeId { get; set; }
    public required string ProviderId { get; set; }
    public bool Sandbox { get; set; }
    public required QualitySampleStatus Status { get; set; }
    /// <summary>The scan of the piece's indicium (PNG).</summary>
    public required byte[] ScanPng { get; set; }
    /// <summary>ISO/IEC 15415 overall grade of the Data Matrix on the scan (A–F), set when graded.</summary>
    public string? BarcodeGrade { get; set; }
    public string? Deficiencies { get; set; }
    public string? Guidance { get; set; }
    /// <summary>What Ibis measured on the scan (JSON): the indicium's position from the top and right edges and its clear zones (P050 4.4).</summary>
    public string? Measurements { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? GradedBy { get; set; }
    public DateTimeOffset? GradedAt { get; set; }
}

/// <summary>
/// Revenue protection (§502.25(b)): how the scans of one day went for one device — every scan event's verdict
/// counted once, in exactly one of valid, duplicate (a copied indicium), late (<c>date_outside_window</c>) or
/// invalid (every other verdict; forgeries, <c>signature_invalid</c>, also counted apart). Kept per day and
/// device, not per scan, so the dashboard reads thousands of rows for billions of scans. Scans that name no
/// known device (unreadable bytes, unknown certificates) are counted under the device id "".
/// </summary>
public sealed class ScanTallyRow
{
    public bool Sandbox { get; set; }
    /// <summary>The day of the scan (UTC).</summary>
    public DateOnly Day { get; set; }
    public required string DeviceId { get; set; }
    /// <summary>The device's provider and licensee at the time of the scan; "" when the scan names no known device.</summary>
    public required string ProviderId { get; set; }
    public required string LicenseeId { get; set; }
    public long Scanned { get; set; }
    public long Valid { get; set; }
    public long Duplicates { get; set; }
    public long Late { get; set; }
    public long Invalid { get; set; }
    public long Forgeries { get; set; }
}
