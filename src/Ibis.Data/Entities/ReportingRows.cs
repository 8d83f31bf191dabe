namespace Ibis.Data.Entities;

/// <summary>
/// One report of a provider to the Postal Service on a potential security weakness (§502.14): the
/// preliminary notice, the written report, a periodic status report or the final summary. The weakness
/// is a case (<see cref="CaseRow"/>): opened by Ibis on an integrity failure or failed audit, or by the provider.
/// </summary>
public sealed class SecurityReportRow
{
    public required string Id { get; set; }
    public required string CaseId { get; set; }
    public required string ProviderId { get; set; }
    /// <summary>preliminary | written | status | final (Ibis.Domain.Reporting.SecurityReportKind).</summary>
    public required string Kind { get; set; }
    /// <summary>What happened; every report carries it (§502.14(b), (c)).</summary>
    public required string Circumstances { get; set; }
    /// <summary>The written report's proposed investigative procedure (§502.14(c)).</summary>
    public string? InvestigativeProcedure { get; set; }
    /// <summary>The written report's anticipated completion date of the investigation (§502.14(c)).</summary>
    public DateOnly? AnticipatedCompletionOn { get; set; }
    /// <summary>The final summary's investigative findings (§502.14(c)).</summary>
    public string? Findings { get; set; }
    public required string FiledBy { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    /// <summary>The transmission that carried the report to the Postal Service.</summary>
    public required string TransmissionId { get; set; }
}
