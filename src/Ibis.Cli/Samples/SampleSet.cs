using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Ibis.Rendering;
using Ibis.Rendering.Mailpieces;
using Ibis.Domain.Indicia;

namespace Ibis.Cli.Samples;

/// <summary>One entry of manifest.json: a medium and variant, its page size and files.</summary>
internal sealed record SampleEntry(
    string Medium,
    string Description,
    string Variant,
    string Fim,
    string Design,
    SamplePage Page,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyList<SampleIndicium> Indicia);

/// <summary>Page size of a sample, in points and inches.</summary>
internal sealed record SamplePage(double WidthPt, double HeightPt, double WidthIn, double HeightIn);

/// <summary>An indicium on a sample: where (sheet position and box), what it says, and the bytes its barcode must decode to.</summary>
/// <param name="Png">The indicium alone, cut from the page PNG with 0.15 in of paper around it, for
/// decoders that look only near the middle of an image; null for REDATE (no barcode).</param>
internal sealed record SampleIndicium(int? SheetPosition, string Postage, string RateCategory, string? BarcodeHex, SampleBox? BoxIn = null, string? Png = null);

/// <summary>A rectangle in inches from the top-left corner of the page, as laid out (outside checks measure the pixels).</summary>
internal sealed record SampleBox(double Left, double Top, double Width, double Height);

/// <summary>The whole manifest.</summary>
internal sealed record SampleManifest(string Generator, bool Sandbox, int PngDpi, string Certificates, IReadOnlyList<SampleEntry> Samples);

/// <summary>
/// Every medium × variant as the samples show them: a piece dressed as a mailer would print it
/// (ad art, postal marking and address with IMb on the address side), REDATE and postage
/// correction on the non-address side, and multi-denomination postage on sheet labels.
/// </summary>
internal static class SampleSet
{
    public static string VariantName(IndiciumVariant variant) => variant switch
    {
        IndiciumVariant.Redate => "redate",
        IndiciumVariant.PostageCorrection => "postage-correction",
        _ => "standard",
    };

    /// <summary>Builds the request for one sample, issuing (signing) its indicia.</summary>
    public static (MailpieceRequest Request, List<SampleIndicium> Indicia) Build(SampleSigner signer, Medium medium, IndiciumVariant variant)
    {
        var spec = MediumSpec.Of(medium);
        var category = medium switch
        {
            Medium.Flat9x12 => RateCategory.FirstClassFlat,
            Medium.Label4x6 => RateCategory.PriorityMail,
            // A Standard Mail letter shows month and year only, as P050 4.6 allows.
            Medium.Envelope6x9 => RateCategory.StandardLetter,
            _ => RateCategory.FirstClassLetter,
        };
        var postage = variant == IndiciumVariant.PostageCorrection ? Mills.FromMills(150)
            : medium switch
            {
                Medium.Flat9x12 => Mills.FromMills(1_630),
                Medium.Label4x6 => Mills.FromMills(10_400),
                Medium.Envelope6x9 => Mills.FromMills(412),
                _ => Mills.FromMills(740),
            };

        // Sheet labels: standard postage of $15.90 spans three labels (P050 4.5, last sentence).
        var amounts = medium == Medium.SheetLabel && variant == IndiciumVariant.Standard
            ? new[] { Mills.FromMills(10_000), Mills.FromMills(5_000), Mills.FromMills(900) }
            : [postage];
        var issued = amounts.Select(a => signer.Issue(category, a, variant)).ToList();
        var position = medium == Medium.SheetLabel ? variant switch
        {
            IndiciumVariant.Standard => 1,
            IndiciumVariant.PostageCorrection => 14,
            _ => 27,
        } : (int?)null;

        var request = new MailpieceRequest
        {
            // A sheet label carries its piece's class marking itself (P050 4.11, "no exceptions").
            Indicia = issued.ConvertAll(i => medium == Medium.SheetLabel ? i.Content with { ClassMarking = category.Marking } : i.Content),
            Medium = medium,
            Variant = variant,
            Fim = spec.DefaultFim(variant),
            SheetPosition = position,
        };
        if (variant == IndiciumVariant.Standard && medium != Medium.SheetLabel)
        {
            request = request with
            {
                Ad = new AdArt("MAILER'S MESSAGE\nTHANK YOU FOR SHOPPING LOCAL"),
                PostalMarking = category.Marking,
                Recipient = new RecipientAddress(
                    ["JANE Q RECIPIENT", "475 L'ENFANT PLZ SW RM 4000", "WASHINGTON DC 20260-4000"],
                    ImbTrackingCode: "00270123456200800001", ImbRoutingCode: "20260400000"),
            };
        }
        var entries = issued.Select((i, n) => new SampleIndicium(
            position is { } p ? p + n : null,
            variant == IndiciumVariant.Redate ? "REDATE" : i.Content.PostageText,
            i.Content.RateCategory,
            i.Bytes is null ? null : Convert.ToHexStringLower(i.Bytes))).ToList();
        return (request, entries);
    }

    /// <summary>Renders every sample into <paramref name="directory"/> and returns the manifest entries.</summary>
    public static List<SampleEntry> Write(SampleSigner signer, DirectoryInfo directory, int dpi)
    {
        var entries = new List<SampleEntry>();
        foreach (var spec in MediumSpec.Every)
            foreach (var variant in Enum.GetValues<IndiciumVariant>())
            {
                var (request, indicia) = Build(signer, spec.Medium, variant);
                var stem = $"{spec.Name}-{VariantName(variant)}";
                var png = stem + ".png";
                var pdf = stem + ".pdf";
                var pagePng = MailpieceRenderer.Render(request, RenderFormat.Png, dpi);
                File.WriteAllBytes(Path.Combine(directory.FullName, png), pagePng);
                File.WriteAllBytes(Path.Combine(directory.FullName, pdf), MailpieceRenderer.Render(request, RenderFormat.Pdf));
                // Where each indicium was laid out, so a checker can aim its scanner as a verifier would,
                // and the indicium cut out on its own for readers that only search the middle of an image.
                var layout = MailpieceLayout.Compute(request, RenderFormat.Pdf);
                indicia = indicia.Select((i, n) =>
                {
                    var box = layout.Indicia[n].Box;
                    string? cut = null;
                    if (i.BarcodeHex is not null)
                    {
                        cut = $"{stem}-indicium-{n + 1}.png";
                        File.WriteAllBytes(Path.Combine(directory.FullName, cut), IndiciumCrop.Png(pagePng, box, dpi));
                    }
                    return i with { BoxIn = Box(box), Png = cut };
                }).ToList();
                var page = new SamplePage(
                    Math.Round(spec.PageWidthInches * 72, 3), Math.Round(spec.PageHeightInches * 72, 3),
                    spec.PageWidthInches, spec.PageHeightInches);
                entries.Add(new SampleEntry(spec.Name, spec.Description, VariantName(variant),
                    request.Fim == FimKind.None ? "none" : request.Fim.ToString(),
                    request.DesignId ?? IndiciumDesigns.DefaultFor(spec.Medium).Id, page,
                    new Dictionary<string, string> { ["png"] = png, ["pdf"] = pdf }, indicia));
            }
        return entries;
    }

    private static SampleBox Box(InchRect r) =>
        new(Math.Round(r.Left, 4), Math.Round(r.Top, 4), Math.Round(r.Width, 4), Math.Round(r.Height, 4));
}
