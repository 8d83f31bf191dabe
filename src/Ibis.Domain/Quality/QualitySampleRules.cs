namespace Ibis.Domain.Quality;

/// <summary>Where a quality-assurance sample stands (P050 2.5h, §502.26).</summary>
[StoredAsText]
public enum QualitySampleStatus
{
    /// <summary>Forwarded by the licensee, not yet evaluated by the provider.</summary>
    Submitted,

    Passed,

    /// <summary>The provider found deficiencies; guidance was given to the licensee.</summary>
    Failed,
}

/// <summary>The mailpiece quality-assurance program's calendar and pass mark.</summary>
public static class QualityProgram
{
    /// <summary>P050 2.5h, §502.26: a piece at least once every 6 months after initialization.</summary>
    public const int MonthsBetweenSamples = 6;

    /// <summary>
    /// The lowest ISO/IEC 15415 overall grade (4 = A … 0 = F) of a passing indicium barcode. Grade C (2) is the
    /// usual minimum for symbols scanned in mail processing.
    /// </summary>
    public const int PassingGrade = 2;

    /// <summary>
    /// When the next sample is due: 6 months after the last sample forwarded, or after the device was
    /// initialized (commissioned) when none has been.
    /// </summary>
    public static DateTimeOffset NextDue(DateTimeOffset commissionedAt, DateTimeOffset? lastSubmittedAt) =>
        (lastSubmittedAt is { } last && last > commissionedAt ? last : commissionedAt).AddMonths(MonthsBetweenSamples);
}

/// <summary>
/// §502.26: "If the licensee fails to comply with this requirement, the Provider must notify the licensee
/// that all future postage value resettings will be denied." A device with no sample forwarded within 6
/// months of its initialization or of its last sample is not reset.
/// </summary>
public sealed record QaSampleOverdueRule(string DeviceId, DateTimeOffset DueAt, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "qa_sample_overdue";

    public string Message => $"no mailpiece of device {DeviceId} was forwarded for quality assurance since {DueAt.AddMonths(-QualityProgram.MonthsBetweenSamples):yyyy-MM-dd}; a sample was due by {DueAt:yyyy-MM-dd} (P050 2.5h, §502.26), so resets are denied until one is recorded";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => Now > DueAt;
}

/// <summary>
/// §502.26: the provider gives guidance to correct the deficiencies found; until a later sample passes, the
/// licensee's device is not reset (its indicia may not be readable on the mail).
/// </summary>
public sealed record QaSampleFailedRule(string DeviceId, QualitySampleStatus? LatestStatus, string? Deficiencies) : IBusinessRule
{
    public string Code => "qa_sample_failed";

    public string Message => $"the last quality-assurance sample of device {DeviceId} failed ({Deficiencies ?? "see the provider's evaluation"}); resets are denied until a sample passes (§502.26)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => LatestStatus == QualitySampleStatus.Failed;
}

/// <summary>The evaluation of a sample: the barcode's grade and the deficiencies the provider recorded.</summary>
public sealed record QualityEvaluation(int BarcodeGrade, IReadOnlyList<string> Deficiencies)
{
    /// <summary>A sample passes when its barcode grades C or better and the provider found no deficiency.</summary>
    public bool Passed => BarcodeGrade >= QualityProgram.PassingGrade && Deficiencies.Count == 0;
}

/// <summary>Guidance to the licensee is required whenever a sample fails (§502.26).</summary>
public sealed record GuidanceMustAccompanyFailureRule(bool Passed, string? Guidance) : IBusinessRule
{
    public string Code => "guidance_required";

    public string Message => "a failed sample needs guidance for the licensee to correct the deficiencies (§502.26)";

    public string? Field => "guidance";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => !Passed && string.IsNullOrWhiteSpace(Guidance);
}
