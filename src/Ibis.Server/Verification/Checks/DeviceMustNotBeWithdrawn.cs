using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>§502.20(e): a device checked out of service prints nothing after the day it was withdrawn.</summary>
internal sealed class DeviceMustNotBeWithdrawn : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        if (piece.Device?.WithdrawnAt is not { } withdrawn) return;
        if (piece.Data!.MailingDate > DateOnly.FromDateTime(withdrawn.UtcDateTime))
            piece.Fail(VerificationReasons.DeviceWithdrawn, $"the device was checked out of service on {withdrawn:yyyy-MM-dd}, before this date of mailing");
    }
}
