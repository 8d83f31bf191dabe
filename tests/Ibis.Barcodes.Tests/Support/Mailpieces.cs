using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Rendering;
using Ibis.Rendering.Mailpieces;
using SkiaSharp;

namespace Ibis.Barcodes.Tests.Support;

/// <summary>
/// Whole mail pieces as Ibis prints them (the production renderer at 300 dpi: indicium block with its
/// text, FIM, advertising line, address with IMb), as gray images, and pages composed of several.
/// </summary>
internal static class Mailpieces
{
    public const int Dpi = 300;

    /// <summary>A #10 envelope carrying <paramref name="payload"/> in its indicium.</summary>
    public static GrayImage Envelope(byte[] payload, int n = 0) => Decode(MailpieceRenderer.Render(Request(payload, Medium.Envelope10, n), RenderFormat.Png, Dpi));

    /// <summary>A US Letter sheet of labels, one indicium per payload (at most 30).</summary>
    public static GrayImage LabelSheet(IReadOnlyList<byte[]> payloads) => Decode(MailpieceRenderer.Render(new MailpieceRequest
    {
        // Each label carries its piece's class marking (P050 4.11: "no exceptions").
        Indicia = [.. payloads.Select((p, i) => Content(p, i) with { ClassMarking = "FIRST-CLASS MAIL" })],
        Medium = Medium.SheetLabel,
        SheetPosition = 1,
    }, RenderFormat.Png, Dpi));

    private static MailpieceRequest Request(byte[] payload, Medium medium, int n) =>
        MailpieceRequest.For(Content(payload, n), medium) with
        {
            PostalMarking = "FIRST-CLASS MAIL",
            Ad = new AdArt("MAILER'S MESSAGE\nTHANK YOU FOR YOUR ORDER"),
            Recipient = new RecipientAddress(
                [$"CUSTOMER {n + 1}", $"{100 + 7 * n} MAIN ST APT {n % 9 + 1}", "WASHINGTON DC 20260-0004"],
                "00270123456200800001", "20260000404"),
        };

    private static IndiciumContent Content(byte[] payload, int n) => new(
        PostOfficeLine.Licensing("BETHESDA", "MD", "20814"),
        $"0E0C{n:D6}",
        new DateOnly(2026, 11, 23),
        ShowDay: true,
        "FCM LETTER",
        "$0.740",
        DataMatrixEncoder.Encode(payload),
        Sample: true);

    /// <summary>PNG (any color type) → 8-bit gray, luminance.</summary>
    public static GrayImage Decode(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("not an image");
        var pixels = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                // Transparent (unprinted) pixels are paper.
                var a = c.Alpha / 255.0;
                var lum = 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
                pixels[y * bitmap.Width + x] = (byte)Math.Round(lum * a + 255 * (1 - a));
            }
        return new GrayImage(bitmap.Width, bitmap.Height, pixels);
    }

    /// <summary>A white page with <paramref name="parts"/> pasted at their positions (clipped).</summary>
    public static GrayImage Page(int width, int height, params (GrayImage Image, int Left, int Top)[] parts)
    {
        var page = new GrayImage(width, height);
        foreach (var (image, left, top) in parts) Paste(page, image, left, top);
        return page;
    }

    public static void Paste(GrayImage page, GrayImage image, int left, int top)
    {
        for (var y = 0; y < image.Height; y++)
        {
            var py = top + y;
            if ((uint)py >= (uint)page.Height) continue;
            for (var x = 0; x < image.Width; x++)
            {
                var px = left + x;
                if ((uint)px >= (uint)page.Width) continue;
                page.Pixels[py * page.Width + px] = image.Pixels[y * image.Width + x];
            }
        }
    }

    /// <summary>The image turned a quarter turn clockwise.</summary>
    public static GrayImage QuarterTurn(GrayImage image)
    {
        var turned = new byte[image.Pixels.Length];
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                turned[x * image.Height + (image.Height - 1 - y)] = image.Pixels[y * image.Width + x];
        return new GrayImage(image.Height, image.Width, turned);
    }
}
