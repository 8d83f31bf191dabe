namespace Ibis.Rendering.Tests;

/// <summary>
/// Reads an Intelligent Mail barcode back from pixels (USPS-B-3200): the first row crossing 65 bars
/// is the tracker band; each bar is F/A/D/T by whether it reaches above and below that band. Shared
/// with the server tests (linked into that project), which read the IMb off the served PNG.
/// </summary>
internal static class ImbReading
{
    /// <summary>The 65 bar letters, and the bars' pixel rectangle (exclusive right/bottom), found between rows <paramref name="y0"/> and <paramref name="y1"/>.</summary>
    public static (string Letters, (int Left, int Top, int Right, int Bottom) Bounds) Read(GrayImage image, int dpi, int y0, int y1, int x0 = 0, int x1 = int.MaxValue)
    {
        for (var y = y0; y < y1; y++)
        {
            var runs = image.RowRuns(y, x0, x1);
            if (runs.Count != 65) continue;
            var pitch = (runs[^1].Start - runs[0].Start) / 64.0;
            if (dpi / pitch is < 20 or > 24)                       // bars per inch
                throw new InvalidOperationException($"65 runs but {dpi / pitch:0.0} bars per inch: not an IMb");
            var tops = new int[65];
            var bottoms = new int[65];
            for (var i = 0; i < 65; i++)
            {
                var x = runs[i].Start + runs[i].Length / 2;
                var top = y;
                while (image.Dark(x, top - 1)) top--;
                var bottom = y;
                while (image.Dark(x, bottom + 1)) bottom++;
                (tops[i], bottoms[i]) = (top, bottom);
            }
            // The tracker band is where every bar is; ascenders reach above its top, descenders below its bottom.
            var trackerTop = tops.Max();
            var trackerBottom = bottoms.Min();
            var letters = new char[65];
            for (var i = 0; i < 65; i++)
            {
                var up = tops[i] < trackerTop - 2;
                var down = bottoms[i] > trackerBottom + 2;
                letters[i] = (up, down) switch { (true, true) => 'F', (true, false) => 'A', (false, true) => 'D', _ => 'T' };
            }
            return (new string(letters), (runs[0].Start, tops.Min(), runs[^1].Start + runs[^1].Length, bottoms.Max() + 1));
        }
        throw new InvalidOperationException("no row crosses 65 bars: no Intelligent Mail barcode found");
    }
}
