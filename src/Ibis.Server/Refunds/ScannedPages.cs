using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Pdf417;
using SkiaSharp;
using UglyToad.PdfPig;

namespace Ibis.Server.Refunds;

/// <summary>A file the licensee uploaded: a scan of returned pieces (PNG, JPEG, or a PDF of scanned pages).</summary>
public sealed record ScanUpload(string Name, byte[] Content);

/// <summary>One page of the uploads: the indicium barcodes read on it, or why it could not be read.</summary>
public sealed record ScannedPage(int Number, string Name, IReadOnlyList<byte[]> Symbols, string? Error)
{
    public bool Readable => Error is null;
}

/// <summary>
/// Turns uploaded scans into indicium barcodes, page by page (§502.27(a)(3): "The Provider will scan
/// the indicia"). A PDF page contributes the scanned images embedded in it (extracted with PdfPig); an
/// image file is one page. On each image the reader finds a symbol, the symbol's area is blanked, and
/// the image is read again — so a 300-dpi page holding several pieces yields each of them. This is
/// the one place that reads pages: when the barcode reader can return every symbol of an image in one
/// pass, <see cref="SymbolsOn"/> becomes that call. A page that cannot be read is named with its reason;
/// the other pages are still read.
/// </summary>
public static class ScannedPages
{
    /// <summary>A letter page at 600 dpi is about 34 Mpx; far beyond that is not a scanned page.</summary>
    private const long MaxPixels = 60_000_000;

    /// <summary>More indicia than fit on any page means the blanking is not converging: stop.</summary>
    private const int MaxSymbolsPerImage = 60;

    public static IReadOnlyList<ScannedPage> Read(IReadOnlyList<ScanUpload> uploads, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var pages = new List<ScannedPage>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var upload = uploads[i];
            if (IsPdf(upload.Content)) pages.AddRange(ReadPdf(upload, pages.Count));
            else pages.Add(ReadImages(pages.Count + 1, upload.Name, [upload.Content]));
            progress?.Invoke(i + 1, uploads.Count);
        }
        return pages;
    }

    private static bool IsPdf(byte[] content) => content.AsSpan().StartsWith("%PDF-"u8);

    private static IEnumerable<ScannedPage> ReadPdf(ScanUpload upload, int before)
    {
        List<(int Page, List<byte[]> Images)> pages;
        try
        {
            pages = [];
            using var document = PdfDocument.Open(upload.Content);
            foreach (var page in document.GetPages())
            {
                var images = new List<byte[]>();
                foreach (var image in page.GetImages())
                    images.Add(image.TryGetPng(out var png) ? png : image.RawMemory.ToArray());
                pages.Add((page.Number, images));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PdfPig reports damaged files with several exception types; all mean the same to the licensee.
            return [new ScannedPage(before + 1, upload.Name, [], "the PDF cannot be opened: " + e.Message)];
        }
        return pages.Select((p, i) => ReadImages(before + i + 1, $"{upload.Name} page {p.Page}", p.Images));
    }

    private static ScannedPage ReadImages(int number, string name, IReadOnlyList<byte[]> images)
    {
        if (images.Count == 0) return new ScannedPage(number, name, [], "the page holds no scanned image");
        var symbols = new List<byte[]>();
        string? firstError = null;
        foreach (var encoded in images)
        {
            var gray = LoadGray(encoded);
            if (gray.Error is not null) { firstError ??= gray.Error; continue; }
            symbols.AddRange(SymbolsOn(gray.Pixels!, gray.Width, gray.Height));
        }
        if (symbols.Count > 0) return new ScannedPage(number, name, symbols, null);
        return new ScannedPage(number, name, [], firstError ?? "no indicium barcode could be read on the page");
    }

    /// <summary>Every indicium symbol on one image — Data Matrix and PDF417, several pieces per page, anywhere on it.</summary>
    internal static List<byte[]> SymbolsOn(byte[] gray, int width, int height)
    {
        var found = new List<byte[]>();
        foreach (var read in DataMatrixReader.ReadAll(gray, width, height))
            if (read.Success && read.Data is not null && found.Count < MaxSymbolsPerImage) found.Add(read.Data);
        foreach (var read in Pdf417Reader.ReadAll(gray, width, height))
            if (read.Success && read.Data is not null && found.Count < MaxSymbolsPerImage) found.Add(read.Data);
        return found;
    }

    private static (byte[]? Pixels, int Width, int Height, string? Error) LoadGray(byte[] encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null) return (null, 0, 0, "not an image that can be decoded (PNG or JPEG)");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
            return (null, 0, 0, $"the image is {info.Width}x{info.Height} pixels; at most {MaxPixels / 1_000_000} Mpx are read");
        using var bitmap = SKBitmap.Decode(codec);
        if (bitmap is null) return (null, 0, 0, "the image is damaged: its pixels cannot be decoded");
        // Drawn over white, so a transparent background reads as paper, not as ink.
        var grayInfo = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var gray = new SKBitmap(grayInfo);
        using (var canvas = new SKCanvas(gray))
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        }
        var (w, h) = (gray.Width, gray.Height);
        var pixels = new byte[w * h];
        var source = gray.GetPixelSpan();
        for (var y = 0; y < h; y++)
            source.Slice(y * gray.RowBytes, w).CopyTo(pixels.AsSpan(y * w, w));
        return (pixels, w, h, null);
    }
}
