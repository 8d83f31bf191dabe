namespace Ibis.Rendering.Mailpieces;

/// <summary>How a design arranges the human-readable block around the barcode.</summary>
public enum DesignArrangement
{
    /// <summary>Barcode top left, a text column beside it, the post office and rate category below:
    /// 1 7/16 in wide, fits between the FIM clear zone and the ¼ in right margin of an envelope.</summary>
    Stacked,

    /// <summary>Barcode left, text flowing in columns to its right, at most ⅞ in tall: fits a 2⅝ × 1 in label.</summary>
    Wide,
}

/// <summary>An indicium design: a named layout variant (P050 4.1 "types, sizes, and styles").</summary>
/// <param name="Id">Stable identifier, e.g. "ibis-standard-v1"; the provider registers it with the Postal Service.</param>
/// <param name="Arrangement">How the block is arranged.</param>
/// <param name="Description">What it looks like, for the registry and the docs.</param>
public sealed record IndiciumDesign(string Id, DesignArrangement Arrangement, string Description);

/// <summary>
/// The designs this renderer can produce. P050 4.1: indicia designs must be those the provider
/// specified when the product was approved, so the renderer draws only these and refuses any other
/// id. Which of them a given provider has registered is the server's registry; this list is the
/// upper bound of what can be printed at all.
/// </summary>
public static class IndiciumDesigns
{
    /// <summary>The envelope and 4 × 6 label design.</summary>
    public static readonly IndiciumDesign Standard = new("ibis-standard-v1", DesignArrangement.Stacked,
        "Data Matrix top left, postage column beside it, post office and rate category below; 1 7/16 in wide");

    /// <summary>The sheet-label design.</summary>
    public static readonly IndiciumDesign Label = new("ibis-label-v1", DesignArrangement.Wide,
        "Data Matrix left, text in columns to its right; at most 7/8 in tall for 2 5/8 x 1 in labels");

    /// <summary>Every design the renderer knows.</summary>
    public static IReadOnlyList<IndiciumDesign> All { get; } = [Standard, Label];

    /// <summary>The design with <paramref name="id"/>, or null when it is not one of <see cref="All"/>.</summary>
    public static IndiciumDesign? Find(string? id) => All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.Ordinal));

    /// <summary>The design used when a request names none.</summary>
    public static IndiciumDesign DefaultFor(Medium medium) => medium == Medium.SheetLabel ? Label : Standard;
}
