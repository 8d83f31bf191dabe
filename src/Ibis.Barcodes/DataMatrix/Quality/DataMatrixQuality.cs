using Ibis.Barcodes.DataMatrix.Detection;
using Ibis.Barcodes.Imaging;

namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Print quality grading of a Data Matrix symbol in the spirit of ISO/IEC 15415 (2-D matrix symbols):
/// decode, symbol contrast, modulation, unused error correction, fixed pattern damage and axial
/// non-uniformity, each graded A–F, and the overall grade as the worst of them. Reflectance is taken
/// as the image gray level (0–255) with a synthetic aperture of about half a module at each module
/// centre, and the global threshold halfway between the lightest and darkest sample.
/// </summary>
/// <remarks>
/// Not a verifier: there is no calibrated optics (aperture size in mils, illumination angle) and no
/// grid non-uniformity, print growth or multiple-scan averaging; the numbers are for quality
/// assurance of our own printing and for triage of scanned pieces.
/// </remarks>
public static class DataMatrixQuality
{
    /// <summary>Reads and grades the symbol in <paramref name="image"/>.</summary>
    public static DataMatrixQualityReport Grade(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Grade(image.Pixels, image.Width, image.Height);
    }

    /// <summary>Reads and grades the symbol in a grayscale raster (0 = black, 255 = white); never throws on hostile pixels.</summary>
    public static DataMatrixQualityReport Grade(ReadOnlySpan<byte> gray, int width, int height)
    {
        var read = DataMatrixReader.Read(gray, width, height);
        return Grade(gray, width, height, read);
    }

    /// <summary>Grades the symbol that <paramref name="read"/> found in this raster.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold a width × height image.</exception>
    public static DataMatrixQualityReport Grade(ReadOnlySpan<byte> gray, int width, int height, DataMatrixReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!read.Success || read.Symbol is not { } s || read.Corners.Count != 4)
            return new DataMatrixQualityReport(read);
        if (width <= 0 || height <= 0 || (long)width * height > gray.Length)
            throw new ArgumentException($"The buffer of {gray.Length} bytes does not hold a {width}x{height} image.", nameof(gray));

        var corners = read.Corners;
        var h = new Homography(corners[0], corners[1], corners[2], corners[3], s.Columns, s.Rows);
        var sampler = new ModuleSampler(gray, width, height, null, h, s);

        // Module reflectances, with a one-module ring of quiet zone around the symbol.
        int cols = s.Columns, rows = s.Rows, stride = cols + 2;
        var values = new double[stride * (rows + 2)];
        double rMax = 0, rMin = 255;
        for (var r = -1; r <= rows; r++)
        {
            for (var c = -1; c <= cols; c++)
            {
                var v = sampler.Gray(c, r);
                values[(r + 1) * stride + c + 1] = v;
                if (v > rMax) rMax = v;
                if (v < rMin) rMin = v;
            }
        }
        double Value(int c, int r) => values[(r + 1) * stride + c + 1];
        var contrast = Math.Max(0, rMax - rMin);
        var gt = (rMax + rMin) / 2;
        bool Dark(int c, int r) => Value(c, r) < gt;
        double Modulation(int c, int r) => contrast <= 0 ? 0 : Math.Min(1, 2 * Math.Abs(Value(c, r) - gt) / contrast);

        // Codewords on the global threshold, their worst module modulation, and per-block errors.
        var codewords = new byte[s.TotalCodewords];
        var codewordGrade = new QualityGrade[s.TotalCodewords];
        Array.Fill(codewordGrade, QualityGrade.A);
        var minModulation = 1.0;
        var placement = s.Placement;
        for (var r = 0; r < s.MappingRows; r++)
        {
            var my = r / s.RegionRows * (s.RegionRows + 2) + 1 + r % s.RegionRows;
            for (var c = 0; c < s.MappingColumns; c++)
            {
                var p = placement[r * s.MappingColumns + c];
                if (p < 0) continue;
                var mx = c / s.RegionColumns * (s.RegionColumns + 2) + 1 + c % s.RegionColumns;
                if (Dark(mx, my)) codewords[p >> 3] |= (byte)(1 << (p & 7));
                var mod = Modulation(mx, my);
                minModulation = Math.Min(minModulation, mod);
                var g = ModulationGradeOf(mod);
                if (g < codewordGrade[p >> 3]) codewordGrade[p >> 3] = g;
            }
        }
        var errors = new int[s.Blocks];
        var data = new byte[s.DataCodewords];
        var corrected = SymbolDecoder.Correct(s, codewords, data, isoLayout: false, errors);
        if (corrected < 0 && s.DataCodewords % s.Blocks != 0)
            corrected = SymbolDecoder.Correct(s, codewords, data, isoLayout: true, errors);
        var capacity = Math.Max(1, s.EccPerBlock / 2);
        double uec;
        if (corrected < 0)
        {
            // The global threshold does not read what the local one did (uneven lighting): nothing to spare.
            uec = 0;
            Array.Fill(errors, capacity);
        }
        else
        {
            uec = 1;
            foreach (var e in errors) uec = Math.Min(uec, 1 - (double)e / capacity);
        }

