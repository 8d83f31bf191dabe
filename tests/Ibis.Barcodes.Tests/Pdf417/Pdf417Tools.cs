using Ibis.Barcodes.Tests.Support;

namespace Ibis.Barcodes.Tests.Pdf417;

/// <summary>zxing-cpp's command-line reader and writer, for PDF417.</summary>
internal static class Pdf417Tools
{
    /// <summary>ZXingReader's raw bytes for the PDF417 symbol in <paramref name="png"/>, or null when it finds none.</summary>
    public static byte[]? ZXingDecode(string tool, string png)
    {
        var (exit, stdout, _) = ExternalTools.Run(tool, null, "-format", "PDF417", "-bytes", png);
        return exit == 0 && stdout.Length > 0 ? stdout : null;
    }
}
