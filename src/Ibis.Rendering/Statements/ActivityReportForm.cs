using System.Globalization;
using Ibis.Domain.Money;
using SkiaSharp;

namespace Ibis.Rendering.Statements;

/// <summary>
/// What Form 3601-C, Postage Meter Activity Report, records when a device is checked out of service
/// (§502.20(e), §502.27(b)). Plain data, so that rendering knows nothing of the database.
/// </summary>
/// <param name="ReportId">The activity report's id.</param>
/// <param name="LicenseeName">Section A: the licensee, as licensed.</param>
/// <param name="LicenseId">Section A: the license the device printed under.</param>
/// <param name="ProviderName">Section B: the provider that checked the device out.</param>
/// <param name="DeviceNumber">Section C: the device number (vendor-model-serial).</param>
/// <param name="DeviceId">Section C: the device's id.</param>
/// <param name="CertificateSerial">Section C: the serial of its last certificate.</param>
/// <param name="Reason">Section D: why it left service.</param>
/// <param name="CheckedOutAt">Section D: when.</param>
/// <param name="Ascending">Section E: the final ascending register.</param>
/// <param name="Descending">Section E: the final descending register.</param>
/// <param name="PieceCount">Section E: the final piece count.</param>
/// <param name="NoticeDescending">Section E: the DR the provider noted when the licensee gave notice (§502.27(b)(1)), if noted.</param>
/// <param name="ValidatedRefund">Section F: the validated refund amount (§502.27(b)(2)).</param>
/// <param name="CreditedTo">Section F: the deposit account (or replacement) the refund was credited to.</param>
/// <param name="SignedBy">Section G: the provider's representative who signed.</param>
/// <param name="RegistersNotValidated">Section E: why the final registers could not be validated (they failed their integrity check); null when they were.</param>
/// <param name="Examination">Section F: the examination that later validated an amount of the refund withheld for unvalidated registers.</param>
public sealed record ActivityReportForm(
    string ReportId, string LicenseeName, string? LicenseId, string ProviderName, string DeviceNumber, string DeviceId, string CertificateSerial,
    string Reason, DateTimeOffset CheckedOutAt, Mills Ascending, Mills Descending, long PieceCount, Mills? NoticeDescending,
    Mills ValidatedRefund, string? CreditedTo, string SignedBy, string? RegistersNotValidated = null, ExaminationValidation? Examination = null)
{
    public Mills ControlTotal => Ascending + Descending;
}

/// <summary>§502.27(b)(1): an examination validated the withheld refund — when, by whom, what it found.</summary>
public sealed record ExaminationValidation(DateTimeOffset At, string By, string Findings);

/// <summary>
/// Draws <see cref="ActivityReportForm"/> as a one-page US Letter PDF with its sections A–G, in the
/// embedded DejaVu Sans as real text (searchable, copyable). The same report renders to the same bytes.
/// </summary>
public static class ActivityReportRenderer
{
    private const float Width = 612, Height = 792, Left = 54, Right = Width - 54;

