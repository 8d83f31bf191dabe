using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// PDF417 encoder (ISO/IEC 15438; the "Uniform Symbology Specification PDF417" named by P050 4.2):
/// bytes in, a module matrix out. Macro PDF417 and ECI are not produced.
/// </summary>
public static class Pdf417Encoder
{
    /// <summary>Most codewords in one symbol, check codewords included.</summary>
    public const int MaxCodewords = 928;

    /// <summary>
    /// Encodes <paramref name="data"/> as a PDF417 symbol: start pattern, left row indicator, data
    /// columns, right row indicator and stop pattern on every row, each module one unit wide and each row
    /// <see cref="Pdf417Options.RowHeight"/> units tall. The matrix holds no quiet zone; give it at least
    /// 2 modules when rendering.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    /// <exception cref="ArgumentException">The data does not fit the requested symbol or any PDF417 symbol.</exception>
    public static BitMatrix Encode(ReadOnlySpan<byte> data, Pdf417Options? options = null)
    {
        Span<int> codewords = stackalloc int[MaxCodewords];
        var layout = EncodeCodewords(data, options ?? Pdf417Options.Default, codewords);
        return Draw(codewords[..(layout.Rows * layout.Columns)], layout, (options ?? Pdf417Options.Default).RowHeight);
    }

    /// <summary>Rows, data columns and error-correction level of a symbol.</summary>
    internal readonly record struct Layout(int Rows, int Columns, int Level);