        // Modulation with error correction: at each grade level, codewords graded below it count as
        // erasures against the unused error correction of their block.
        var modulationGrade = QualityGrade.F;
        Span<int> erasures = stackalloc int[s.Blocks];
        for (var level = QualityGrade.A; level >= QualityGrade.D; level--)
        {
            erasures.Clear();
            for (var i = 0; i < codewordGrade.Length; i++)
                if (codewordGrade[i] < level) erasures[i % s.Blocks]++;
            var notional = 1.0;
            for (var b = 0; b < s.Blocks; b++)
                notional = Math.Min(notional, 1 - (erasures[b] + 2.0 * errors[b]) / (2.0 * capacity));
            var g = (QualityGrade)Math.Min((int)level, (int)UecGradeOf(Math.Max(0, notional)));
            if (g > modulationGrade) modulationGrade = g;
        }

        // Fixed pattern: the L, the outer timing, the inner region borders and the quiet zone ring.
        Span<int> segment = stackalloc int[6];
        segment.Clear();
        for (var r = 0; r < rows; r++)
        {
            if (!Dark(0, r)) segment[0]++;
            if (Dark(cols - 1, r) != ((r & 1) == 1)) segment[3]++;
            if (Dark(-1, r)) segment[5]++;
            if (Dark(cols, r)) segment[5]++;
        }
        for (var c = 0; c < cols; c++)
        {
            if (!Dark(c, rows - 1)) segment[1]++;
            if (Dark(c, 0) != ((c & 1) == 0)) segment[2]++;
            if (Dark(c, -1)) segment[5]++;
            if (Dark(c, rows)) segment[5]++;
        }
        for (var ry = 1; ry < s.RegionsVertical; ry++)
        {
            var bottom = ry * (s.RegionRows + 2) - 1;
            for (var c = 0; c < cols; c++)
            {
                if (!Dark(c, bottom)) segment[4]++;
                if (Dark(c, bottom + 1) != ((c & 1) == 0)) segment[4]++;
            }
        }
        for (var rx = 1; rx < s.RegionsHorizontal; rx++)
        {
            var right = rx * (s.RegionColumns + 2) - 1;
            for (var r = 0; r < rows; r++)
            {
                if (Dark(right, r) != ((r & 1) == 1)) segment[4]++;
                if (!Dark(right + 1, r)) segment[4]++;
            }
        }
        int fixedErrors = 0, worstSegment = 0;
        foreach (var n in segment)
        {
            fixedErrors += n;
            worstSegment = Math.Max(worstSegment, n);
        }

        // Axial non-uniformity from the module pitch along the two symbol axes.
        var pitchX = (corners[0].DistanceTo(corners[1]) + corners[3].DistanceTo(corners[2])) / (2.0 * cols);
        var pitchY = (corners[0].DistanceTo(corners[3]) + corners[1].DistanceTo(corners[2])) / (2.0 * rows);
        var anu = Math.Abs(pitchX - pitchY) / ((pitchX + pitchY) / 2);

        var sc = contrast / 255.0;
        return new DataMatrixQualityReport(read)
        {
            SymbolContrast = sc,
            SymbolContrastGrade = sc >= 0.70 ? QualityGrade.A : sc >= 0.55 ? QualityGrade.B : sc >= 0.40 ? QualityGrade.C : sc >= 0.20 ? QualityGrade.D : QualityGrade.F,
            MinimumModulation = minModulation,
            ModulationGrade = modulationGrade,
            UnusedErrorCorrection = uec,
            UnusedErrorCorrectionGrade = UecGradeOf(uec),
            FixedPatternErrors = fixedErrors,
            FixedPatternDamageGrade = worstSegment switch { 0 => QualityGrade.A, 1 => QualityGrade.B, 2 => QualityGrade.C, 3 => QualityGrade.D, _ => QualityGrade.F },
            AxialNonuniformity = anu,
            AxialNonuniformityGrade = anu <= 0.06 ? QualityGrade.A : anu <= 0.08 ? QualityGrade.B : anu <= 0.10 ? QualityGrade.C : anu <= 0.12 ? QualityGrade.D : QualityGrade.F,
        };
    }

    private static QualityGrade ModulationGradeOf(double mod) =>
        mod >= 0.50 ? QualityGrade.A : mod >= 0.40 ? QualityGrade.B : mod >= 0.30 ? QualityGrade.C : mod >= 0.20 ? QualityGrade.D : QualityGrade.F;

    private static QualityGrade UecGradeOf(double uec) =>
        uec >= 0.62 ? QualityGrade.A : uec >= 0.50 ? QualityGrade.B : uec >= 0.37 ? QualityGrade.C : uec >= 0.25 ? QualityGrade.D : QualityGrade.F;
}
