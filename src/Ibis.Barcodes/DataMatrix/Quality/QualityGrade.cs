namespace Ibis.Barcodes.DataMatrix;

/// <summary>A print quality grade in the ISO/IEC 15415 sense: A (4) is best, F (0) fails.</summary>
public enum QualityGrade
{
    /// <summary>Fail (0).</summary>
    F = 0,

    /// <summary>Poor (1).</summary>
    D = 1,

    /// <summary>Fair (2).</summary>
    C = 2,

    /// <summary>Good (3).</summary>
    B = 3,

    /// <summary>Excellent (4).</summary>
    A = 4,
}
