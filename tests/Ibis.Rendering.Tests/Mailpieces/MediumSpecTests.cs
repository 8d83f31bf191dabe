using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;
using Xunit;

namespace Ibis.Rendering.Tests.Mailpieces;

public class MediumSpecTests
{
    [Theory]
    [InlineData(1, 0.1875, 0.5)]
    [InlineData(3, 5.6875, 0.5)]
    [InlineData(4, 0.1875, 1.5)]
    [InlineData(30, 5.6875, 9.5)]
    public void Sheet_positions_follow_the_30_label_Avery_5160_layout(int position, double left, double top)
    {
        var (x, y) = MediumSpec.SheetLabelOrigin(position);
        Assert.Equal(left, x, 6);
        Assert.Equal(top, y, 6);
        // Every label is on the US Letter sheet.
        Assert.True(x + 2.625 <= 8.5 && y + 1 <= 11);
    }

    [Fact]
    public void Sheet_position_outside_1_to_30_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MediumSpec.SheetLabelOrigin(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MediumSpec.SheetLabelOrigin(31));
    }

    [Theory]
    [InlineData(Medium.Envelope10, IndiciumVariant.Standard, FimKind.D)]
    [InlineData(Medium.Flat9x12, IndiciumVariant.Standard, FimKind.D)]
    [InlineData(Medium.Envelope10, IndiciumVariant.Redate, FimKind.None)]
    [InlineData(Medium.Envelope9, IndiciumVariant.PostageCorrection, FimKind.None)]
    [InlineData(Medium.Label4x6, IndiciumVariant.Standard, FimKind.None)]
    [InlineData(Medium.SheetLabel, IndiciumVariant.Standard, FimKind.None)]
    public void Default_FIM_follows_P050_4_8_4_9_and_4_12(Medium medium, IndiciumVariant variant, FimKind fim) =>
        Assert.Equal(fim, MediumSpec.Of(medium).DefaultFim(variant));

    [Fact]
    public void Every_medium_has_a_unique_name_found_again_by_name()
    {
        Assert.Equal(Enum.GetValues<Medium>().Length, MediumSpec.Every.Count);
        foreach (var spec in MediumSpec.Every)
            Assert.Same(spec, MediumSpec.FindByName(spec.Name.ToUpperInvariant()));
        Assert.Null(MediumSpec.FindByName("envelope-11"));
        // Letters may be at most 6 1/8 in high (DMM 201); the 6 x 9 booklet envelope still is one.
        Assert.All(MediumSpec.Every.Where(s => s.Shape == PieceShape.Letter), s => Assert.True(s.HeightInches <= 6.125));
    }
}
