using SkiaSharp;
using Xunit;

namespace Ibis.Rendering.Tests;

public class EmbeddedFontsTests
{
    [Fact]
    public void Both_faces_load_from_the_assembly_with_a_family_name()
    {
        Assert.Equal("DejaVu Sans", EmbeddedFonts.Regular.FamilyName);
        Assert.Equal("DejaVu Sans", EmbeddedFonts.Bold.FamilyName);
        Assert.True(EmbeddedFonts.Bold.FontStyle.Weight > EmbeddedFonts.Regular.FontStyle.Weight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Text_drawn_with_an_embedded_face_makes_dark_pixels(bool bold)
    {
        var info = new SKImageInfo(300, 60, SKColorType.Gray8, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        using var font = new SKFont(bold ? EmbeddedFonts.Bold : EmbeddedFonts.Regular, 24);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        surface.Canvas.DrawText("BETHESDA MD", 4, 40, SKTextAlign.Left, font, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);

        var gray = GrayImage.Decode(data.ToArray());
        Assert.True(gray.CountDark(0, 0, gray.Width, gray.Height) > 500);
    }
}
