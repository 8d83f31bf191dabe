using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>
/// P050 2.8, §502.24: a device reported lost or stolen may not be used; pieces dated on or after the day of
/// the report are flagged (pieces mailed before it stay good). Without a recorded time of the report every
/// piece of the device is flagged. The device life cycle records each loss as an incident with its
/// dates and recovery; the status is the fallback for a device without one.
/// </summary>
internal sealed class DeviceMustNotBeReportedMissing : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Device is not { } device) return;
        var date = piece.Data!.MailingDate;
        // The incidents know when the device went missing and when it came back: a piece dated in between is suspect.
        if (device.Missing.FirstOrDefault(m => m.Covers(date)) is { } period)
        {
            piece.Fail(period.Kind == "stolen" ? VerificationReasons.DeviceReportedStolen : VerificationReasons.DeviceReportedLost,
                $"the device was reported {period.Kind} from {period.Since:yyyy-MM-dd}{(period.RecoveredOn is { } back ? $" until its recovery on {back:yyyy-MM-dd}" : "")}; this piece is dated {date:yyyy-MM-dd}");
            return;
        }
        if (device.Missing.Count > 0) return;
        var code = device.Status switch
        {
            DeviceStatus.Lost => VerificationReasons.DeviceReportedLost,
            DeviceStatus.Stolen => VerificationReasons.DeviceReportedStolen,
            _ => null,
        };
        if (code is null) return;
        if (device.ReportedMissingAt is { } at && date < DateOnly.FromDateTime(at.UtcDateTime)) return;
        piece.Fail(code, $"the device was reported {device.Status.ToText()}{(device.ReportedMissingAt is { } on ? $" on {on:yyyy-MM-dd}" : "")}; this piece is dated {date:yyyy-MM-dd}");
    }
}
