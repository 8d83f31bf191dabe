using Ibis.Barcodes;
using Ibis.Barcodes.Postal;
using Ibis.Domain;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Mailpieces;

/// <summary>
/// Checks a mailpiece against the placement and content rules of P050 4 before anything is drawn.
/// The renderer calls it on every piece and prints nothing when a rule breaks; the server calls
/// <see cref="Preflight"/> before it spends postage, so a piece that cannot be printed costs nothing.
/// Pure: it reads rectangles and the request, never pixels.
/// </summary>
public static class LayoutValidator
{
    private const double Tolerance = 1e-9;

    /// <summary>Every rule <paramref name="request"/> breaks, request-level rules first; empty when it may be printed.</summary>
    public static IReadOnlyList<LayoutRule> Check(MailpieceRequest request, RenderFormat format = RenderFormat.Pdf, int dpi = 300)
    {
        ArgumentNullException.ThrowIfNull(request);
        var broken = CheckRequest(request);
        if (broken.Count > 0) return broken;
        return CheckLayout(MailpieceLayout.Compute(request, format, dpi));
    }

    /// <summary>Throws <see cref="BusinessRuleViolationException"/> (code <c>layout_violation</c>) with the first rule broken.</summary>
    public static void EnsureValid(MailpieceRequest request, RenderFormat format = RenderFormat.Pdf, int dpi = 300)
    {
        var broken = Check(request, format, dpi);
        if (broken.Count > 0) throw new BusinessRuleViolationException(broken[0]);
    }

