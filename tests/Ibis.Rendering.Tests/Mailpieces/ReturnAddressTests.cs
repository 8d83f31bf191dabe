using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;
using Xunit;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>
/// The sender's return address: upper left on envelopes, flats and 4 x 6 labels, beside (never on)
/// the indicium, the FIM clear zone, the barcode clear zone, the marking and the delivery address;
/// refused on sheet labels and the non-address side (P050 4.4, 4.8, 4.9).
/// </summary>
public class ReturnAddressTests
{
    private static readonly ReturnAddressLines Sender = new(["PAT SENDER", "ACME WIDGETS LLC", "100 MAIN ST STE 200", "BETHESDA MD 20814-1234"]);

    public static TheoryData<Medium> Media => new() { Medium.Envelope6And3Quarters, Medium.Envelope9, Medium.Envelope10, Medium.Envelope6x9, Medium.Flat9x12, Medium.Label4x6 };

    private static MailpieceRequest Full(Medium medium) => Pieces.Request(medium, IndiciumVariant.Standard, seed: 5) with
    {
        PostalMarking = "FIRST-CLASS MAIL",
        Recipient = Pieces.Recipient,
        ReturnAddress = Sender,
    };

    [SkippableTheory]
    [MemberData(nameof(Media))]
    public void Prints_in_the_upper_left_clear_of_everything_else(Medium medium)
    {
        var request = Full(medium);
        Assert.Empty(LayoutValidator.Check(request, RenderFormat.Png));

        var layout = MailpieceLayout.Compute(request, RenderFormat.Png);
        var block = layout.ReturnAddressBlock!.Value;
        Assert.Equal(Sender.Lines, layout.ReturnAddressText.Select(t => t.Line.Text));
        Assert.True(block.Left >= 0.25 - 1e-9 && block.Top >= 0.25 - 1e-9, $"{block} inside the 1/4 in margins");
        Assert.True(block.Right < layout.PageWidth / 2 && block.Bottom < layout.PageHeight / 2, $"{block} in the upper left of {layout.PageWidth} x {layout.PageHeight}");
        Assert.False(block.IntersectsWith(layout.Indicia[0].Box));
        Assert.True(block.Bottom <= layout.AddressBlock!.Value.Top, "above the delivery address");

        // The pixels: ink in the block's rectangle that is not there without a return address.
        const int dpi = 300;
        var with = new PieceMeasurement(GrayImage.Decode(MailpieceRenderer.Render(request, RenderFormat.Png, dpi)), dpi);
        var without = new PieceMeasurement(GrayImage.Decode(MailpieceRenderer.Render(request with { ReturnAddress = null }, RenderFormat.Png, dpi)), dpi);
        var (x0, y0, x1, y1) = (with.Px(block.Left), with.Px(block.Top), with.Px(block.Right) + 1, with.Px(block.Bottom) + 1);
        Assert.True(with.Image.CountDark(x0, y0, x1, y1) > 500, "the return address is drawn");
        Assert.Equal(0, without.Image.CountDark(x0, y0, x1, y1));
        // Nothing else moved: outside the block both images are the same amount of ink.
        Assert.Equal(without.Image.CountDark(0, 0, without.Image.Width, without.Image.Height),
            with.Image.CountDark(0, 0, with.Image.Width, with.Image.Height) - with.Image.CountDark(x0, y0, x1, y1));
    }

    [Fact]
    public void Every_medium_accepts_the_longest_return_address_in_vector_output()
    {
        var longest = new ReturnAddressLines([new string('W', 40), new string('M', 40), new string('W', 40), new string('M', 40), new string('W', 40), "WASHINGTON DC 20260-4000"]);
        foreach (var medium in Media)
            Assert.Empty(LayoutValidator.Check(Full(medium) with { ReturnAddress = longest, Ad = new AdArt("MAILER'S MESSAGE\nSHOP LOCAL") }));
    }

    public static TheoryData<string, Func<MailpieceLayout, InchRect>, string> Overlaps => new()
    {
        { "on the indicium", l => l.Indicia[0].Box, "overlaps the indicium" },
        { "in the FIM clear zone", l => l.FimClearZone!.Value, "FIM clear zone" },
        { "in the barcode clear zone", l => l.BarcodeClearZone!.Value, "OCR (barcode) clear zone" },
        { "on the delivery address", l => l.AddressBlock!.Value, "above the delivery address" },
        { "on the postal marking", l => l.Marking!.Bounds, "postal marking" },
    };

    [Theory]
    [MemberData(nameof(Overlaps))]
    public void The_validator_refuses_a_block_that_overlaps(string where, Func<MailpieceLayout, InchRect> target, string message)
    {
        var layout = MailpieceLayout.Compute(Full(Medium.Envelope10), RenderFormat.Pdf);
        var zone = target(layout);
        var moved = layout with { ReturnAddressBlock = new InchRect(zone.Left + zone.Width / 4, zone.Top + zone.Height / 4, 0.5, 0.1) };
        var broken = LayoutValidator.CheckLayout(moved);
        Assert.Contains(broken, r => r.Field == "return_address" && r.Section == "P050 4.4" && r.Message.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain(LayoutValidator.CheckLayout(layout), r => r.Field == "return_address");
        Assert.NotEmpty(where);
    }

    [Theory]
    [InlineData(Medium.SheetLabel, IndiciumVariant.Standard, "P050 4.4")]
    [InlineData(Medium.Envelope10, IndiciumVariant.Redate, "P050 4.8")]
    [InlineData(Medium.Envelope9, IndiciumVariant.PostageCorrection, "P050 4.9")]
    public void No_return_address_on_a_sheet_label_or_the_non_address_side(Medium medium, IndiciumVariant variant, string section)
    {
        var broken = LayoutValidator.Check(Pieces.Request(medium, variant) with { ReturnAddress = Sender });
        Assert.Contains(broken, r => r.Field == "return_address" && r.Section == section);
    }
}
