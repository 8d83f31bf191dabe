using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Quality;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Quality;

/// <summary>The licensee's sample: a scan (PNG, base64) of the indicium on a mailpiece its device produced.</summary>
public sealed record SubmitQualitySampleCommand(string? ScanPng);

/// <summary>
/// P050 2.5h: "The licensee must forward a mailpiece produced by the IBI product/device to the Provider at
/// least once every 6 months after initialization for quality assurance." The forwarded piece arrives as a
/// scan; forwarding it restarts the 6 months, and the provider evaluates it (<see cref="EvaluateQualitySample"/>).
/// </summary>
internal sealed class SubmitQualitySample(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.LicenseeRole);

    // A 300 dpi scan of an indicium is tens of kilobytes; a whole page at most a few megabytes.
    private const int MaxScanBytes = 8 * 1024 * 1024;

    public Task<QualitySampleView> Handle(Caller caller, string deviceId, SubmitQualitySampleCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId && d.LicenseeId == caller.LicenseeId && d.Sandbox == caller.TestMode, ct)
                     ?? throw new BusinessRuleViolationException(new BrokenRule("not_found", $"no device '{deviceId}' is yours", Kind: RuleKind.NotFound));
        var scan = ScanOf(command.ScanPng);
        var row = new QualitySampleRow
        {
            Id = Ids.New("qas"), DeviceId = device.Id, LicenseeId = device.LicenseeId!, ProviderId = device.ProviderId, Sandbox = device.Sandbox,
            Status = QualitySampleStatus.Submitted, ScanPng = scan, SubmittedBy = caller.UserOrKeyId, SubmittedAt = clock.GetUtcNow(),
        };
        db.QualitySamples.Add(row);
        return QualitySampleView.From(row);
    }, ct);

    private static byte[] ScanOf(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
            throw new BusinessRuleViolationException(new BrokenRule("scan_required", "scan_png (base64 of a PNG scan of the mailpiece's indicium) is required", "scan_png", RuleKind.BadInput));
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new BusinessRuleViolationException(new BrokenRule("scan_invalid", "scan_png is not valid base64", "scan_png", RuleKind.BadInput));
        }
        ReadOnlySpan<byte> png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (bytes.Length > MaxScanBytes || !bytes.AsSpan().StartsWith(png))
            throw new BusinessRuleViolationException(new BrokenRule("scan_invalid", $"scan_png must be a PNG image of at most {MaxScanBytes / (1024 * 1024)} MB", "scan_png", RuleKind.BadInput));
        return bytes;
    }
}

public sealed record QualitySampleView(string Id, string DeviceId, string LicenseeId, string Status, string? BarcodeGrade, IReadOnlyList<string> Deficiencies, string? Guidance, DateTimeOffset SubmittedAt, DateTimeOffset? GradedAt, QualityMeasurementsView? Measurements)
{
    public static QualitySampleView From(QualitySampleRow r) => new(r.Id, r.DeviceId, r.LicenseeId, r.Status.ToText(), r.BarcodeGrade,
        string.IsNullOrEmpty(r.Deficiencies) ? [] : r.Deficiencies.Split('\n'), r.Guidance, r.SubmittedAt, r.GradedAt, QualityMeasurementsView.Parse(r.Measurements));
}

/// <summary>
/// What Ibis measured on the scan when the provider graded it, in inches: the barcode's distance from the top and
/// right edges of the piece (null when the scan is not a whole piece), its size and rotation, and the share of the
/// clear zone around it that is printed on (P050 4.4; ISO/IEC 16022 quiet zone).
/// </summary>
public sealed record QualityMeasurementsView(
    int Dpi, bool DpiAssumed, double? PieceWidthInches, double? PieceHeightInches, double? FromTopInches, double? FromRightInches,
    double? BarcodeWidthInches, double? BarcodeHeightInches, double? RotationDegrees, double? ModuleInches, double? QuietZoneInk, string? Note)
{
    private static double? R(double? v, int digits = 3) => v is { } x ? Math.Round(x, digits) : null;

    internal static string Serialize(SampleMeasurements m)
    {
        var p = m.Placement;
        var view = new QualityMeasurementsView(m.Dpi, m.DpiAssumed, R(p?.PieceWidth), R(p?.PieceHeight), R(p?.FromTop), R(p?.FromRight),
            R(p is null ? null : p.Right - p.Left), R(p is null ? null : p.Bottom - p.Top), R(p?.RotationDegrees, 1), R(p?.ModuleInches, 4), R(p?.QuietZoneInk), m.Note);
        return System.Text.Json.JsonSerializer.Serialize(view);
    }

    public static QualityMeasurementsView? Parse(string? json) => string.IsNullOrEmpty(json) ? null : System.Text.Json.JsonSerializer.Deserialize<QualityMeasurementsView>(json);
}
