using System.Reflection;
using SkiaSharp;

namespace Ibis.Rendering;

/// <summary>
/// The DejaVu Sans faces shipped inside this assembly. Rendering never asks the system for fonts:
/// on a machine without fontconfig fonts Skia silently hands back an empty typeface that draws
/// nothing, which would print an indicium without its human-readable block (P050 4.5).
/// </summary>
public static class EmbeddedFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSans-Bold.ttf"));

    /// <summary>DejaVu Sans, regular weight.</summary>
    public static SKTypeface Regular => RegularFace.Value;

    /// <summary>DejaVu Sans, bold.</summary>
    public static SKTypeface Bold => BoldFace.Value;

    internal static SKTypeface Get(bool bold) => bold ? Bold : Regular;

    private static SKTypeface Load(string file)
    {
        var name = "Ibis.Rendering.Fonts." + file;
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font resource '{name}' is missing from {typeof(EmbeddedFonts).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        // SKData copies the bytes, so the typeface never depends on a managed stream's lifetime.
        using var data = SKData.CreateCopy(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var face = SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"Embedded font '{name}' could not be parsed.");
        if (string.IsNullOrEmpty(face.FamilyName))
            throw new InvalidOperationException($"Embedded font '{name}' loaded without a family name.");
        return face;
    }
}
