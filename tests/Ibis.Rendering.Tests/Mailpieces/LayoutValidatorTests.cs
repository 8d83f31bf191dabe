using Ibis.Barcodes;
using Ibis.Domain;
using Ibis.Rendering.Mailpieces;
using Xunit;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>Refusals of the layout validator, one row per rule of P050 4, each naming the section it enforces.</summary>
public class LayoutValidatorTests
{
    private static MailpieceRequest Envelope() => Pieces.Request(Medium.Envelope10, IndiciumVariant.Standard);

    public static TheoryData<string, Func<MailpieceRequest>, string, string> Refusals => new()
    {
        { "unregistered design", () => Envelope() with { DesignId = "acme-fancy-v9" }, "P050 4.1", "not a registered indicium design" },
        { "envelope without FIM", () => Envelope() with { Fim = FimKind.None }, "P050 4.12", "must bear FIM D" },
        { "FIM on a label", () => Pieces.Request(Medium.Label4x6, IndiciumVariant.Standard) with { Fim = FimKind.D }, "P050 4.12", "not a letter or a flat" },
        { "REDATE with a barcode", () => Pieces.Request(Medium.Envelope10, IndiciumVariant.Redate) with { Indicia = [Pieces.Content()] }, "P050 4.8", "two-dimensional barcode" },
        { "REDATE with the FIM", () => Pieces.Request(Medium.Envelope10, IndiciumVariant.Redate) with { Fim = FimKind.D }, "P050 4.8", "must not bear the FIM" },
        { "correction with the FIM", () => Pieces.Request(Medium.Envelope9, IndiciumVariant.PostageCorrection) with { Fim = FimKind.D }, "P050 4.9", "must not bear the FIM" },
        { "correction with an address", () => Pieces.Request(Medium.Envelope9, IndiciumVariant.PostageCorrection) with { Recipient = Pieces.Recipient }, "P050 4.9", "non-address side" },
        { "standard without a barcode", () => Envelope() with { Indicia = [Pieces.Content() with { Barcode = null }] }, "P050 4.5", "two-dimensional barcode" },
        { "two indicia on one envelope", () => Envelope() with { Indicia = [Pieces.Content(1), Pieces.Content(2)] }, "P050 4.5", "one indicium" },
        { "ad art without the mailer", () => Envelope() with { Ad = new AdArt("BUY MORE WIDGETS") }, "P050 4.10", "Mailer's Message" },
        { "marking in lower case", () => Envelope() with { PostalMarking = "First-Class Mail" }, "P050 4.11", "capital letters" },
        { "marking for a whole sheet", () => Pieces.Request(Medium.SheetLabel, IndiciumVariant.Standard) with { PostalMarking = "FIRST-CLASS MAIL" }, "P050 4.11", "its own class marking" },
        { "sheet label without a class marking", () => Pieces.Request(Medium.SheetLabel, IndiciumVariant.Standard) with { Indicia = [Pieces.Content(1), Pieces.Content(2) with { ClassMarking = null }] }, "P050 4.11", "no exceptions" },
        { "sheet label marking in lower case", () => Pieces.Request(Medium.SheetLabel, IndiciumVariant.Standard) with { Indicia = [Pieces.Content() with { ClassMarking = "Priority Mail" }] }, "P050 4.11", "capital letters" },
        { "sheet label marking too wide to stand", () => Pieces.Request(Medium.SheetLabel, IndiciumVariant.Standard) with { Indicia = [Pieces.Content() with { ClassMarking = "FIRST-CLASS-MAIL-PRESORTED" }] }, "P050 4.3", "medium too small" },
        { "sheet position off the sheet", () => Pieces.Request(Medium.SheetLabel, IndiciumVariant.Standard) with { SheetPosition = 30, Indicia = [Pieces.Content(1), Pieces.Content(2)] }, "P050 4.3", "30-label sheet" },
        { "sheet position on an envelope", () => Envelope() with { SheetPosition = 3 }, "P050 4.3", "sheet labels only" },
        { "envelope design on a sheet label", () => Pieces.Request(Medium.SheetLabel, IndiciumVariant.Standard) with { DesignId = "ibis-standard-v1" }, "P050 4.3", "medium too small" },
        { "label design reaching into the FIM clear zone", () => Envelope() with { DesignId = "ibis-label-v1" }, "P050 4.4", "FIM clear zone" },
        { "symbol too wide for the FIM gap", () => Envelope() with { Indicia = [Pieces.Content() with { Barcode = TestMatrices.FakeDataMatrix(120, 120) }] }, "P050 4.4", "FIM clear zone" },
        { "symbol too big for a 4x6 label", () => Pieces.Request(Medium.Label4x6, IndiciumVariant.Standard) with { Indicia = [Pieces.Content() with { Barcode = TestMatrices.FakeDataMatrix(288, 288) }] }, "P050 4.4", "medium too small" },
        { "correction too tall to clear the flap", () => Pieces.Request(Medium.Envelope6And3Quarters, IndiciumVariant.PostageCorrection) with { Indicia = [Pieces.Content() with { Barcode = TestMatrices.FakeDataMatrix(80, 80) }] }, "P050 4.9", "flap" },
        { "unreadable IMb", () => Envelope() with { Recipient = Pieces.Recipient with { ImbTrackingCode = "0027012345" } }, "P050 4.2", "Intelligent Mail barcode" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_a_piece_that_breaks_the_rule(string name, Func<MailpieceRequest> request, string section, string words)
    {
        var broken = LayoutValidator.Check(request());
        Assert.True(broken.Count > 0, $"{name}: accepted");
        Assert.Contains(broken, r => r.Section == section && r.Message.Contains(words, StringComparison.Ordinal));
        Assert.All(broken, r => Assert.Equal("layout_violation", r.Code));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Renderer_prints_nothing_and_throws_the_business_rule(string name, Func<MailpieceRequest> request, string section, string words)
    {
        _ = words;
        var e = Assert.Throws<BusinessRuleViolationException>(() => MailpieceRenderer.Render(request(), Ibis.Rendering.RenderFormat.Png));
        Assert.Equal("layout_violation", e.Code);
        var rule = Assert.IsType<LayoutRule>(e.Rule);
        Assert.StartsWith("P050 4.", rule.Section);
        Assert.True(rule.Message.StartsWith(rule.Section + ": ", StringComparison.Ordinal), name);
        _ = section;
    }

    public static IEnumerable<object[]> Cases => Pieces.EveryMediumAndVariant();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accepts_every_medium_and_variant_with_its_usual_FIM(Medium medium, IndiciumVariant variant) =>
        Assert.Empty(LayoutValidator.Check(Pieces.Request(medium, variant)));

    [Theory]
    [InlineData(Medium.Envelope6And3Quarters)]
    [InlineData(Medium.Envelope9)]
    [InlineData(Medium.Envelope10)]
    [InlineData(Medium.Envelope6x9)]
    [InlineData(Medium.Flat9x12)]
    [InlineData(Medium.Label4x6)]
    public void Accepts_ad_marking_and_address_where_there_is_room(Medium medium) =>
        Assert.Empty(LayoutValidator.Check(Pieces.Request(medium, IndiciumVariant.Standard) with
        {
            Ad = new AdArt("ACME WIDGETS\nSHOP LOCAL", MailerName: "ACME WIDGETS"),
            PostalMarking = "FIRST-CLASS MAIL",
            Recipient = Pieces.Recipient,
        }));

    [Fact]
    public void Preflight_checks_a_piece_before_its_barcode_exists()
    {
        var unissued = Envelope() with { Indicia = [Pieces.Content() with { Barcode = null }] };
        Assert.Empty(LayoutValidator.Preflight(unissued));
        // The same piece on a medium too small is refused before any postage is spent.
        var tooBig = Pieces.Request(Medium.Label4x6, IndiciumVariant.Standard) with { Indicia = [Pieces.Content() with { Barcode = null }] };
        Assert.Contains(LayoutValidator.Preflight(tooBig, symbolModules: 288), r => r.Message.Contains("medium too small", StringComparison.Ordinal));
    }

    [Fact]
    public void Standard_Mail_may_omit_the_day_and_REDATE_replaces_the_postage()
    {
        // P050 4.6: month and year only; P050 4.8: REDATE instead of the postage amount.
        var content = Pieces.Content(variant: IndiciumVariant.Redate) with { ShowDay = false };
        var layout = MailpieceLayout.Compute(MailpieceRequest.For(content, Medium.Envelope10, IndiciumVariant.Redate), Ibis.Rendering.RenderFormat.Pdf);
        var texts = layout.Indicia[0].Text.Select(t => t.Text).ToList();
        Assert.Contains("NOV 2026", texts);
        Assert.Contains("REDATE", texts);
        Assert.DoesNotContain("$0.740", texts);
        Assert.Null(layout.Indicia[0].Barcode);
    }

    [Fact]
    public void Post_office_line_has_the_P050_4_5_alternatives()
    {
        Assert.Equal(["BETHESDA MD 20814"], PostOfficeLine.Licensing("Bethesda", "md", "20814").PrintedLines);
        Assert.Equal(["FRIENDSHIP DC", "WASHINGTON DC 20016"], PostOfficeLine.Licensing("Washington", "DC", "20016", "Friendship").PrintedLines);
        Assert.Equal(["MAILED FROM ZIP CODE 20260"], PostOfficeLine.MailedFromZip("20260").PrintedLines);
        Assert.Throws<ArgumentException>(() => PostOfficeLine.MailedFromZip("2026"));
    }
}
