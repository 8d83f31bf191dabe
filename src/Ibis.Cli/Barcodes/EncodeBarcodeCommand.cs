using System.CommandLine;
using System.Globalization;
using Ibis.Barcodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Postal;

namespace Ibis.Cli.Barcodes;

/// <summary>
/// <c>ibis barcode encode --symbology S (--data-hex HEX | --text TEXT) --out file.png|.svg</c>.
/// Two-dimensional symbols are drawn at <c>--module-px</c> pixels per module; postal bars at
/// <c>--dpi</c> with the USPS bar dimensions.
/// </summary>
internal static class EncodeBarcodeCommand
{
    public static Command Create(CliContext context)
    {
        var symbology = new Option<string>("--symbology", "-s")
        {
            Description = "datamatrix, pdf417, imb (Intelligent Mail barcode) or postnet.",
            Required = true,
        };
        symbology.AcceptOnlyFromAmong(Symbologies.DataMatrix, Symbologies.Pdf417, Symbologies.IntelligentMail, Symbologies.Postnet);
        var hex = new Option<string?>("--data-hex") { Description = "The payload as hexadecimal (datamatrix, pdf417)." };
        var text = new Option<string?>("--text")
        {
            Description = "The payload as text: UTF-8 for datamatrix and pdf417; for imb the 20-digit tracking code, "
                          + "optionally followed by '-' and a 5-, 9- or 11-digit routing code; for postnet 5, 9 or 11 digits.",
        };
        var size = new Option<string?>("--size")
        {
            Description = "datamatrix: force the symbol size, e.g. 44x44 (default: the smallest that fits); "
                          + "pdf417: ROWSxCOLUMNS, e.g. 10x6 (default: about three times as wide as tall).",
        };
        var modulePx = new Option<int>("--module-px")
        {
            Description = "datamatrix, pdf417: pixels per module.",
            DefaultValueFactory = _ => PngWriter.DefaultPixelsPerModule,
        };
        var dpi = new Option<int>("--dpi")
        {
            Description = "imb, postnet: printer resolution; bars are sized to the USPS dimensions at this resolution.",
            DefaultValueFactory = _ => 300,
        };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The image to write: .png or .svg.", Required = true };

        var command = new Command("encode", "Write a barcode image of bytes or text.")
        {
            symbology, hex, text, size, modulePx, dpi, output,
        };
        command.Validators.Add(r =>
        {
            var hasHex = r.GetValue(hex) is not null;
            var hasText = r.GetValue(text) is not null;
            if (hasHex == hasText) r.AddError("give the payload with exactly one of --data-hex and --text");
        });
        command.SetAction((parse, ct) => RunAsync(
            context,
            new Request(parse.GetValue(symbology)!, parse.GetValue(hex), parse.GetValue(text), parse.GetValue(size),
                parse.GetValue(modulePx), parse.GetValue(dpi), parse.GetValue(output)!),
            ct));
        return command;
    }

    private sealed record Request(string Symbology, string? Hex, string? Text, string? Size, int ModulePx, int Dpi, FileInfo Out);

    private enum ImageFormat { Png, Svg }

    private static async Task<int> RunAsync(CliContext context, Request request, CancellationToken ct)
    {
        var format = Path.GetExtension(request.Out.Name).ToLowerInvariant() switch
        {
            ".png" => ImageFormat.Png,
            ".svg" => ImageFormat.Svg,
            _ => throw new CliException($"--out {request.Out.Name}: write a .png or an .svg file"),
        };
        if (request.ModulePx is < 1 or > 100) throw new CliException($"--module-px {request.ModulePx}: give 1–100 pixels per module");
        if (request.Dpi is < 1 or > 4800) throw new CliException($"--dpi {request.Dpi}: give a resolution of 1–4800 dpi");
        if (request.Size is not null && request.Symbology is not (Symbologies.DataMatrix or Symbologies.Pdf417))
            throw new CliException($"--size applies to datamatrix and pdf417 only, not {request.Symbology}");

        var (image, summary) = request.Symbology switch
        {
            Symbologies.DataMatrix => DataMatrix(request, format),
            Symbologies.Pdf417 => Pdf417(request, format),
            Symbologies.IntelligentMail => IntelligentMail(request, format),
            _ => Postnet(request, format),
        };

        await File.WriteAllBytesAsync(request.Out.FullName, image, ct);
        await context.Out.WriteLineAsync($"{request.Out.Name}: {summary}");
        return ExitCodes.Ok;
    }

