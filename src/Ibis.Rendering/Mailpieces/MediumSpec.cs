using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Mailpieces;

/// <summary>How a medium is handled by mail processing, which decides the FIM and the read zones.</summary>
public enum PieceShape
{
    /// <summary>Letter-size piece (DMM 201: at most 11½ × 6⅛ in): FIM, OCR read area, barcode clear zone.</summary>
    Letter,

    /// <summary>Flat-size piece: FIM D still applies (P050 4.12).</summary>
    Flat,

    /// <summary>An adhesive label (P050 4.3): applied to a piece by the mailer, so it carries no FIM.</summary>
    Label,
}

/// <summary>
/// Physical description of a medium, in inches, landscape as the piece travels through mail
/// processing (address side up, long edge horizontal for envelopes).
/// </summary>
/// <param name="Medium">The medium.</param>
/// <param name="Name">Name used in file names and manifests, e.g. "envelope-10".</param>
/// <param name="Description">Human description, e.g. "#10 envelope".</param>
/// <param name="WidthInches">Width of one piece.</param>
/// <param name="HeightInches">Height of one piece.</param>
/// <param name="Shape">Letter, flat or label.</param>
/// <param name="FlapDepthInches">Depth of the flap on the non-address side, measured from the top
/// edge; P050 4.9 keeps postage-correction indicia off it. Zero for labels.</param>
public sealed record MediumSpec(
    Medium Medium,
    string Name,
    string Description,
    double WidthInches,
    double HeightInches,
    PieceShape Shape,
    double FlapDepthInches)
{
    /// <summary>US Letter sheet carrying <see cref="Medium.SheetLabel"/> labels: 8.5 × 11 in.</summary>
    public const double SheetWidthInches = 8.5, SheetHeightInches = 11;

    /// <summary>Avery 5160 layout: 3 columns × 10 rows = 30 labels.</summary>
    public const int SheetColumns = 3, SheetRows = 10, SheetLabels = SheetColumns * SheetRows;

    /// <summary>Avery 5160 layout: left margin 3/16 in, top margin 1/2 in, column pitch 2¾ in (⅛ in gutter), row pitch 1 in.</summary>
    public const double SheetLeftInches = 0.1875, SheetTopInches = 0.5, SheetColumnPitchInches = 2.75, SheetRowPitchInches = 1.0;

    private static readonly MediumSpec[] All =
    [
        // Envelope sizes: standard commercial dimensions. Flap depths are typical commercial flaps,
        // rounded up so a correction indicium clears the flap on common stock.
        new(Medium.Envelope6And3Quarters, "envelope-6-3-4", "#6 3/4 envelope", 6.5, 3.625, PieceShape.Letter, 1.375),
        new(Medium.Envelope9, "envelope-9", "#9 envelope", 8.875, 3.875, PieceShape.Letter, 1.5),
        new(Medium.Envelope10, "envelope-10", "#10 envelope", 9.5, 4.125, PieceShape.Letter, 1.625),
        new(Medium.Envelope6x9, "envelope-6x9", "6 x 9 in booklet envelope", 9, 6, PieceShape.Letter, 1.75),
        new(Medium.Flat9x12, "flat-9x12", "9 x 12 in flat envelope", 12, 9, PieceShape.Flat, 2.0),
        new(Medium.Label4x6, "label-4x6", "4 x 6 in label", 4, 6, PieceShape.Label, 0),
        new(Medium.SheetLabel, "sheet-label-2-5-8x1", "2 5/8 x 1 in sheet label (30 per US Letter sheet)", 2.625, 1, PieceShape.Label, 0),
    ];

    /// <summary>Every medium, in declaration order.</summary>
    public static IReadOnlyList<MediumSpec> Every => All;

    /// <summary>The description of <paramref name="medium"/>.</summary>
    public static MediumSpec Of(Medium medium) =>
        All.FirstOrDefault(s => s.Medium == medium) ?? throw new ArgumentOutOfRangeException(nameof(medium), medium, null);

    /// <summary>The medium whose <see cref="Name"/> is <paramref name="name"/> ("envelope-10"), or null.</summary>
    public static MediumSpec? FindByName(string? name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for envelopes and flats (address side printed), false for labels.</summary>
    public bool IsMailpiece => Shape != PieceShape.Label;

    /// <summary>Width of the output page: the piece, or the US Letter sheet for sheet labels.</summary>
    public double PageWidthInches => Medium == Medium.SheetLabel ? SheetWidthInches : WidthInches;

    /// <summary>Height of the output page: the piece, or the US Letter sheet for sheet labels.</summary>
    public double PageHeightInches => Medium == Medium.SheetLabel ? SheetHeightInches : HeightInches;

    /// <summary>The FIM a piece of this medium normally bears (P050 4.12, 4.8, 4.9): D on a standard
    /// indicium on a letter or flat; none on labels, REDATE and postage-correction indicia.</summary>
    public FimKind DefaultFim(IndiciumVariant variant) =>
        IsMailpiece && variant == IndiciumVariant.Standard ? FimKind.D : FimKind.None;

    /// <summary>Top-left corner of sheet label <paramref name="position"/> (1–30) on the sheet.</summary>
    public static (double LeftInches, double TopInches) SheetLabelOrigin(int position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, SheetLabels);
        var index = position - 1;
        return (SheetLeftInches + index % SheetColumns * SheetColumnPitchInches, SheetTopInches + index / SheetColumns * SheetRowPitchInches);
    }
}