    public static byte[] RenderPdf(ActivityReportForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var stream = new MemoryStream();
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"PS Form 3601-C {form.DeviceNumber}";
        metadata.Subject = $"Postage Meter Activity Report for {form.DeviceId}";
        metadata.Creator = "Ibis";
        metadata.Producer = "Ibis";
        metadata.Creation = form.CheckedOutAt.UtcDateTime;
        metadata.Modified = form.CheckedOutAt.UtcDateTime;
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(Width, Height);
            Draw(canvas, form);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    private static void Draw(SKCanvas canvas, ActivityReportForm f)
    {
        var y = 64f;
        Text(canvas, "PS Form 3601-C", Left, y, 18, bold: true);
        Text(canvas, "Postage Meter Activity Report", Left, y += 22, 13, bold: false);
        Text(canvas, $"Report {f.ReportId}", Right, 64, 9, bold: false, SKTextAlign.Right);
        y += 14;
        Section(canvas, ref y, "A. Licensee", [("Name", f.LicenseeName), ("License", f.LicenseId ?? "—")]);
        Section(canvas, ref y, "B. Provider", [("Name", f.ProviderName)]);
        Section(canvas, ref y, "C. Security device", [("Device number", f.DeviceNumber), ("Device id", f.DeviceId), ("Certificate serial", f.CertificateSerial)]);
        Section(canvas, ref y, "D. Removal from service", [("Reason", f.Reason), ("Checked out", f.CheckedOutAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))]);
        Section(canvas, ref y, "E. Final registers", [
            ("Ascending register", Dollars(f.Ascending)), ("Descending register", Dollars(f.Descending)),
            ("Control total", Dollars(f.ControlTotal)), ("Piece count", f.PieceCount.ToString(CultureInfo.InvariantCulture)),
            ("DR noted at notice", f.NoticeDescending is { } n ? Dollars(n) : "not noted"),
            ("Registers validated", f.RegistersNotValidated is null ? "yes" : "NO: the registers could not be validated"),
        ]);
        if (f.RegistersNotValidated is { } why)
        {
            Text(canvas, Clip($"Integrity check: {why}"), Left + 12, y += 15, 8, bold: false);
            if (f.Examination is { } exam)
            {
                Section(canvas, ref y, "F. Validated refund amount", [
                    ("Refund", Dollars(f.ValidatedRefund)), ("Validated by examination", exam.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " by " + exam.By),
                    ("Credited to", f.CreditedTo ?? "—"),
                ]);
                Text(canvas, Clip($"Examination findings: {exam.Findings}"), Left + 12, y += 15, 8, bold: false);
            }
            else
            {
                Section(canvas, ref y, "F. Validated refund amount", [("Refund", Dollars(f.ValidatedRefund)), ("Credited to", "nothing (registers not validated)")]);
                Text(canvas, "Refund withheld until an examination validates an amount (39 CFR 502.20(e), 502.27(b)).", Left + 12, y += 15, 8, bold: false);
            }
        }
        else
        {
            Section(canvas, ref y, "F. Validated refund amount", [("Refund", Dollars(f.ValidatedRefund)), ("Credited to", f.CreditedTo ?? "—")]);
        }
        Section(canvas, ref y, "G. Provider's representative", [("Signed by", f.SignedBy), ("Date", f.CheckedOutAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))]);
        Text(canvas, "Kept by the provider for at least one year (39 CFR 502.20(e)); sent to the District MATS coordinator (502.27(b)(3)).", Left, Height - 48, 8, bold: false);
    }

    private static void Section(SKCanvas canvas, ref float y, string title, IReadOnlyList<(string Label, string Value)> rows)
    {
        y += 24;
        using (var band = new SKPaint { Color = new SKColor(0xe8, 0xec, 0xf2), Style = SKPaintStyle.Fill })
            canvas.DrawRect(Left - 4, y - 13, Right - Left + 8, 18, band);
        Text(canvas, title, Left, y, 11, bold: true);
        foreach (var (label, value) in rows)
        {
            y += 17;
            Text(canvas, label, Left + 12, y, 10, bold: false);
            Text(canvas, value, Left + 190, y, 10, bold: true);
        }
    }

    private static string Dollars(Mills m) => "$" + m.ToString();

    private static string Clip(string text) => text.Length <= 110 ? text : text[..107] + "...";

    private static void Text(SKCanvas canvas, string text, float x, float baseline, float size, bool bold, SKTextAlign align = SKTextAlign.Left)
    {
        using var font = new SKFont(EmbeddedFonts.Get(bold), size) { Hinting = SKFontHinting.None, Subpixel = true, LinearMetrics = true, Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = new SKColor(0x1d, 0x23, 0x30), IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawText(text, x, baseline, align, font, paint);
    }
}
