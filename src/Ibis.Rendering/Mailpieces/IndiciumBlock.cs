using Ibis.Barcodes;
using Ibis.Rendering.Indicia;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Mailpieces;

/// <summary>
/// One indicium laid out relative to its own top-left corner, in inches: the barcode (when the
/// variant has one) and the human-readable lines of P050 4.5.
/// </summary>
/// <param name="Width">Width of the block.</param>
/// <param name="Height">Height of the block.</param>
/// <param name="Barcode">The symbol without quiet zone, or null (REDATE, P050 4.8).</param>
/// <param name="Matrix">The symbol's modules, or null.</param>
/// <param name="ModuleInches">Size of one module.</param>
/// <param name="Text">The lines, relative to the block.</param>
public sealed record IndiciumBlock(double Width, double Height, InchRect? Barcode, BitMatrix? Matrix, double ModuleInches,
    IReadOnlyList<IndiciumTextLine> Text)
{
    /// <summary>Width of the stacked design: fits between the FIM clear zone (1¾ in from the right edge) and the ¼ in margin, with 1/32 in to spare on each side.</summary>
    public const double StackedWidthInches = 1.4375;

    /// <summary>Tallest a wide (sheet-label) block may be: a 1 in label less 1/16 in top and bottom.</summary>
    public const double WideMaxHeightInches = 0.875;

    /// <summary>Size of a postal marking (P050 4.11): bold capitals of at least 1/4 in, 18-point type.</summary>
    public const double MarkingPoints = 18;

    /// <summary>Smallest type the layout will shrink a line to before it calls the medium too small.</summary>
    public const double MinimumTextPoints = 4;

    /// <summary>
    /// Nominal barcode module: 1/75 in (0.0133 in, 0.96 pt, exactly 4 px at 300 dpi). Raster output
    /// rounds it to whole device pixels so every module has crisp, equal edges.
    /// </summary>
    public const double NominalModule = 1.0 / 75;

    /// <summary>Quiet zone around the symbol, in modules (ECC 200 needs 1; we leave 2).</summary>
    public const int QuietZoneModules = 2;

    private const double Gutter = 1.0 / 32;
    private const double Pt = 1.0 / 72;

    /// <summary>The line that stands where the postage goes: the amount, or REDATE (P050 4.8).</summary>
    internal static string ValueLine(IndiciumContent content, IndiciumVariant variant) =>
        variant == IndiciumVariant.Redate ? "REDATE" : content.PostageText;

    /// <summary>Lays out <paramref name="content"/> in <paramref name="design"/> with the given module size.</summary>
    /// <param name="content">What to print.</param>
    /// <param name="variant">REDATE drops the barcode and prints REDATE instead of the postage (P050 4.8).</param>
    /// <param name="design">The registered design (P050 4.1).</param>
    /// <param name="moduleInches">Barcode module size, already whole device pixels for raster output.</param>
    /// <param name="maxWidthInches">Width available for a wide design.</param>
    /// <param name="classMarking">A class marking printed at the foot of a stacked block in bold 18-point
    /// capitals (the indicium alone has no piece to carry the postal marking of P050 4.11).</param>
    public static IndiciumBlock Compute(IndiciumContent content, IndiciumVariant variant, IndiciumDesign design,
        double moduleInches, double maxWidthInches, string? classMarking = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(design);
        var matrix = variant == IndiciumVariant.Redate ? null : content.Barcode;
        return design.Arrangement == DesignArrangement.Wide
            ? Wide(content, variant, matrix, moduleInches, maxWidthInches, content.ClassMarking)
            : Stacked(content, variant, matrix, moduleInches, classMarking);
    }

    private static IndiciumBlock Stacked(IndiciumContent content, IndiciumVariant variant, BitMatrix? matrix, double module, string? classMarking)
    {
        var quiet = QuietZoneModules * module;
        var column = new List<Line>
        {
            new("US POSTAGE", true, 6.5),
            new(ValueLine(content, variant), true, 13),
            new(content.DateText, false, 6.5),
            new(content.DeviceId, false, 6),
        };
        // SAMPLE beside the barcode, in large bold capitals, so a sandbox indicium never passes for postage.
        if (content.Sample) column.Add(new("SAMPLE", true, 18));
        var below = content.PostOffice.PrintedLines.Select(l => new Line(l, false, 6.5)).ToList();
        below.Add(new(content.RateCategory, false, 6));

        var lines = new List<IndiciumTextLine>();
        double bottom;
        InchRect? barcode = null;
        if (matrix is not null)
        {
            var quietW = (matrix.Width + 2 * QuietZoneModules) * module;
            var quietH = (matrix.Height + 2 * QuietZoneModules) * module;
            barcode = new InchRect(quiet, quiet, matrix.Width * module, matrix.Height * module);
            var columnLeft = quietW + Gutter;
            var columnWidth = StackedWidthInches - columnLeft;
            if (columnWidth >= 0.5)
            {
                var columnBottom = Stack(column, columnLeft, columnWidth, quiet, lines);
                bottom = Stack(below, quiet, StackedWidthInches - quiet, Math.Max(quietH, columnBottom) + Gutter / 2, lines);
            }
            else
            {
                column.AddRange(below);
                bottom = Stack(column, quiet, StackedWidthInches - quiet, quietH + Gutter / 2, lines);
            }
        }
        else
        {
            column.AddRange(below);
            bottom = Stack(column, quiet, StackedWidthInches - quiet, quiet, lines);
        }
        // A symbol wider than the design makes the block wider; the validator then finds it in the FIM zone.
        var width = matrix is null ? StackedWidthInches : Math.Max(StackedWidthInches, (matrix.Width + 2 * QuietZoneModules) * module);
        if (!string.IsNullOrWhiteSpace(classMarking))
        {
            // P050 4.11: "All words must be in bold capitals at least 1/4 inch high (18-point type) ...
            // Exceptions are not made" — never shrunk to fit; the block grows to hold the marking instead.
            using var font = TextMetrics.Font(true, (float)MarkingPoints);
            var baseline = bottom + Gutter / 2 + font.Metrics.CapHeight * Pt;
            lines.Add(new IndiciumTextLine(classMarking, true, MarkingPoints, quiet, baseline));
            width = Math.Max(width, 2 * quiet + font.MeasureText(classMarking) * Pt);
            bottom = baseline + MarkingPoints * 0.2 * Pt;
        }
        return new IndiciumBlock(Math.Ceiling(width * 64) / 64, Math.Ceiling(bottom * 32) / 32, barcode, matrix, module, lines);
    }

    private static IndiciumBlock Wide(IndiciumContent content, IndiciumVariant variant, BitMatrix? matrix, double module, double maxWidth, string? classMarking)
    {
        var quiet = QuietZoneModules * module;
        var lines = new List<Line>
        {
            new("US POSTAGE", true, 6),
            new(ValueLine(content, variant), true, 11),
            new(content.DateText, false, 6),
            new(content.DeviceId, false, 5.5),
        };
        lines.AddRange(content.PostOffice.PrintedLines.Select(l => new Line(l, false, 6)));
        lines.Add(new(content.RateCategory, false, 5.5));
        if (content.Sample) lines.Add(new("SAMPLE", true, 14));

        var marking = new List<IndiciumTextLine>();
        InchRect? barcode = null;
        var textLeft = quiet;
        var barcodeHeight = 0.0;
        if (matrix is not null)
        {
            barcode = new InchRect(quiet, quiet, matrix.Width * module, matrix.Height * module);
            textLeft = (matrix.Width + 2 * QuietZoneModules) * module + Gutter;
            barcodeHeight = (matrix.Height + 2 * QuietZoneModules) * module;
        }
        var textTop = quiet;
        var markingRight = textLeft;
        if (!string.IsNullOrWhiteSpace(classMarking))
        {
            // P050 4.11: "All words must be in bold capital letters at least 1/4 inch high (18-point type) …
            // Exceptions are not made" for a small medium. Beside the barcode, at the top of the label, the
            // marking is never shrunk: it breaks between words onto as many lines as the width needs
            // ("FIRST-CLASS" / "MAIL"); the other lines share what room is left below it.
            using var font = TextMetrics.Font(true, (float)MarkingPoints);
            var baseline = quiet + font.Metrics.CapHeight * Pt;
            foreach (var part in Wrap(classMarking, font, maxWidth - textLeft))
            {
                marking.Add(new IndiciumTextLine(part, true, MarkingPoints, textLeft, baseline));
                markingRight = Math.Max(markingRight, textLeft + font.MeasureText(part) * Pt);
                baseline += MarkingPoints * Pt;
            }
            textTop = baseline - MarkingPoints * Pt + MarkingPoints * 0.05 * Pt + Gutter;
            // SAMPLE (sandbox) goes under the barcode, as large as the barcode's column allows, so the
            // marking and the P050 4.5 lines keep the room beside it.
            if (content.Sample && matrix is not null && lines[^1].Text == "SAMPLE")
            {
                lines.RemoveAt(lines.Count - 1);
                var (size, _) = Fit(new Line("SAMPLE", true, 14), textLeft - Gutter - quiet);
                size = Math.Min(size, Math.Floor((WideMaxHeightInches - barcodeHeight - Gutter / 2) / Pt / 0.95 * 4) / 4);
                using var sampleFont = TextMetrics.Font(true, (float)size);
                var sampleBaseline = barcodeHeight + Gutter / 2 + sampleFont.Metrics.CapHeight * Pt;
                marking.Add(new IndiciumTextLine("SAMPLE", true, size, quiet, sampleBaseline));
                barcodeHeight = sampleBaseline + size * 0.05 * Pt;
            }
        }

        // Flow the lines into columns no taller than the label allows, each as wide as its widest line; while the
        // columns together are wider than the label, the lines (never the marking) are set a size smaller.
        for (var scale = 1.0; ; scale -= 0.05)
        {
            var placed = new List<IndiciumTextLine>(marking);
            var (right, bottom, shrunk) = Flow(lines, scale, textLeft, textTop, maxWidth, placed);
            var tooSmall = lines.Any(l => l.Size * (scale - 0.05) < MinimumTextPoints);
            if ((Math.Max(right, markingRight) <= maxWidth && !shrunk) || tooSmall)
            {
                var width = Math.Max(right, markingRight);
                var height = Math.Max(barcodeHeight, bottom);
                return new IndiciumBlock(Math.Ceiling(width * 64) / 64, Math.Ceiling(height * 64) / 64, barcode, matrix, module, placed);
            }
        }
    }

    /// <summary>Lines placed in columns from (<paramref name="left"/>, <paramref name="top"/>) down to the wide design's height; returns their right edge and bottom.</summary>
    private static (double Right, double Bottom, bool Shrunk) Flow(List<Line> lines, double scale, double left, double top, double maxWidth, List<IndiciumTextLine> placed)
    {
        var shrunk = false;
        var index = 0;
        var right = left;
        var bottom = top;
        while (index < lines.Count)
        {
            var y = top;
            var columnWidth = 0.0;
            var start = placed.Count;
            while (index < lines.Count)
            {
                var line = lines[index] with { Size = Math.Floor(lines[index].Size * scale * 4) / 4 };
                var width = Math.Max(0.01, maxWidth - left);
                var (fitted, measured) = Fit(line, width);
                var next = y + fitted * 1.15 * Pt;
                if (next > WideMaxHeightInches && placed.Count > start) break;
                shrunk |= fitted < line.Size;
                using var font = TextMetrics.Font(line.Bold, (float)fitted);
                placed.Add(new IndiciumTextLine(line.Text, line.Bold, fitted, left, y + font.Metrics.CapHeight * Pt));
                columnWidth = Math.Max(columnWidth, measured);
                y = next;
                index++;
            }
            bottom = Math.Max(bottom, y);
            right = left + columnWidth;
            left = right + 2 * Gutter;
        }
        return (right, bottom, shrunk);
    }

    /// <summary>Words of <paramref name="text"/> on as few lines as fit <paramref name="width"/>; a word wider than that stands alone (the validator then finds the label too small).</summary>
    private static List<string> Wrap(string text, SkiaSharp.SKFont font, double width)
    {
        var result = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.MeasureText(candidate) * Pt > width)
            {
                result.Add(current);
                current = word;
            }
            else current = candidate;
        }
        if (current.Length > 0) result.Add(current);
        return result;
    }

    /// <summary>Stacks lines top-down in a column, shrinking any that would not fit its width. Returns the bottom.</summary>
    private static double Stack(List<Line> source, double left, double width, double top, List<IndiciumTextLine> into)
    {
        var y = top;
        foreach (var line in source)
        {
            if (string.IsNullOrWhiteSpace(line.Text)) continue;
            var (fitted, _) = Fit(line, width);
            using var font = TextMetrics.Font(line.Bold, (float)fitted);
            var baseline = y + font.Metrics.CapHeight * Pt;
            into.Add(new IndiciumTextLine(line.Text, line.Bold, fitted, left, baseline));
            // Room for descenders ("$", ",") plus leading before the next line's capitals.
            y = baseline + fitted * 0.42 * Pt;
        }
        return y;
    }

    /// <summary>The size at which <paramref name="line"/> fits <paramref name="width"/> (never larger than asked), and its width there.</summary>
    private static (double Size, double Width) Fit(Line line, double width)
    {
        using var font = TextMetrics.Font(line.Bold, (float)line.Size);
        var measured = font.MeasureText(line.Text) * Pt;
        if (measured <= width) return (line.Size, measured);
        var fitted = Math.Floor(line.Size * width / measured * 4) / 4;
        return (fitted, measured * fitted / line.Size);
    }

    private sealed record Line(string Text, bool Bold, double Size);
}