    private static (byte[], string) DataMatrix(Request request, ImageFormat format)
    {
        var data = Payload(request);
        var options = new DataMatrixOptions { Size = ParseSquareSize(request.Size) };
        BitMatrix matrix;
        try
        {
            matrix = DataMatrixEncoder.Encode(data, options);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"cannot encode {data.Length} bytes as Data Matrix: {e.Message}");
        }
        var quiet = PngWriter.DefaultQuietZoneModules;
        var image = format == ImageFormat.Png
            ? PngWriter.Encode(matrix, request.ModulePx, quiet)
            : MatrixSvg.Encode(matrix, request.ModulePx, quiet);
        return (image, $"Data Matrix {matrix.Width}x{matrix.Height}, {data.Length} bytes");
    }

    private static (byte[], string) Pdf417(Request request, ImageFormat format)
    {
        var data = Payload(request);
        var (rows, columns) = ParsePdf417Size(request.Size);
        BitMatrix matrix;
        try
        {
            matrix = Pdf417Encoder.Encode(data, new Pdf417Options { Rows = rows, Columns = columns });
        }
        catch (ArgumentException e)
        {
            throw new CliException($"cannot encode {data.Length} bytes as PDF417: {e.Message.Split(" (Parameter", 2)[0]}");
        }
        var quiet = PngWriter.DefaultQuietZoneModules;
        var image = format == ImageFormat.Png
            ? PngWriter.Encode(matrix, request.ModulePx, quiet)
            : MatrixSvg.Encode(matrix, request.ModulePx, quiet);
        return (image, $"PDF417 {matrix.Width}x{matrix.Height} modules, {data.Length} bytes");
    }

    private static (int?, int?) ParsePdf417Size(string? size)
    {
        if (size is null) return (null, null);
        var parts = size.ToLowerInvariant().Split('x');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var columns))
            throw new CliException($"--size {size}: give PDF417 rows and data columns as ROWSxCOLUMNS, e.g. 10x6");
        if (rows is < 3 or > 90 || columns is < 1 or > 30)
            throw new CliException($"--size {size}: PDF417 has 3–90 rows and 1–30 data columns");
        return (rows, columns);
    }

    private static (byte[], string) IntelligentMail(Request request, ImageFormat format)
    {
        var (tracking, routing) = SplitImbText(RequireText(request, "imb"));
        var bars = new FourStateBar[IntelligentMailBarcode.BarCount];
        if (!IntelligentMailBarcode.TryEncode(tracking, routing, bars, out var error)) throw new CliException($"imb: {error}");
        var image = Draw(request, format, () => PostalBarRenderer.RenderPng(bars, request.Dpi), () => PostalBarRenderer.RenderSvg(bars, request.Dpi));
        return (image, $"Intelligent Mail barcode at {request.Dpi} dpi: {FourStateBars.ToLetters(bars)}");
    }

    private static (byte[], string) Postnet(Request request, ImageFormat format)
    {
        // "20260-1234" and "20260 1234" are how ZIP+4 codes are written.
        var digits = RequireText(request, "postnet").Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (!Ibis.Barcodes.Postal.Postnet.TryEncode(digits, out var bars, out var error)) throw new CliException($"postnet: {error}");
        var image = Draw(request, format, () => PostalBarRenderer.RenderPng(bars, request.Dpi), () => PostalBarRenderer.RenderSvg(bars, request.Dpi));
        var pattern = string.Concat(bars.Select(b => b ? '|' : '.'));
        return (image, $"POSTNET at {request.Dpi} dpi, check digit {Ibis.Barcodes.Postal.Postnet.CheckDigit(digits)}: {pattern}");
    }

    private static byte[] Draw(Request request, ImageFormat format, Func<byte[]> png, Func<string> svg)
    {
        try
        {
            return format == ImageFormat.Png ? png() : System.Text.Encoding.UTF8.GetBytes(svg());
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "dpi")
        {
            throw new CliException($"--dpi {request.Dpi}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static string RequireText(Request request, string symbology) =>
        request.Text ?? throw new CliException($"{symbology} encodes digits: give them with --text, not --data-hex");

    /// <summary>"TRACKING", "TRACKING-ROUTING", "TRACKING ROUTING", or all 25, 29 or 31 digits run together.</summary>
    internal static (string Tracking, string Routing) SplitImbText(string text)
    {
        var trimmed = text.Trim();
        var separator = trimmed.IndexOfAny(['-', ' ']);
        if (separator >= 0) return (trimmed[..separator], trimmed[(separator + 1)..].Trim());
        return trimmed.Length > IntelligentMailBarcode.TrackingCodeLength
            ? (trimmed[..IntelligentMailBarcode.TrackingCodeLength], trimmed[IntelligentMailBarcode.TrackingCodeLength..])
            : (trimmed, "");
    }

    private static byte[] Payload(Request request)
    {
        if (request.Text is not null) return System.Text.Encoding.UTF8.GetBytes(request.Text);
        var hex = string.Concat(request.Hex!.Where(c => !char.IsWhiteSpace(c)));
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) hex = hex[2..];
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new CliException("--data-hex is not hexadecimal (two digits 0-9, a-f per byte)");
        }
    }

    private static int? ParseSquareSize(string? size)
    {
        if (size is null) return null;
        var parts = size.ToLowerInvariant().Split('x');
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            || (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new CliException($"--size {size}: give the size as ROWSxCOLUMNS, e.g. 44x44");
        if (parts.Length == 2 && parts[1] != parts[0])
            throw new CliException($"--size {size}: only square Data Matrix sizes can be forced here");
        if (!DataMatrixEncoder.SquareSizes.Contains(rows))
            throw new CliException($"--size {size}: not a Data Matrix size; square sizes are {string.Join(", ", DataMatrixEncoder.SquareSizes)}");
        return rows;
    }
}
