using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>Issue 4, item 5: the ISO/IEC 15415-style grade reacts to each defect it measures.</summary>
public sealed class QualityGradeTests(ITestOutputHelper output)
{
    private static BitMatrix Indicium() => DataMatrixEncoder.Encode(Payloads.Indicium(), new DataMatrixOptions { Size = 44 });

    [Theory]
    [InlineData(0.0, 4.0)]
    [InlineData(33.0, 5.0)]
    [InlineData(217.0, 3.5)]
    public void PerfectSymbol_GradesA(double angle, double modulePixels)
    {
        var image = SymbolImages.Render(Indicium(), new Conditions(angle, modulePixels), new Random(1));
        var report = DataMatrixQuality.Grade(image);
        output.WriteLine(report.ToString());
        Assert.True(report.Read.Success);
        Assert.Equal(QualityGrade.A, report.Overall);
        Assert.True(report.SymbolContrast > 0.9);
        Assert.Equal(0, report.FixedPatternErrors);
        Assert.Equal(1.0, report.UnusedErrorCorrection);
    }

    [Theory]
    [InlineData(50, 200, QualityGrade.B)]   // 59 %
    [InlineData(80, 190, QualityGrade.C)]   // 43 %
    [InlineData(100, 170, QualityGrade.D)]  // 27 %
    public void LowContrast_LowersTheSymbolContrastGrade(byte dark, byte light, QualityGrade expected)
    {
        var image = SymbolImages.Render(Indicium(), new Conditions(12, 4, Dark: dark, Light: light), new Random(2));
        var report = DataMatrixQuality.Grade(image);
        output.WriteLine(report.ToString());
        Assert.True(report.Read.Success, report.Read.ToString());
        Assert.Equal(expected, report.SymbolContrastGrade);
        Assert.True(report.Overall <= expected);
    }

    [Fact]
    public void DamagedModules_LowerTheUnusedErrorCorrection()
    {
        var grades = new List<QualityGrade>();
        foreach (var share in new[] { 0.0, 0.3, 0.6, 0.9 })
        {
            var matrix = SymbolImages.Damage(Indicium(), share, new Random(3));
            var report = DataMatrixQuality.Grade(SymbolImages.Render(matrix, new Conditions(70, 4), new Random(3)));
            output.WriteLine($"{share}: {report}");
            Assert.True(report.Read.Success, report.Read.ToString());
            Assert.Equal(report.Read.CorrectedErrors, (int)Math.Round((1 - report.UnusedErrorCorrection) * 28));
            grades.Add(report.UnusedErrorCorrectionGrade);
        }
        Assert.Equal(QualityGrade.A, grades[0]);
        Assert.True(grades[2] < QualityGrade.A);
        Assert.Equal(QualityGrade.F, grades[3]);
        for (var i = 1; i < grades.Count; i++) Assert.True(grades[i] <= grades[i - 1]);
    }

    [Fact]
    public void DamagedFinder_LowersFixedPatternDamage_ButStillDecodes()
    {
        var matrix = Indicium();
        var clean = DataMatrixQuality.Grade(SymbolImages.Render(matrix, new Conditions(0, 4), new Random(4)));
        // Three voids in the bottom edge of the L and one in the top timing pattern.
        matrix[10, 43] = false;
        matrix[20, 43] = false;
        matrix[30, 43] = false;
        matrix[8, 0] = false;
        var damaged = DataMatrixQuality.Grade(SymbolImages.Render(matrix, new Conditions(0, 4), new Random(4)));
        output.WriteLine(damaged.ToString());
        Assert.Equal(QualityGrade.A, clean.FixedPatternDamageGrade);
        Assert.True(damaged.Read.Success);
        Assert.Equal(4, damaged.FixedPatternErrors);
        Assert.Equal(QualityGrade.D, damaged.FixedPatternDamageGrade);
        Assert.Equal(QualityGrade.D, damaged.Overall);
    }

    [Fact]
    public void Unreadable_GradesF()
    {
        var report = DataMatrixQuality.Grade(new GrayImage(100, 100));
        Assert.False(report.Read.Success);
        Assert.Equal(QualityGrade.F, report.Decode);
        Assert.Equal(QualityGrade.F, report.Overall);
        Assert.StartsWith("Grade F", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StretchedSymbol_LowersAxialNonuniformity()
    {
        var matrix = Indicium();
        var image = new GrayImage(44 * 5 + 40, 44 * 4 + 40);
        for (var y = 0; y < 44; y++)
            for (var x = 0; x < 44; x++)
                if (matrix[x, y]) image.FillRectangle(20 + 5 * x, 20 + 4 * y, 5, 4, 0);
        var report = DataMatrixQuality.Grade(image);
        output.WriteLine(report.ToString());
        Assert.True(report.Read.Success, report.Read.ToString());
        Assert.InRange(report.AxialNonuniformity, 0.2, 0.25);
        Assert.Equal(QualityGrade.F, report.AxialNonuniformityGrade);
    }
}
