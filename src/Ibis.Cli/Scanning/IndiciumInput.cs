using Ibis.Barcodes.DataMatrix;

namespace Ibis.Cli.Scanning;

/// <summary>Where the indicium bytes came from, for the report.</summary>
/// <param name="Bytes">The barcode payload: the indicium bytes if the barcode is ours.</param>
/// <param name="Source">"scan.png (Data Matrix 44x44, 0 codewords corrected)", "--data", …</param>
internal sealed record IndiciumInput(byte[] Bytes, string Source)
{
    // Far above any Data Matrix payload (1556 bytes at 144x144) and any sensible scan.
    private const long MaxFileBytes = 64L * 1024 * 1024;

    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"];

    /// <summary>
    /// Reads the bytes from an image (scanning its Data Matrix), from a raw binary file, or from
    /// base64 text. Throws <see cref="CliException"/> with a message for anything unreadable.
    /// </summary>
    public static IndiciumInput Load(FileInfo? file, string? base64)
    {
        if (base64 is not null) return FromBase64(base64);
        if (file is null) throw new CliException("give an image or binary file, or --data BASE64");
        if (!file.Exists) throw new CliException($"{file.FullName}: no such file");
        if (file.Length > MaxFileBytes) throw new CliException($"{file.Name} is {file.Length} bytes; at most {MaxFileBytes} are read");

        var content = File.ReadAllBytes(file.FullName);
        if (!IsImage(file.Name, content)) return new IndiciumInput(content, $"{file.Name} (raw bytes)");

        var (gray, width, height) = ScannedImage.LoadGray(content, file.Name);
        var read = DataMatrixReader.Read(gray, width, height);
        if (!read.Success)
            throw new CliException($"no readable Data Matrix symbol in {file.Name} ({width}x{height} px): {read.Error}");
        var symbol = $"Data Matrix {read.SymbolSize.Width}x{read.SymbolSize.Height}, {read.CorrectedErrors} codewords corrected";
        return new IndiciumInput(read.Data!, $"{file.Name} ({symbol})");
    }

    private static IndiciumInput FromBase64(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0) throw new CliException("--data is empty");
        try
        {
            return new IndiciumInput(Convert.FromBase64String(trimmed), "--data");
        }
        catch (FormatException)
        {
            throw new CliException("--data is not valid base64");
        }
    }

    private static bool IsImage(string name, ReadOnlySpan<byte> content)
    {
        // An extension wins so that a damaged "scan.png" is reported as a bad image, not checked
        // as indicium bytes; otherwise the file's signature decides.
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension == ".bin") return false;
        if (ImageExtensions.Contains(extension)) return true;
        return content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
               || content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
               || content.StartsWith("GIF8"u8)
               || (content.Length > 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8));
    }
}