    /// <summary>All codewords of the symbol (length descriptor, data, padding, check codewords) in row order.</summary>
    internal static Layout EncodeCodewords(ReadOnlySpan<byte> data, Pdf417Options options, Span<int> codewords)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ErrorCorrectionLevel is { } lvl && (uint)lvl > 8)
            throw new ArgumentOutOfRangeException(nameof(options), "ErrorCorrectionLevel must be 0–8.");
        if (options.Columns is { } col && col is < 1 or > 30)
            throw new ArgumentOutOfRangeException(nameof(options), "Columns must be 1–30.");
        if (options.Rows is { } row && row is < 3 or > 90)
            throw new ArgumentOutOfRangeException(nameof(options), "Rows must be 3–90.");
        if (!(options.AspectRatio > 0 && double.IsFinite(options.AspectRatio)))
            throw new ArgumentOutOfRangeException(nameof(options), "AspectRatio must be positive.");
        if (options.RowHeight is < 1 or > 10)
            throw new ArgumentOutOfRangeException(nameof(options), "RowHeight must be 1–10.");

        var count = HighLevelEncoder.Encode(data, codewords[1..(MaxCodewords - 2)]);
        if (count < 0) throw new ArgumentException($"{data.Length} bytes do not fit in a PDF417 symbol.", nameof(data));
        var dataCodewords = count + 1;

        var level = options.ErrorCorrectionLevel ?? RecommendedLevel(dataCodewords);
        if (options.ErrorCorrectionLevel is null)
        {
            while (level > 0 && dataCodewords + ReedSolomon929.CheckCodewords(level) > MaxCodewords) level--;
        }
        var check = ReedSolomon929.CheckCodewords(level);
        if (dataCodewords + check > MaxCodewords)
            throw new ArgumentException($"{dataCodewords} data codewords and {check} check codewords exceed {MaxCodewords}.", nameof(data));

        var (rows, columns) = ChooseSize(dataCodewords + check, options);
        var total = rows * columns;
        codewords[dataCodewords..(total - check)].Fill(HighLevelEncoder.Pad);
        codewords[0] = total - check; // symbol length descriptor counts itself, data and padding
        ReedSolomon929.Encode(codewords[..(total - check)], codewords[(total - check)..total]);
        return new Layout(rows, columns, level);
    }

    /// <summary>ISO/IEC 15438:2015 Annex E, Table E.1: recommended level by number of data codewords.</summary>
    internal static int RecommendedLevel(int dataCodewords) => dataCodewords switch
    {
        <= 40 => 2,
        <= 160 => 3,
        <= 320 => 4,
        <= 863 => 5,
        _ => 6,
    };

    private static (int Rows, int Columns) ChooseSize(int needed, Pdf417Options options)
    {
        int minColumns = options.Columns ?? 1, maxColumns = options.Columns ?? 30;
        var best = (Rows: 0, Columns: 0);
        var bestScore = double.MaxValue;
        var bestTotal = int.MaxValue;
        var target = Math.Log(options.AspectRatio);
        for (var c = minColumns; c <= maxColumns; c++)
        {
            var r = options.Rows ?? Math.Max(3, (needed + c - 1) / c);
            if (r > 90 || r * c < needed || r * c > MaxCodewords) continue;
            var ratio = (17.0 * c + 69) / (r * options.RowHeight);
            var score = Math.Abs(Math.Log(ratio) - target);
            if (score < bestScore - 1e-9 || (Math.Abs(score - bestScore) <= 1e-9 && r * c < bestTotal))
            {
                best = (r, c);
                bestScore = score;
                bestTotal = r * c;
            }
        }
        if (best.Rows == 0)
            throw new ArgumentException($"{needed} codewords do not fit the requested rows and columns.", nameof(options));
        return best;
    }

    private static BitMatrix Draw(ReadOnlySpan<int> codewords, Layout layout, int rowHeight)
    {
        var (rows, columns, level) = layout;
        var width = 17 * columns + 69;
        var matrix = new BitMatrix(width, rows * rowHeight);
        Span<bool> line = stackalloc bool[width];
        for (var y = 0; y < rows; y++)
        {
            var cluster = y % 3;
            var rowGroup = y / 3 * 30;
            // Row indicators (§5.3.1): they carry rows, columns and level, spread over the three clusters.
            int left, right;
            switch (cluster)
            {
                case 0:
                    left = rowGroup + (rows - 1) / 3;
                    right = rowGroup + columns - 1;
                    break;
                case 1:
                    left = rowGroup + level * 3 + (rows - 1) % 3;
                    right = rowGroup + (rows - 1) / 3;
                    break;
                default:
                    left = rowGroup + columns - 1;
                    right = rowGroup + level * 3 + (rows - 1) % 3;
                    break;
            }

            var x = Put(line, 0, CodewordPatterns.StartPattern, 17);
            x = Put(line, x, CodewordPatterns.Pattern(cluster, left), 17);
            foreach (var cw in codewords.Slice(y * columns, columns)) x = Put(line, x, CodewordPatterns.Pattern(cluster, cw), 17);
            x = Put(line, x, CodewordPatterns.Pattern(cluster, right), 17);
            Put(line, x, CodewordPatterns.StopPattern, 18);

            var top = y * rowHeight;
            matrix.SetRow(top, line);
            for (var h = 1; h < rowHeight; h++) matrix.CopyRow(top, top + h);
        }
        return matrix;
    }

    /// <summary>Eight modules per entry: byte j of entry b is bit 7 − j of b (1 = bar), as eight bools.</summary>
    private static readonly ulong[] ExpandedBytes = BuildExpandedBytes();

    private static ulong[] BuildExpandedBytes()
    {
        var table = new ulong[256];
        for (var b = 0; b < 256; b++)
            for (var j = 0; j < 8; j++)
                table[b] |= (ulong)((b >> (7 - j)) & 1) << (8 * j);
        return table;
    }

    private static int Put(Span<bool> line, int x, int pattern, int modules)
    {
        var target = line.Slice(x, modules);
        var bytes = MemoryMarshal.AsBytes(target);
        var i = 0;
        // Whole bytes of the pattern, most significant first, eight modules per store.
        for (; i + 8 <= modules; i += 8)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[i..], ExpandedBytes[(pattern >> (modules - 8 - i)) & 0xFF]);
        for (; i < modules; i++) target[i] = ((pattern >> (modules - 1 - i)) & 1) != 0;
        return x + modules;
    }
}
