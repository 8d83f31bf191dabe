using System.CommandLine;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Pdf417;
using Ibis.Cli.Scanning;

namespace Ibis.Cli.Barcodes;

/// <summary>
/// <c>ibis barcode decode file.png [--symbology datamatrix|pdf417]</c>: prints the payload as
/// hexadecimal; exit 1 when the image holds no readable symbol, 2 when the file is not an image.
/// </summary>
internal static class DecodeBarcodeCommand
{
    // A #10 envelope scanned at 600 dpi is far below this; more is not a barcode image.
    private const long MaxFileBytes = 64L * 1024 * 1024;

    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "An image holding the barcode (PNG, JPEG, GIF, BMP or WebP)." };
        var symbology = new Option<string?>("--symbology", "-s")
        {
            Description = "datamatrix or pdf417; without it, Data Matrix is tried first, then PDF417.",
        };
        symbology.AcceptOnlyFromAmong(Symbologies.DataMatrix, Symbologies.Pdf417);
        var grade = new Option<bool>("--grade")
        {
            Description = "Also print the Data Matrix print-quality grade (in the spirit of ISO/IEC 15415): contrast, modulation, unused error correction, fixed-pattern damage, overall A–F.",
        };

        var command = new Command("decode", "Print the bytes of the barcode in an image as hexadecimal.") { file, symbology, grade };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(file)!, parse.GetValue(symbology), parse.GetValue(grade), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, FileInfo file, string? symbology, bool grade, CancellationToken ct)
    {
        if (!file.Exists) throw new CliException($"{file.FullName}: no such file");
        if (file.Length > MaxFileBytes) throw new CliException($"{file.Name} is {file.Length} bytes; at most {MaxFileBytes} are read");

        var content = await File.ReadAllBytesAsync(file.FullName, ct);
        var (gray, width, height) = ScannedImage.LoadGray(content, file.Name);
        var failures = new List<string>();
        if (symbology is null or Symbologies.DataMatrix)
        {
            var read = DataMatrixReader.Read(gray, width, height);
            if (grade) await context.Out.WriteLineAsync(("grade: " + DataMatrixQuality.Grade(gray, width, height, read)).AsMemory(), ct);
            if (read.Success) return await PrintAsync(context, read.Data!, ct);
            failures.Add($"Data Matrix: {read.Error}");
        }
        if (symbology is null or Symbologies.Pdf417)
        {
            var read = Pdf417Reader.Read(gray, width, height);
            if (read.Success) return await PrintAsync(context, read.Data!, ct);
            failures.Add($"PDF417: {read.Error}");
        }
        await context.Err.WriteLineAsync($"ibis: no readable barcode in {file.Name} ({width}x{height} px): {string.Join("; ", failures)}");
        return ExitCodes.Invalid;
    }

    private static async Task<int> PrintAsync(CliContext context, byte[] data, CancellationToken ct)
    {
        await context.Out.WriteLineAsync(Convert.ToHexStringLower(data).AsMemory(), ct);
        return ExitCodes.Ok;
    }
}
