using System.Globalization;
using System.Net;
using System.Text;

namespace Ibis.Server.Oversight;

/// <summary>
/// The dashboard's chart, drawn on the server as inline SVG (no script): one stacked bar per period — duplicates,
/// invalid and late pieces — with a labelled axis and a legend. It is an image with a title and a description for
/// screen readers; the page shows the same figures as a table beside it, which is the accessible alternative.
/// </summary>
public static class RevenueChart
{
    private const int Width = 720, Height = 240, Left = 48, Right = 12, Top = 16, Bottom = 40;

    /// <summary>The series' colours, distinguishable in the common colour-vision deficiencies (Okabe–Ito).</summary>
    public static readonly (string Name, string Colour, Func<ScanFigures, long> Value)[] Series =
    [
        ("Duplicates", "#D55E00", f => f.Duplicates),
        ("Invalid", "#0072B2", f => f.Invalid),
        ("Late", "#E69F00", f => f.Late),
    ];

    public static string Svg(IReadOnlyList<RevenuePeriodView> periods, string id)
    {
        var max = Math.Max(1, periods.Count == 0 ? 0 : periods.Max(p => p.Figures.Flagged));
        var scale = NiceCeiling(max);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var slot = periods.Count == 0 ? plotW : (double)plotW / periods.Count;
        var bar = Math.Max(1, slot * 0.7);
        var total = periods.Sum(p => p.Figures.Flagged);
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">"));
        sb.Append(Inv($"<title id=\"{id}-title\">Flagged pieces per period</title>"));
        var first = periods.Count > 0 ? periods[0].Period : "";
        var last = periods.Count > 0 ? periods[^1].Period : "";
        sb.Append(Inv($"<desc id=\"{id}-desc\">Stacked bars of duplicates, invalid and late pieces for {periods.Count} periods from {Esc(first)} to {Esc(last)}; {total} flagged in all, at most {max} in one period. The table that follows gives every figure.</desc>"));
        // Axis and gridlines at 0, ½ and the top of the scale.
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Top + plotH - fraction * plotH;
            sb.Append(Inv($"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#ccc\" />"));
            sb.Append(Inv($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{scale * fraction:0.#}</text>"));
        }
        for (var i = 0; i < periods.Count; i++)
        {
            var x = Left + i * slot + (slot - bar) / 2;
            var y = (double)(Top + plotH);
            foreach (var (name, colour, value) in Series)
            {
                var v = value(periods[i].Figures);
                if (v == 0) continue;
                var h = v / scale * plotH;
                y -= h;
                sb.Append(Inv($"<rect class=\"bar bar-{name.ToLowerInvariant()}\" data-period=\"{Esc(periods[i].Period)}\" data-value=\"{v}\" x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{bar:0.##}\" height=\"{h:0.##}\" fill=\"{colour}\"><title>{Esc(periods[i].Period)}: {v} {name.ToLowerInvariant()}</title></rect>"));
            }
        }
        // Period labels: the first, the last and a few between, so they never overlap.
        var every = Math.Max(1, (int)Math.Ceiling(periods.Count / 8.0));
        for (var i = 0; i < periods.Count; i += every)
            sb.Append(Inv($"<text x=\"{Left + i * slot + slot / 2:0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\" font-size=\"11\">{Esc(periods[i].Period)}</text>"));
        var lx = Left;
        foreach (var (name, colour, _) in Series)
        {
            sb.Append(Inv($"<rect x=\"{lx}\" y=\"{Height - 14}\" width=\"10\" height=\"10\" fill=\"{colour}\" /><text x=\"{lx + 14}\" y=\"{Height - 5}\" font-size=\"11\">{name}</text>"));
            lx += 100;
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>1, 2, 5 × 10ⁿ at or above <paramref name="max"/>, so the scale reads in round numbers.</summary>
    private static double NiceCeiling(long max)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (step * magnitude >= max) return step * magnitude;
        return 10 * magnitude;
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
