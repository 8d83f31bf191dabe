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
    /// <summary>See Ibis.Domain.Quality.QualitySampleStatus: submitted | passed | failed.</summary>
    public required string Status { get; set; }
    /// <summary>The scan of the piece's indicium (PNG).</summary>
    public required byte[] ScanPng { get; set; }
    /// <summary>ISO/IEC 15415 overall grade of the Data Matrix on the scan (A–F), set when graded.</summary>
    public string? BarcodeGrade { get; set; }
    public string? Deficiencies { get; set; }
    public string? Guidance { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? GradedBy { get; set; }
    public DateTimeOffset? GradedAt { get; set; }
}
