using System.Globalization;

namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// The print quality of one Data Matrix symbol in an image, graded in the spirit of ISO/IEC 15415:
/// each parameter has a measured value and a grade, and the overall grade is the worst of them.
/// </summary>
public sealed class DataMatrixQualityReport
{
    internal DataMatrixQualityReport(DataMatrixReadResult read)
    {
        Read = read;
    }

    /// <summary>The read this grade is based on; <see cref="DataMatrixReadResult.Success"/> is the decode parameter.</summary>
    public DataMatrixReadResult Read { get; }

    /// <summary>A when the symbol decodes, F otherwise.</summary>
    public QualityGrade Decode => Read.Success ? QualityGrade.A : QualityGrade.F;

    /// <summary>Symbol contrast: (Rmax − Rmin) / 255 over the symbol and a one-module quiet zone ring, 0–1.</summary>
    public double SymbolContrast { get; internal init; }

    /// <summary>Grade of <see cref="SymbolContrast"/>: A ≥ 70 %, B ≥ 55 %, C ≥ 40 %, D ≥ 20 %.</summary>
    public QualityGrade SymbolContrastGrade { get; internal init; }

    /// <summary>
    /// The lowest module modulation 2·|R − GT| / (Rmax − Rmin) over the data modules, 0–1; the grade
    /// below also lets error correction absorb weak codewords, as ISO/IEC 15415 does.
    /// </summary>
    public double MinimumModulation { get; internal init; }

    /// <summary>Modulation grade (per codeword, weighed against the unused error correction).</summary>
    public QualityGrade ModulationGrade { get; internal init; }

    /// <summary>Unused error correction of the worst block, 1 − errors / correctable errors, 0–1.</summary>
    public double UnusedErrorCorrection { get; internal init; }

    /// <summary>Grade of <see cref="UnusedErrorCorrection"/>: A ≥ .62, B ≥ .50, C ≥ .37, D ≥ .25.</summary>
    public QualityGrade UnusedErrorCorrectionGrade { get; internal init; }

    /// <summary>Finder, timing, region-border and quiet-zone modules that do not read as the pattern requires.</summary>
    public int FixedPatternErrors { get; internal init; }

    /// <summary>
    /// Fixed pattern damage: the worst of the segments (left and bottom of the L, top and right timing,
    /// inner region borders, quiet zone), each A with no damaged module, B with one, C with two, D with
    /// three and F beyond.
    /// </summary>
    public QualityGrade FixedPatternDamageGrade { get; internal init; }

    /// <summary>Axial non-uniformity: |X − Y| / mean of the module pitches along the two axes.</summary>
    public double AxialNonuniformity { get; internal init; }

    /// <summary>Grade of <see cref="AxialNonuniformity"/>: A ≤ .06, B ≤ .08, C ≤ .10, D ≤ .12.</summary>
    public QualityGrade AxialNonuniformityGrade { get; internal init; }

    /// <summary>The overall symbol grade: the worst of all parameters (F when the symbol does not decode).</summary>
    public QualityGrade Overall => Read.Success
        ? Min(SymbolContrastGrade, ModulationGrade, UnusedErrorCorrectionGrade, FixedPatternDamageGrade, AxialNonuniformityGrade)
        : QualityGrade.F;

    private static QualityGrade Min(params ReadOnlySpan<QualityGrade> grades)
    {
        var min = QualityGrade.A;
        foreach (var g in grades) if (g < min) min = g;
        return min;
    }

    /// <inheritdoc/>
    public override string ToString() => !Read.Success
        ? $"Grade F (does not decode: {Read.Error})"
        : string.Format(
            CultureInfo.InvariantCulture,
            "Grade {0}: decode A, symbol contrast {1} ({2:P0}), modulation {3} (min {4:0.00}), unused error correction {5} ({6:0.00}), fixed pattern damage {7} ({8} modules), axial non-uniformity {9} ({10:0.000})",
            Overall, SymbolContrastGrade, SymbolContrast, ModulationGrade, MinimumModulation, UnusedErrorCorrectionGrade,
            UnusedErrorCorrection, FixedPatternDamageGrade, FixedPatternErrors, AxialNonuniformityGrade, AxialNonuniformity);
}
