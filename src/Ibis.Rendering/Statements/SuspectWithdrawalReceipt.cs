using System.Globalization;
using Ibis.Domain.Money;
using SkiaSharp;

namespace Ibis.Rendering.Statements;

/// <summary>
/// The receipt the Inspection Service leaves when it withdraws a suspect device at once (P050 2.6,
/// 39 CFR 502.10): one for the licensee, a copy for the provider, a copy for the inspector's file.
/// Plain data, so that rendering knows nothing of the database.
/// </summary>
/// <param name="IncidentId">The withdrawal's incident id: the receipt number.</param>
/// <param name="Copy">Whose copy this is: "Licensee's receipt", "Provider's copy", "Inspection Service copy".</param>
/// <param name="DeviceNumber">The device number (vendor-model-serial).</param>
/// <param name="DeviceId">The device's id.</param>
/// <param name="LicenseeName">The licensee it was taken from.</param>
/// <param name="LicenseeId">The licensee's id.</param>
/// <param name="ProviderName">The provider that leases the device.</param>
/// <param name="WithdrawnAt">When the inspector took the device.</param>
/// <param name="WithdrawnBy">The inspector (user or key id).</param>
/// <param name="Reason">Why the device is reasonably suspected of manipulation.</param>
/// <param name="Ascending">The ascending register at withdrawal.</param>
/// <param name="Descending">The descending register at withdrawal.</param>
/// <param name="PieceCount">The piece count at withdrawal.</param>
/// <param name="FraudSuspected">The inspector's recorded decision: fraud suspected keeps the postage with the device.</param>
public sealed record SuspectWithdrawalReceipt(
    string IncidentId, string Copy, string DeviceNumber, string DeviceId, string LicenseeName, string? LicenseeId, string ProviderName,
    DateTimeOffset WithdrawnAt, string WithdrawnBy, string Reason, Mills Ascending, Mills Descending, long PieceCount, bool FraudSuspected);

/// <summary>
/// Draws <see cref="SuspectWithdrawalReceipt"/> as a one-page US Letter PDF with real (searchable) text,
/// like Form 3601-C (<see cref="ActivityReportRenderer"/>). The same receipt renders to the same bytes.
/// </summary>
public static class SuspectWithdrawalReceiptRenderer
{
    private const float Width = 612, Height = 792, Left = 54, Right = Width - 54;

    public static byte[] RenderPdf(SuspectWithdrawalReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        using var stream = new MemoryStream();
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"Receipt for a withdrawn postal security device {receipt.DeviceNumber}";
        metadata.Subject = $"{receipt.Copy}, {receipt.IncidentId}";
        metadata.Creator = "Ibis";
        metadata.Producer = "Ibis";
        metadata.Creation = receipt.WithdrawnAt.UtcDateTime;
        metadata.Modified = receipt.WithdrawnAt.UtcDateTime;
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(Width, Height);
            Draw(canvas, receipt);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    private static void Draw(SKCanvas canvas, SuspectWithdrawalReceipt r)
    {
        var y = 64f;
        Text(canvas, "Receipt for a withdrawn postal security device", Left, y, 16, bold: true);
        Text(canvas, "U.S. Postal Inspection Service — P050 2.6, 39 CFR 502.10", Left, y += 20, 11, bold: false);
        Text(canvas, r.Copy, Right, 64, 10, bold: true, SKTextAlign.Right);
        Text(canvas, $"Receipt {r.IncidentId}", Right, 78, 9, bold: false, SKTextAlign.Right);
        y += 10;
        Section(canvas, ref y, "1. Device", [("Device number", r.DeviceNumber), ("Device id", r.DeviceId)]);
        Section(canvas, ref y, "2. Taken from", [("Licensee", r.LicenseeName), ("Licensee id", r.LicenseeId ?? "—"), ("Provider", r.ProviderName)]);
        Section(canvas, ref y, "3. Withdrawal", [
            ("Date and time", r.WithdrawnAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("Inspector", r.WithdrawnBy), ("Reason", r.Reason),
        ]);
        Section(canvas, ref y, "4. Registers at withdrawal", [
            ("Ascending register", Dollars(r.Ascending)), ("Descending register", Dollars(r.Descending)),
            ("Control total", Dollars(r.Ascending + r.Descending)), ("Piece count", r.PieceCount.ToString(CultureInfo.InvariantCulture)),
        ]);
        Section(canvas, ref y, "5. Decision on fraud", [
            ("Fraud suspected", r.FraudSuspected ? "yes" : "no"),
            ("Postage", r.FraudSuspected
                ? "stays with the withdrawn device until the investigation ends"
                : "moves to the replacement device supplied by the provider"),
        ]);
        Text(canvas, "The device is out of service from the time above. The provider keeps its copy with the device's records.", Left, Height - 60, 8, bold: false);
        Text(canvas, "Questions: the Inspection Service office named by the inspector.", Left, Height - 48, 8, bold: false);
    }

    private static void Section(SKCanvas canvas, ref float y, string title, IReadOnlyList<(string Label, string Value)> rows)
    {
        y += 26;
        using (var band = new SKPaint { Color = new SKColor(0xe8, 0xec, 0xf2), Style = SKPaintStyle.Fill })
            canvas.DrawRect(Left - 4, y - 13, Right - Left + 8, 18, band);
        Text(canvas, title, Left, y, 11, bold: true);
        foreach (var (label, value) in rows)
        {
            y += 17;
            Text(canvas, label, Left + 12, y, 10, bold: false);
            Text(canvas, value, Left + 170, y, 10, bold: true);
        }
    }

    private static string Dollars(Mills m) => "$" + m.ToString();

    private static void Text(SKCanvas canvas, string text, float x, float baseline, float size, bool bold, SKTextAlign align = SKTextAlign.Left)
    {
        using var font = new SKFont(EmbeddedFonts.Get(bold), size) { Hinting = SKFontHinting.None, Subpixel = true, LinearMetrics = true, Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = new SKColor(0x1d, 0x23, 0x30), IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawText(text, x, baseline, align, font, paint);
    }
}
