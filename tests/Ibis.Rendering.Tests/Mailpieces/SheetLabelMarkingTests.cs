using Ibis.Rendering.Indicia;
using Ibis.Rendering.Mailpieces;
using Ibis.Domain.Indicia;
using Xunit;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>
/// P050 4.11 on sheet labels: "Postal markings related to the class or category of mail are required … All words
/// must be in bold capital letters at least 1/4 inch high (18-point type) … Exceptions are not made for small
/// advertising art that cannot accommodate a permissible marking." Every label of a sheet carries its own piece's
/// class marking, measured on the rendered page, and the barcode beside it still scans.
/// </summary>
public class SheetLabelMarkingTests
{
    public static TheoryData<string, bool> Markings => new()
    {
        { "FIRST-CLASS MAIL", true }, { "FIRST-CLASS MAIL", false }, { "PRIORITY MAIL", true }, { "EXPRESS MAIL", false }, { "STANDARD MAIL", true },
    };

    [SkippableTheory]
    [MemberData(nameof(Markings))]
    public void Every_label_carries_its_class_marking_in_bold_18_point_capitals_inside_the_label(string marking, bool sample)
    {
        // Two labels of different classes on one sheet: each carries its own marking.
        var indicia = new[] { Pieces.Content(31, sample: sample) with { ClassMarking = marking }, Pieces.Content(32, sample: sample) };
        var request = new MailpieceRequest { Indicia = indicia, Medium = Medium.SheetLabel, SheetPosition = 4 };
        Assert.Empty(LayoutValidator.Check(request, RenderFormat.Png));
        Assert.Empty(LayoutValidator.Preflight(request));
        var layout = MailpieceLayout.Compute(request, RenderFormat.Png);

        var png = MailpieceRenderer.Render(request, RenderFormat.Png, 300);
        var m = new PieceMeasurement(GrayImage.Decode(png), 300);
        for (var i = 0; i < 2; i++)
        {
            var placed = layout.Indicia[i];
            var lines = placed.Block.Text.Where(t => t.SizePoints >= IndiciumBlock.MarkingPoints).ToList();
            // The words of the marking, in order, never shrunk: bold capitals of 18 pt, broken only between words.
            Assert.Equal(indicia[i].ClassMarking, string.Join(' ', lines.Select(t => t.Text)));
            Assert.All(lines, t => Assert.True(t.Bold && t.Text == t.Text.ToUpperInvariant()));
            Assert.All(placed.Block.Text.Except(lines), t => Assert.True(t.SizePoints >= IndiciumBlock.MinimumTextPoints, $"{t.Text} at {t.SizePoints} pt"));

            // On the page: each marking line's ink is about 1/4 in capitals (cap height of 18 pt bold ≈ 0.18 in, 54 px at 300 dpi),
            // and everything stays inside the label with 1/32 in to spare.
            var label = placed.Label!.Value;
            foreach (var line in lines)
            {
                var baseline = m.Px(placed.Box.Top + line.Baseline);
                var left = m.Px(placed.Box.Left + line.Left);
                var rows = Enumerable.Range(baseline - 60, 62).Count(y => m.Image.CountDark(left, y, m.Px(label.Right), y + 1) > 0);
                Assert.True(rows >= 50, $"'{line.Text}' ink spans {rows} rows at 300 dpi");
            }
            var ink = m.Dark(m.Px(label.Left), m.Px(label.Top), m.Px(label.Right), m.Px(label.Bottom));
            Assert.True(m.In(ink.Left - m.Px(label.Left)) >= 1.0 / 32 - 1.0 / 300 && m.In(m.Px(label.Right) - 1 - ink.Right) >= 1.0 / 32 - 1.0 / 300,
                $"ink {ink} within 1/32 in of the label's sides");
            Assert.True(m.In(ink.Top - m.Px(label.Top)) >= 1.0 / 32 - 1.0 / 300 && m.In(m.Px(label.Bottom) - 1 - ink.Bottom) >= 1.0 / 32 - 1.0 / 300,
                $"ink {ink} within 1/32 in of the label's top and bottom");
            var symbol = m.Symbol(m.Px(label.Left), m.Px(label.Top), m.Px(label.Right), m.Px(label.Bottom));
            Assert.Equal(Pieces.Payload(31 + i), ExternalReaders.ZXingDataMatrix(png, symbol, m.Px(0.12)));
        }
    }
}
