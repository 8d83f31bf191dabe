using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Devices;

public sealed record DeviceView(
    string Id,
    string Object,
    string DeviceNumber,
    string Status,
    string? LockReason,
    string Mode,
    string? LicenseId,
    MoneyView AscendingRegister,
    MoneyView DescendingRegister,
    MoneyView ControlTotal,
    MoneyView Cap,
    long PieceCount,
    long ResetCount,
    DateTimeOffset? LastResetAt,
    DateTimeOffset? LastAuditAt,
    DateTimeOffset WatchdogDeadline,
    DateTimeOffset? WithdrawnAt,
    string CertificateSerial)
{
    public static DeviceView From(DeviceRow d) => new(
        d.Id, "device", new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString(),
        d.Status.ToText(), d.LockReason, d.Sandbox ? "test" : "live", d.LicenseId,
        MoneyView.OfMills(d.AscendingMills), MoneyView.OfMills(d.DescendingMills),
        MoneyView.OfMills(checked(d.AscendingMills + d.DescendingMills)), MoneyView.OfMills(d.CapMills),
        d.PieceCount, d.ResetCount, d.LastResetAt, d.LastAuditAt, d.WatchdogDeadline, d.WithdrawnAt,
        d.CertificateSerial.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public static class DevicesApi
{
    public static void MapDevices(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Devices"); // one tag per module in the API reference
        v1.MapGet("/devices", List).WithName("ListDevices").WithSummary("The caller's devices with their registers, newest first.").Paged<DeviceView>();
        v1.MapGet("/devices/{deviceId}", Get).WithName("GetDevice").WithSummary("One device and its registers.")
            .Produces<DeviceView>().ProducesProblem(404);
        v1.MapGet("/devices/{deviceId}/history", async (string deviceId, HttpContext http, IbisDb db, CancellationToken ct) =>
            {
                // §502.19: the licensee, its provider and the Postal Service (inspectors included) read the history.
                var device = await DeviceAccess.LoadForOversight(db, Caller.From(http.User), deviceId, ct);
                return Results.Ok(await Lists.Page(db.DeviceEvents.AsNoTracking().Where(e => e.DeviceId == device.Id), PageQuery.Read(http.Request),
                    new ListOrder<DeviceEventRow, DateTimeOffset>(e => e.CreatedAt, e => e.Id, Descending: false, Created: e => e.CreatedAt), DeviceEventView.From, ct));
            })
            .WithName("GetDeviceHistory").WithSummary("The device's life, oldest first: who moved it from which state to which, when and why (§502.19).")
            .Paged<DeviceEventView>();
    }

    private static async Task<IResult> List(HttpContext http, IbisDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var visible = db.Devices.AsNoTracking()
            .Where(d => d.Sandbox == caller.IsSandbox
                        && ((caller.Role == Caller.LicenseeRole && d.LicenseeId == caller.LicenseeId)
                            || (caller.Role == Caller.ProviderRole && d.ProviderId == caller.ProviderId)));
        return Results.Ok(await Lists.Page(visible, PageQuery.Read(http.Request), Lists.NewestFirst<DeviceRow>(d => d.CreatedAt, d => d.Id), DeviceView.From, ct));
    }

    private static async Task<IResult> Get(string deviceId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var device = await DeviceAccess.LoadVisible(db, Caller.From(http.User), deviceId, ct);
        return Results.Ok(DeviceView.From(device));
    }
}
