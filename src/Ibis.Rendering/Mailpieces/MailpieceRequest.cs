using Ibis.Barcodes;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Mailpieces;

/// <summary>The Facing Identification Mark printed on the piece (P050 4.12).</summary>
public enum FimKind
{
    /// <summary>No FIM: labels, REDATE and postage-correction indicia, pieces that are not letters or flats.</summary>
    None,

    /// <summary>FIM D, required on IBI letters and flats (P050 4.12).</summary>
    D,

    /// <summary>FIM A, for a courtesy reply envelope (P050 4.12).</summary>
    A,
}

/// <summary>What the piece is printed on. Dimensions are in <see cref="MediumSpec"/>.</summary>
public enum Medium
{
    /// <summary>#6¾ envelope, 6.5 × 3.625 in (letter).</summary>
    Envelope6And3Quarters,

    /// <summary>#9 envelope, 8.875 × 3.875 in (letter).</summary>
    Envelope9,

    /// <summary>#10 envelope, 9.5 × 4.125 in (letter).</summary>
    Envelope10,

    /// <summary>6 × 9 in booklet envelope, printed landscape 9 × 6 in (letter: height ≤ 6⅛ in).</summary>
    Envelope6x9,

    /// <summary>9 × 12 in envelope, printed landscape 12 × 9 in (flat).</summary>
    Flat9x12,

    /// <summary>4 × 6 in label (portrait).</summary>
    Label4x6,

    /// <summary>2⅝ × 1 in sheet label, 30 to a US Letter sheet (Avery 5160 style); the output is the whole sheet.</summary>
    SheetLabel,
}

/// <summary>
/// The post office line of the human-readable block (P050 4.5): the licensing post office's city,
/// state and 5-digit ZIP Code — optionally with its classified branch — or, alternatively, the words
/// "Mailed From ZIP Code" and the mailer's delivery address ZIP Code.
/// </summary>
public sealed record PostOfficeLine
{
    private PostOfficeLine(string? city, string? state, string zip5, string? classifiedBranch, bool mailedFromZip)
    {
        City = city;
        State = state;
        Zip5 = zip5;
        ClassifiedBranch = classifiedBranch;
        IsMailedFromZip = mailedFromZip;
    }

    /// <summary>City of the licensing post office, or null for "Mailed From ZIP Code".</summary>
    public string? City { get; }

    /// <summary>Two-letter state of the licensing post office, or null for "Mailed From ZIP Code".</summary>
    public string? State { get; }

    /// <summary>The 5-digit ZIP Code printed.</summary>
    public string Zip5 { get; }

    /// <summary>Local classified branch approved by the licensing office (P050 4.5), printed with the state.</summary>
    public string? ClassifiedBranch { get; }

    /// <summary>True when the line reads "MAILED FROM ZIP CODE" and the mailer's ZIP (P050 4.5).</summary>
    public bool IsMailedFromZip { get; }

    /// <summary>The licensing post office (P050 4.5), e.g. ("BETHESDA", "MD", "20814").</summary>
    public static PostOfficeLine Licensing(string city, string state, string zip5, string? classifiedBranch = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(city);
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        CheckZip(zip5);
        return new PostOfficeLine(city.Trim().ToUpperInvariant(), state.Trim().ToUpperInvariant(), zip5,
            string.IsNullOrWhiteSpace(classifiedBranch) ? null : classifiedBranch.Trim().ToUpperInvariant(), mailedFromZip: false);
    }

    /// <summary>"Mailed From ZIP Code" with the mailer's delivery address ZIP (P050 4.5 alternative).</summary>
    public static PostOfficeLine MailedFromZip(string zip5)
    {
        CheckZip(zip5);
        return new PostOfficeLine(null, null, zip5, null, mailedFromZip: true);
    }

    /// <summary>The lines as printed, top down: the branch (if any), then the office or "MAILED FROM ZIP CODE nnnnn".</summary>
    public IReadOnlyList<string> PrintedLines => IsMailedFromZip
        ? ["MAILED FROM ZIP CODE " + Zip5]
        : ClassifiedBranch is null
            ? [$"{City} {State} {Zip5}"]
            : [$"{ClassifiedBranch} {State}", $"{City} {State} {Zip5}"];

    private static void CheckZip(string zip5)
    {
        ArgumentNullException.ThrowIfNull(zip5);
        if (zip5.Length != 5 || !zip5.All(char.IsAsciiDigit))
            throw new ArgumentException($"'{zip5}' is not a 5-digit ZIP Code.", nameof(zip5));
    }
}

