using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Server.Funds;

namespace Ibis.Server.Psd;

/// <summary>
/// §502.23: "The device audit … message must be transmitted to the Postal Service." Every device audit the
/// provider records — on demand, within a reset (§502.25(a)), or a failed one that locked the device — is
/// transmitted like the provider's other files (<see cref="Transmissions"/>): an immutable, hashed document
/// holding the signed message itself (so the Postal Service can check the device's signature) and what it
/// reports, in the same transaction as the audit. The Postal Service lists them with
/// <c>GET /v1/transmissions?kind=device_audit</c>.
/// </summary>
internal static class AuditTransmission
{
    public const string Kind = "device_audit";

    public static TransmissionRow Add(IbisDb db, Transmissions transmissions, DeviceRow device, AuditRow audit, DateTimeOffset now)
    {
        var parsed = AuditMessage.Parse(audit.Message);
        var body = new Dictionary<string, object?>
        {
            ["type"] = "ibis.device_audit.v1",
            ["audit_id"] = audit.Id,
            ["device_id"] = device.Id,
            ["licensee_id"] = device.LicenseeId,
            ["kind"] = audit.Kind,
            ["passed"] = audit.Passed,
            ["reasons"] = audit.Reasons,
            ["nonce"] = Convert.ToHexStringLower(audit.Nonce),
            ["message"] = Convert.ToBase64String(audit.Message),
            ["signature"] = Convert.ToBase64String(audit.Signature),
            ["certificate_serial"] = device.CertificateSerial,
            ["at"] = audit.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        };
        // What the device reported, when its message parses (a forged or garbled one is transmitted as it came).
        if (parsed.Success)
        {
            var m = parsed.Value;
            body["reported"] = new Dictionary<string, object?>
            {
                ["device_number"] = m.Device.ToString(),
                ["ascending_register"] = m.Ascending.ToString(),
                ["descending_register"] = m.Descending.ToString(),
                ["control_total"] = m.ControlTotal.ToString(),
                ["piece_count"] = m.PieceCount,
                ["reset_count"] = m.ResetCount,
                ["watchdog_deadline"] = m.WatchdogDeadline.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["timestamp"] = m.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            };
        }
        // The audit was recorded under a new id in this transaction: its transmission is the first of it.
        return transmissions.AddFirst(db, Kind, audit.Id, device.ProviderId, now, body);
    }
}
