using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Server.Devices;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

public sealed record CapRequest(MoneyInput? Amount);

public sealed record CapView(string Object, string LicenseeId, MoneyView Cap, IReadOnlyList<string> Devices);

/// <summary>
/// P050 3.6: the descending register never exceeds $500 for a licensee; the Postal Service may set a
/// lower cap for a licensee. The new cap is sealed into every device's register state in one
/// transaction; it is refused if any device already holds more than it in DR.
/// </summary>
internal sealed class SetDescendingRegisterCap(IbisDb db, CommandPipeline pipeline, RegisterSeal seal, DeviceLockout lockout, TimeProvider clock)
{
    public async Task<CapView> Handle(Caller caller, string licenseeId, Mills cap, CancellationToken ct)
    {
        Rules.Check(new OnlyThePostalServiceSetsTheCapRule(caller.Role == Caller.PostalRole));
        Rules.Check(new DescendingRegisterCapMustBeInRangeRule(cap));
        try
        {
            return await pipeline.Run(caller, null, async ct =>
            {
                var licensee = await db.Licensees.FirstOrDefaultAsync(l => l.Id == licenseeId && l.Sandbox == caller.IsSandbox, ct)
                               ?? throw ApiException.NotFound("licensee", licenseeId);
                var ids = await db.Devices.Where(d => d.LicenseeId == licenseeId && d.Status != DeviceStatus.Withdrawn)
                    .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
                var now = clock.GetUtcNow();
                foreach (var id in ids)
                {
                    var d = await RegisterLock.Row(db, id, ct); // in id order: two cap changes never deadlock
                    await seal.Verify(db, d, ct);
                    var device = PsdRow.Load(d);
                    device.ChangeCap(cap);
                    seal.Seal(device, d, now);
                }
                licensee.DrCapMills = cap.Value;
                return new CapView("descending_register_cap", licenseeId, MoneyView.Of(cap), ids);
            }, ct);
        }
        catch (RegisterIntegrityException e)
        {
            await lockout.Lock(e.DeviceId, "register_integrity_failure", e.Reason, null, CancellationToken.None);
            throw new ApiException(409, "register_integrity_failure", $"device {e.DeviceId} failed its register integrity check and is locked; the cap was not changed");
        }
    }
}

public static class DescendingRegisterCapApi
{
    public static void MapDescendingRegisterCap(this RouteGroupBuilder v1)
    {
        v1.MapPut("/licensees/{licenseeId}/descending-register-cap", SetCap).WithName("SetDescendingRegisterCap")
            .WithSummary("Postal Service: set a licensee's DR cap (at most $500.000, P050 3.6).")
            .Accepts<CapRequest>("application/json").Produces<CapView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
    }

    private static async Task<IResult> SetCap(string licenseeId, HttpContext http, SetDescendingRegisterCap handler, CancellationToken ct)
    {
        var body = await JsonBody.Read<CapRequest>(http.Request, ct);
        var cap = (body.Amount ?? throw ApiException.Invalid("amount_required", "amount is required, e.g. \"300.000\"", "amount")).Parse("amount");
        return Results.Ok(await handler.Handle(Caller.From(http.User), licenseeId, cap, ct));
    }
}
