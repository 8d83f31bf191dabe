namespace Ibis.Barcodes.DataMatrix;

/// <summary>A point in image pixel coordinates (x to the right, y downwards; pixel centres at .5).</summary>
/// <param name="X">Horizontal position in pixels.</param>
/// <param name="Y">Vertical position in pixels.</param>
public readonly record struct ImagePoint(double X, double Y)
{
    /// <summary>Euclidean distance to <paramref name="other"/>.</summary>
    public double DistanceTo(ImagePoint other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"({X:0.##}, {Y:0.##})");
}
