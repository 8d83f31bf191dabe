namespace Ibis.Rendering;

/// <summary>An axis-aligned rectangle in inches, origin at the top-left corner of the page, y down.</summary>
public readonly record struct InchRect(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;

    public double Bottom => Top + Height;

    public bool IntersectsWith(InchRect other) =>
        Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
}