/// <summary>
/// The content of one indicium, already formatted by the caller (the server reads it from the signed
/// indicium and the license). P050 4.5 lists the minimum: post office, device ID, date of mailing,
/// rate category, amount of postage, and the two-dimensional barcode.
/// </summary>
/// <param name="PostOffice">The post office line (P050 4.5).</param>
/// <param name="DeviceId">The PSD's device ID as printed.</param>
/// <param name="MailingDate">Date of mailing (P050 4.6, 4.7).</param>
/// <param name="ShowDay">False prints month and year only, which P050 4.6 allows on Standard Mail alone.</param>
/// <param name="RateCategory">Rate category label, e.g. "FCM LETTER".</param>
/// <param name="PostageText">Amount of postage as printed, e.g. "$0.740"; ignored on REDATE (P050 4.8).</param>
/// <param name="Barcode">The Data Matrix symbol without quiet zone; null only on REDATE (P050 4.8).</param>
/// <param name="Sample">Sandbox indicium: SAMPLE is printed prominently (never postage on live mail).</param>
/// <param name="ClassMarking">The class marking this indicium carries itself (a sheet label: P050 4.11), e.g. "FIRST-CLASS MAIL"; on other media the piece carries it.</param>
public sealed record IndiciumContent(
    PostOfficeLine PostOffice,
    string DeviceId,
    DateOnly MailingDate,
    bool ShowDay,
    string RateCategory,
    string PostageText,
    BitMatrix? Barcode,
    bool Sample,
    string? ClassMarking = null)
{
    /// <summary>The date as printed: "NOV 23 2026", or "NOV 2026" without the day (P050 4.6).</summary>
    public string DateText => MailingDate.ToString(ShowDay ? "MMM dd yyyy" : "MMM yyyy",
        System.Globalization.CultureInfo.InvariantCulture).ToUpperInvariant();
}

/// <summary>
/// Advertising art or slogan printed with the indicium (P050 4.10), as approved by the provider.
/// </summary>
/// <param name="Text">The approved text, one or more lines separated by '\n'. It must carry the
/// mailer's name or the words "Mailer's Message" (P050 4.10).</param>
/// <param name="MailerName">The mailer's name, when the text is expected to carry it.</param>
public sealed record AdArt(string Text, string? MailerName = null)
{
    /// <summary>True when the text names the mailer or says "Mailer's Message" (P050 4.10).</summary>
    public bool IdentifiesMailer =>
        Text.Contains("MAILER'S MESSAGE", StringComparison.OrdinalIgnoreCase)
        || Text.Contains("MAILER\u2019S MESSAGE", StringComparison.OrdinalIgnoreCase)
        || (!string.IsNullOrWhiteSpace(MailerName) && Text.Contains(MailerName.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The delivery address block, optionally with its Intelligent Mail barcode above the lines.</summary>
/// <param name="Lines">Address lines, top down (name, street, city state ZIP+4).</param>
/// <param name="ImbTrackingCode">20-digit IMb tracking code, or null for no barcode.</param>
/// <param name="ImbRoutingCode">Delivery point ZIP (0, 5, 9 or 11 digits) for the IMb.</param>
public sealed record RecipientAddress(IReadOnlyList<string> Lines, string? ImbTrackingCode = null, string? ImbRoutingCode = null);

/// <summary>The sender's return address, printed in the upper-left corner of an envelope or a 4 × 6 label.</summary>
/// <param name="Lines">Lines top down (name, company, street, city state ZIP+4).</param>
public sealed record ReturnAddressLines(IReadOnlyList<string> Lines);

/// <summary>
/// Everything the renderer needs to print one mailpiece (or one set of sheet labels). The renderer
/// validates it with <see cref="LayoutValidator"/> before drawing and refuses a piece that breaks a
/// placement rule of P050 4 with a <c>layout_violation</c>.
/// </summary>
public sealed record MailpieceRequest
{
    /// <summary>The indicia printed. One per piece; several only on <see cref="Medium.SheetLabel"/>,
    /// where postage spanning several labels puts one indicium on each, every one with the post
    /// office line (P050 4.5, last sentence).</summary>
    public required IReadOnlyList<IndiciumContent> Indicia { get; init; }

    /// <summary>Standard, REDATE (P050 4.8) or postage correction (P050 4.9).</summary>
    public IndiciumVariant Variant { get; init; } = IndiciumVariant.Standard;

    /// <summary>What the piece is printed on.</summary>
    public required Medium Medium { get; init; }

    /// <summary>The FIM (P050 4.12): D on letters and flats, A on courtesy reply, none otherwise.</summary>
    public FimKind Fim { get; init; } = FimKind.None;

    /// <summary>The registered indicium design (P050 4.1); null picks the medium's default design.</summary>
    public string? DesignId { get; init; }

    /// <summary>Approved advertising art or slogan (P050 4.10), or null.</summary>
    public AdArt? Ad { get; init; }

    /// <summary>Postal marking for the class or category (P050 4.11), e.g. "FIRST-CLASS MAIL", printed in
    /// bold capitals of at least 18 pt (¼ in), or null.</summary>
    public string? PostalMarking { get; init; }

    /// <summary>The delivery address block with its IMb, or null.</summary>
    public RecipientAddress? Recipient { get; init; }

    /// <summary>The sender's return address (upper left), or null. Not on sheet labels or the non-address side.</summary>
    public ReturnAddressLines? ReturnAddress { get; init; }

    /// <summary>Sheet labels only: position of the first label on the sheet, 1–30, left to right then top down.</summary>
    public int? SheetPosition { get; init; }

    /// <summary>Convenience: a request for one indicium with the usual FIM for the medium and variant.</summary>
    public static MailpieceRequest For(IndiciumContent indicium, Medium medium, IndiciumVariant variant = IndiciumVariant.Standard) => new()
    {
        Indicia = [indicium],
        Medium = medium,
        Variant = variant,
        Fim = MediumSpec.Of(medium).DefaultFim(variant),
        SheetPosition = medium == Medium.SheetLabel ? 1 : null,
    };
}
