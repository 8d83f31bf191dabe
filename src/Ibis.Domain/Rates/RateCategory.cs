namespace Ibis.Domain.Rates;

/// <summary>
/// The mail classes and rate categories an indicium can carry (P050 1.4). The numeric code goes
/// into the barcode; the label goes on the human-readable block (P050 4.5).
/// </summary>
public sealed record RateCategory(ushort Code, string MailClass, string Name, string Label, string Marking)
{
    public static readonly RateCategory FirstClassLetter = new(0x0101, "first_class", "letter", "FCM LETTER", "FIRST-CLASS MAIL");
    public static readonly RateCategory FirstClassFlat = new(0x0102, "first_class", "flat", "FCM FLAT", "FIRST-CLASS MAIL");
    public static readonly RateCategory FirstClassPostcard = new(0x0103, "first_class", "postcard", "FCM POSTCARD", "FIRST-CLASS MAIL");

    public static IReadOnlyList<RateCategory> All { get; } = [FirstClassLetter, FirstClassFlat, FirstClassPostcard];

    public static RateCategory? Find(string? mailClass, string? name) =>
        All.FirstOrDefault(c => c.MailClass == mailClass && c.Name == name);

    public static RateCategory? FromCode(ushort code) => All.FirstOrDefault(c => c.Code == code);
}
