using System.Globalization;
using System.Text;
using Ibis.Barcodes;

namespace Ibis.Cli.Barcodes;

/// <summary>A module matrix as an SVG document: one path of unit squares, merged along rows.</summary>
internal static class MatrixSvg
{
    public static byte[] Encode(BitMatrix matrix, int pixelsPerModule, int quietZoneModules)
    {
        var width = matrix.Width + 2 * quietZoneModules;
        var height = matrix.Height + 2 * quietZoneModules;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width * pixelsPerModule}\" height=\"{height * pixelsPerModule}\" viewBox=\"0 0 {width} {height}\" shape-rendering=\"crispEdges\">\n");
        sb.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>\n<path d=\"");
        for (var y = 0; y < matrix.Height; y++)
        {
            var x = 0;
            while (x < matrix.Width)
            {
                if (!matrix[x, y])
                {
                    x++;
                    continue;
                }
                var start = x;
                while (x < matrix.Width && matrix[x, y]) x++;
                sb.Append(inv, $"M{start + quietZoneModules} {y + quietZoneModules}h{x - start}v1h-{x - start}z");
            }
        }
        sb.Append("\"/>\n</svg>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