    /// <summary>
    /// Checks a request whose barcodes do not exist yet (before the indicium is issued and signed):
    /// each missing barcode is stood in for by a blank <paramref name="symbolModules"/>-square symbol,
    /// the size the issued one will have.
    /// </summary>
    public static IReadOnlyList<LayoutRule> Preflight(MailpieceRequest request, int symbolModules = 44)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Variant == IndiciumVariant.Redate) return Check(request);
        var standIn = new BitMatrix(symbolModules, symbolModules);
        return Check(request with { Indicia = [.. request.Indicia.Select(i => i.Barcode is null ? i with { Barcode = standIn } : i)] });
    }

    /// <summary>Rules that can be judged from the request alone.</summary>
    internal static List<LayoutRule> CheckRequest(MailpieceRequest request)
    {
        var broken = new List<LayoutRule>();
        var spec = MediumSpec.Of(request.Medium);
        var variant = request.Variant;
        var side = variant == IndiciumVariant.Redate ? "P050 4.8" : "P050 4.9";

        if (IndiciumDesigns.Find(request.DesignId ?? IndiciumDesigns.DefaultFor(request.Medium).Id) is null)
            broken.Add(new("P050 4.1", $"design '{request.DesignId}' is not a registered indicium design", "design_id"));

        if (request.Indicia is null || request.Indicia.Count == 0)
        {
            broken.Add(new("P050 4.5", "no indicium to print", "indicia"));
            return broken;
        }
        if (request.Indicia.Count > 1 && request.Medium != Medium.SheetLabel)
            broken.Add(new("P050 4.5", "a mailpiece bears one indicium; postage over several indicia needs sheet labels, one indicium per label", "indicia"));

        if (request.Medium == Medium.SheetLabel)
        {
            var first = request.SheetPosition ?? 0;
            if (first < 1 || first + request.Indicia.Count - 1 > MediumSpec.SheetLabels)
                broken.Add(new("P050 4.3", $"sheet positions {first}–{first + request.Indicia.Count - 1} are not all on the {MediumSpec.SheetLabels}-label sheet", "sheet_position"));
        }
        else if (request.SheetPosition is not null)
        {
            broken.Add(new("P050 4.3", "a sheet position applies to sheet labels only", "sheet_position"));
        }

        foreach (var indicium in request.Indicia)
        {
            if (variant == IndiciumVariant.Redate && indicium.Barcode is not null)
                broken.Add(new("P050 4.8", "a REDATE indicium must not bear the two-dimensional barcode", "barcode"));
            if (variant != IndiciumVariant.Redate && indicium.Barcode is null)
                broken.Add(new("P050 4.5", "the indicium lacks its two-dimensional barcode", "barcode"));
            if (string.IsNullOrWhiteSpace(indicium.DeviceId) || string.IsNullOrWhiteSpace(indicium.RateCategory)
                || (variant != IndiciumVariant.Redate && string.IsNullOrWhiteSpace(indicium.PostageText)))
                broken.Add(new("P050 4.5", "the human-readable block needs the device ID, rate category and amount of postage", "indicia"));
        }

        // P050 4.12: FIM D on letters and flats, FIM A on courtesy reply, none on other pieces;
        // P050 4.8 and 4.9: no FIM on REDATE or postage-correction indicia.
        if (variant != IndiciumVariant.Standard && request.Fim != FimKind.None)
            broken.Add(new(side, $"a {Name(variant)} indicium must not bear the FIM", "fim"));
        else if (!spec.IsMailpiece && request.Fim != FimKind.None)
            broken.Add(new("P050 4.12", "a label is not a letter or a flat: the FIM belongs on the piece, 2 in from its right edge", "fim"));
        else if (spec.IsMailpiece && variant == IndiciumVariant.Standard && request.Fim == FimKind.None)
            broken.Add(new("P050 4.12", $"a {spec.Shape.ToString().ToLowerInvariant()} bearing IBI postage must bear FIM D (or FIM A on courtesy reply)", "fim"));

        var nonAddressSide = spec.IsMailpiece && variant != IndiciumVariant.Standard;
        if (request.Ad is { } ad)
        {
            if (!ad.IdentifiesMailer)
                broken.Add(new("P050 4.10", "advertising art must include the mailer's name or the words \"Mailer's Message\"", "ad"));
            if (nonAddressSide)
                broken.Add(new(side, $"the {Name(variant)} indicium goes alone on the non-address side; no advertising art", "ad"));
            else if (request.Medium == Medium.SheetLabel)
                broken.Add(new("P050 4.10", "a 2 5/8 x 1 in label has no space for advertising art", "ad"));
        }
        if (!string.IsNullOrWhiteSpace(request.PostalMarking))
        {
            var marking = request.PostalMarking!;
            if (!string.Equals(marking, marking.ToUpperInvariant(), StringComparison.Ordinal))
                broken.Add(new("P050 4.11", $"postal marking '{marking}' must be in capital letters", "postal_marking"));
            if (nonAddressSide)
                broken.Add(new(side, $"the {Name(variant)} indicium goes alone on the non-address side; no postal marking", "postal_marking"));
            else if (request.Medium == Medium.SheetLabel)
                broken.Add(new("P050 4.11", "on a sheet label each indicium carries its own class marking; a marking for the whole sheet has no place", "postal_marking"));
        }
        if (request.Medium == Medium.SheetLabel)
        {
            // P050 4.11: "Postal markings related to the class or category of mail are required … Exceptions are
            // not made for small advertising art": every label carries its piece's class marking.
            foreach (var indicium in request.Indicia)
            {
                if (string.IsNullOrWhiteSpace(indicium.ClassMarking))
                    broken.Add(new("P050 4.11", "every sheet label carries the class marking of its piece (no exceptions)", "postal_marking"));
                else if (!string.Equals(indicium.ClassMarking, indicium.ClassMarking.ToUpperInvariant(), StringComparison.Ordinal))
                    broken.Add(new("P050 4.11", $"class marking '{indicium.ClassMarking}' must be in capital letters", "postal_marking"));
            }
        }
        if (request.Recipient is { } recipient)
        {
            if (nonAddressSide)
                broken.Add(new(side, $"the {Name(variant)} indicium is printed on the non-address side; no address there", "recipient"));
            else if (request.Medium == Medium.SheetLabel)
                broken.Add(new("P050 4.4", "a 2 5/8 x 1 in indicium label has no room for the address block", "recipient"));
            if (recipient.ImbTrackingCode is not null
                && IntelligentMailBarcode.Validate(recipient.ImbTrackingCode, recipient.ImbRoutingCode ?? "") is { } why)
                broken.Add(new("P050 4.2", $"the Intelligent Mail barcode cannot be printed: {why}", "recipient"));
        }
        if (request.ReturnAddress is { Lines.Count: > 0 })
        {
            if (nonAddressSide)
                broken.Add(new(side, $"the {Name(variant)} indicium goes alone on the non-address side; no return address there", "return_address"));
            else if (request.Medium == Medium.SheetLabel)
                broken.Add(new("P050 4.4", "a 2 5/8 x 1 in indicium label has no room for a return address; print it on the piece", "return_address"));
        }
        return broken;
    }

    /// <summary>Rules judged on the computed geometry: distances, zones and sizes.</summary>
    public static IReadOnlyList<LayoutRule> CheckLayout(MailpieceLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var broken = new List<LayoutRule>();
        var w = layout.PageWidth;
        var h = layout.PageHeight;
        var spec = layout.Spec;
        var page = new InchRect(0, 0, w, h);

        foreach (var placed in layout.Indicia)
        {
            var box = placed.Box;
            if (placed.Label is { } label && spec.Medium == Medium.SheetLabel)
            {
                // 1/32 in inside the label's edges: sheet feeders drift, and ink off the label is lost.
                const double inset = 1.0 / 32;
                if (!Inside(box, new InchRect(label.Left + inset, label.Top + inset, label.Width - 2 * inset, label.Height - 2 * inset)))
                    broken.Add(new("P050 4.3", $"the indicium ({box.Width:0.###} x {box.Height:0.###} in) does not fit the {spec.Description} (medium too small)", "medium"));
            }
            else
            {
                if (box.Width > w - 2 * ReadZones.EdgeInches + Tolerance || box.Height > h - 2 * ReadZones.EdgeInches + Tolerance || box.Left < -Tolerance || box.Top < -Tolerance)
                    broken.Add(new("P050 4.4", $"the {spec.Description} is too small for the indicium ({box.Width:0.###} x {box.Height:0.###} in) with 1/4 in margins (medium too small)", "medium"));
                if (w - box.Right < ReadZones.EdgeInches - Tolerance)
                    broken.Add(new("P050 4.4", $"the indicium is {w - box.Right:0.###} in from the right edge; at least 1/4 in is required", "medium"));
                if (!layout.NonAddressSide && box.Top < ReadZones.EdgeInches - Tolerance)
                    broken.Add(new("P050 4.4", $"the indicium is {box.Top:0.###} in from the top edge; at least 1/4 in is required", "medium"));
                if (!layout.NonAddressSide && (box.Left + box.Right) / 2 < w / 2 || !layout.NonAddressSide && (box.Top + box.Bottom) / 2 > h / 2)
                    broken.Add(new("P050 4.4", "the indicium must be in the upper right corner", "medium"));
            }
            if (layout.FimClearZone is { } fim && box.IntersectsWith(fim))
                broken.Add(new("P050 4.4", "the indicium infringes on the FIM clear zone", "medium"));
            if (layout.BarcodeClearZone is { } ocr && box.IntersectsWith(ocr))
                broken.Add(new("P050 4.4", "the indicium infringes on the OCR (barcode) clear zone", "medium"));
            if (layout.AddressBlock is { } address && box.IntersectsWith(address))
                broken.Add(new("P050 4.4", "the indicium infringes on the address and barcode read area", "recipient"));
            if (layout.NonAddressSide)
            {
                var section = layout.Variant == IndiciumVariant.Redate ? "P050 4.8" : "P050 4.9";
                if (h - box.Bottom < ReadZones.NonAddressSideBottomInches - Tolerance)
                    broken.Add(new(section, $"the {Name(layout.Variant)} indicium is {(h - box.Bottom) * 25.4:0.#} mm from the bottom edge; at least 20 mm is required (medium too small)", "medium"));
                if (layout.Variant == IndiciumVariant.PostageCorrection && layout.Flap is { } flap && box.IntersectsWith(flap))
                    broken.Add(new("P050 4.9", "the postage-correction indicium must not be printed on the envelope flap (medium too small)", "medium"));
            }
            if (spec.Medium == Medium.SheetLabel && placed.Label is not null)
            {
                var classMarking = placed.Block.Text.FirstOrDefault(t => t.SizePoints >= IndiciumBlock.MarkingPoints - Tolerance && t.Bold
                    && string.Equals(t.Text, t.Text.ToUpperInvariant(), StringComparison.Ordinal) && t.Text.Any(char.IsLetter) && t.Text != "SAMPLE");
                if (classMarking is null)
                    broken.Add(new("P050 4.11", "the sheet label's class marking must be bold capitals of at least 18 pt (1/4 in)", "postal_marking"));
            }
            if (placed.Block.Text.Any(t => t.SizePoints < IndiciumBlock.MinimumTextPoints))
                broken.Add(new("P050 4.2", $"the human-readable block would shrink below {IndiciumBlock.MinimumTextPoints} pt and be illegible (medium too small)", "medium"));
        }

        foreach (var bar in layout.FimBars)
            if (!Inside(bar, page))
                broken.Add(new("P050 4.12", "the FIM does not fit on the piece (medium too small)", "fim"));

        foreach (var text in layout.AdText)
            CheckOtherMatter(layout, text.Bounds, "P050 4.10", "advertising art", broken);
        if (layout.Marking is { } marking)
        {
            if (marking.Line.SizePoints < 18 - Tolerance || !marking.Line.Bold)
                broken.Add(new("P050 4.11", "postal markings must be bold capitals of at least 18 pt (1/4 in)", "postal_marking"));
            CheckOtherMatter(layout, marking.Bounds, "P050 4.11", "the postal marking", broken);
        }
        if (layout.AddressBlock is { } block && !Inside(block, page))
            broken.Add(new("P050 4.4", $"the address block does not fit on the {spec.Description} (medium too small)", "recipient"));
        if (layout.ReturnAddressBlock is { } sender)
            CheckReturnAddress(layout, sender, broken);
        return broken.DistinctBy(r => r.Message).ToList();
    }

    /// <summary>
    /// The sender's return address: in the upper-left corner within the ¼ in margins, above the delivery
    /// address (the reader takes the lowest address as the destination), and clear of the indicium and
    /// the zones P050 4.4 keeps free: the FIM clear zone and the barcode clear zone.
    /// </summary>
    private static void CheckReturnAddress(MailpieceLayout layout, InchRect sender, List<LayoutRule> broken)
    {
        const string field = "return_address";
        var edge = ReadZones.EdgeInches;
        var margins = new InchRect(edge, edge, layout.PageWidth - 2 * edge, layout.PageHeight - 2 * edge);
        if (!Inside(sender, margins))
            broken.Add(new("P050 4.4", $"the return address does not fit on the {layout.Spec.Description} with 1/4 in margins (medium too small)", field));
        if ((sender.Left + sender.Right) / 2 > layout.PageWidth / 2 || (sender.Top + sender.Bottom) / 2 > layout.PageHeight / 2)
            broken.Add(new("P050 4.4", "the return address belongs in the upper left corner", field));
        if (layout.Indicia.Any(i => sender.IntersectsWith(i.Box)))
            broken.Add(new("P050 4.4", "the return address overlaps the indicium", field));
        if (layout.FimClearZone is { } fim && sender.IntersectsWith(fim))
            broken.Add(new("P050 4.4", "the return address infringes on the FIM clear zone", field));
        if (layout.BarcodeClearZone is { } ocr && sender.IntersectsWith(ocr))
            broken.Add(new("P050 4.4", "the return address infringes on the OCR (barcode) clear zone", field));
        if (layout.AddressBlock is { } address && (sender.IntersectsWith(address) || sender.Bottom > address.Top + Tolerance))
            broken.Add(new("P050 4.4", "the return address must stand above the delivery address, clear of it", field));
        if (layout.AdText.Select(t => t.Bounds).Concat(layout.Marking is { } m ? [m.Bounds] : []).Any(b => sender.IntersectsWith(b)))
            broken.Add(new("P050 4.4", "the return address overlaps the advertising art or postal marking", field));
    }

    private static void CheckOtherMatter(MailpieceLayout layout, InchRect bounds, string section, string what, List<LayoutRule> broken)
    {
        var field = section == "P050 4.10" ? "ad" : "postal_marking";
        if (layout.AdArea is not { } area || !Inside(bounds, area))
            broken.Add(new(section, $"{what} does not fit its area on the {layout.Spec.Description} (medium too small)", field));
        if (layout.FimClearZone is { } fim && bounds.IntersectsWith(fim))
            broken.Add(new("P050 4.4", $"{what} infringes on the FIM clear zone", field));
        if (layout.BarcodeClearZone is { } ocr && bounds.IntersectsWith(ocr))
            broken.Add(new("P050 4.4", $"{what} infringes on the OCR (barcode) clear zone", field));
        if (layout.AddressBlock is { } address && bounds.IntersectsWith(address))
            broken.Add(new("P050 4.4", $"{what} infringes on the address and barcode read area", field));
        if (layout.Indicia.Any(i => bounds.IntersectsWith(i.Box)))
            broken.Add(new(section, $"{what} overlaps the indicium", field));
    }

    private static bool Inside(InchRect inner, InchRect outer) =>
        inner.Left >= outer.Left - Tolerance && inner.Top >= outer.Top - Tolerance
        && inner.Right <= outer.Right + Tolerance && inner.Bottom <= outer.Bottom + Tolerance;

    private static string Name(IndiciumVariant variant) => variant switch
    {
        IndiciumVariant.Redate => "REDATE",
        IndiciumVariant.PostageCorrection => "postage-correction",
        _ => "standard",
    };
}
