using Ibis.Barcodes.DataMatrix;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Quality;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Quality;

/// <summary>The provider's evaluation: deficiencies it found on the piece (placement, clear zones, smudging…) and guidance.</summary>
public sealed record EvaluateQualitySampleCommand(IReadOnlyList<string>? Deficiencies, string? Guidance);

/// <summary>
/// §502.26 and the summary of the rule: "Providers must perform an analysis of each submitted customer
/// mailpiece … to ensure the quality and readability of the indicia", notify the customer of deficiencies and
/// give guidance to correct them. Ibis grades the Data Matrix on the scan (ISO/IEC 15415, <see cref="DataMatrixQuality"/>);
/// Ibis also measures the indicium's placement and the clear zone around its barcode on the scan
/// (<see cref="ScanMeasurement"/>, P050 4.4) and records what is out of tolerance as deficiencies;
/// a barcode graded below C or any deficiency found or recorded fails the sample, and a failed sample
/// stops resets until a later one passes (<see cref="QualityAssurance"/>).
/// </summary>
internal sealed class EvaluateQualitySample(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public Task<QualitySampleView> Handle(Caller caller, string sampleId, EvaluateQualitySampleCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var sample = await db.QualitySamples.FirstOrDefaultAsync(s => s.Id == sampleId && s.ProviderId == caller.ProviderId && s.Sandbox == caller.TestMode, ct)
                     ?? throw new BusinessRuleViolationException(new BrokenRule("not_found", $"no quality sample '{sampleId}' of your customers exists", Kind: RuleKind.NotFound));
        if (sample.Status != QualitySampleStatus.Submitted)
            throw new BusinessRuleViolationException(new BrokenRule("sample_already_evaluated", $"sample {sampleId} was evaluated on {sample.GradedAt:yyyy-MM-dd}", Kind: RuleKind.Conflict));
        var deficiencies = (command.Deficiencies ?? []).Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim()).ToList();
        var measured = ScanMeasurement.Measure(sample.ScanPng);
        var grade = measured.Grade;
        // What Ibis measured comes first, then what the provider saw: placement and clear zones (P050 4.4).
        if (measured.Placement is { } placement) deficiencies.InsertRange(0, placement.Deficiencies());
        if (grade < QualityProgram.PassingGrade)
            deficiencies.Insert(0, $"the indicium barcode grades {(QualityGrade)grade} (ISO/IEC 15415), below the required {(QualityGrade)QualityProgram.PassingGrade}");
        sample.Measurements = QualityMeasurementsView.Serialize(measured);
        var evaluation = new QualityEvaluation(grade, deficiencies);
        Rules.Check(new GuidanceMustAccompanyFailureRule(evaluation.Passed, command.Guidance));
        sample.BarcodeGrade = ((QualityGrade)grade).ToString();
        sample.Deficiencies = deficiencies.Count == 0 ? null : string.Join('\n', deficiencies);
        sample.Guidance = command.Guidance?.Trim();
        sample.Status = evaluation.Passed ? QualitySampleStatus.Passed : QualitySampleStatus.Failed;
        sample.GradedBy = caller.UserOrKeyId;
        sample.GradedAt = clock.GetUtcNow();
        return QualitySampleView.From(sample);
    }, ct);
}
