using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Indicia;

/// <summary>
/// Keeps an address a piece was just printed to, when the book takes it (a valid address, room in the book —
/// <see cref="SaveAddress"/>); false, and nothing saved, when it does not — the piece is printed either way, so a
/// full book only means the address was not kept.
/// </summary>
public sealed class KeepPrintedAddress(SaveAddress save)
{
    public static readonly Access Access = SaveAddress.Access;

    public async Task<bool> Handle(Caller caller, SaveAddressCommand c, CancellationToken ct)
    {
        try
        {
            await save.Handle(caller, c, ct);
            return true;
        }
        catch (ApiException)
        {
            return false;
        }
    }
}
