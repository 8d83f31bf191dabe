namespace Ibis.Domain.Rates;

/// <summary>
/// The mail classes and rate categories an indicium can carry (P050 1.4: single-piece First-Class
/// Mail including Priority Mail, Express Mail and Standard Mail). The numeric code goes into the
/// barcode; the label goes on the human-readable block (P050 4.5); the marking is the postal
/// marking of the class (P050 4.11). Codes are never reused: the high byte is the class, the low
/// byte the category, and the First-Class codes are those of format v1 from the start.
/// </summary>
public sealed record RateCategory(ushort Code, string MailClass, string Name, string Label, string Marking)
{
    public const string FirstClass = "first_class", Priority = "priority", Express = "express", Standard = "standard";

    public static readonly RateCategory FirstClassLetter = new(0x0101, FirstClass, "letter", "FCM LETTER", "FIRST-CLASS MAIL");
    public static readonly RateCategory FirstClassFlat = new(0x0102, FirstClass, "flat", "FCM FLAT", "FIRST-CLASS MAIL");
    public static readonly RateCategory FirstClassPostcard = new(0x0103, FirstClass, "postcard", "FCM POSTCARD", "FIRST-CLASS MAIL");
    public static readonly RateCategory PriorityMail = new(0x0201, Priority, "single_piece", "PRIORITY MAIL", "PRIORITY MAIL");
    public static readonly RateCategory ExpressMail = new(0x0301, Express, "single_piece", "EXPRESS MAIL", "EXPRESS MAIL");
    public static readonly RateCategory StandardLetter = new(0x0401, Standard, "letter", "STD LETTER", "STANDARD MAIL");
    public static readonly RateCategory StandardFlat = new(0x0402, Standard, "flat", "STD FLAT", "STANDARD MAIL");

    public static IReadOnlyList<RateCategory> All { get; } =
        [FirstClassLetter, FirstClassFlat, FirstClassPostcard, PriorityMail, ExpressMail, StandardLetter, StandardFlat];

    /// <summary>Priority and Express Mail are priced by weight and zone; the others by weight alone.</summary>
    public bool PricedByZone => MailClass is Priority or Express;

    /// <summary>P050 4.6: on Standard Mail the day may be omitted; every other class shows month, day and year.</summary>
    public bool MayOmitDay => MailClass == Standard;

    public static RateCategory? Find(string? mailClass, string? name) =>
        All.FirstOrDefault(c => c.MailClass == mailClass && c.Name == name);

    public static RateCategory? FromCode(ushort code) => All.FirstOrDefault(c => c.Code == code);
}
