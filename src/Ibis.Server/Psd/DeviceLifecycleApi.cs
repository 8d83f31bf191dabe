using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Ibis.Server.Devices;

namespace Ibis.Server.Psd;

/// <summary>The provider's device endpoints before service: inventory, inspection (§502.18), commissioning (P050 3.1).</summary>
public static class DeviceLifecycleApi
{
    public static void MapDeviceLifecycle(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Devices"); // one tag per module in the API reference
        v1.MapPost("/devices", async (HttpContext http, AddDeviceToInventory add, CancellationToken ct) =>
            {
                var device = await add.Handle(Caller.From(http.User), await JsonBody.Read<AddDeviceCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/devices/{device.Id}", DeviceView.From(device));
            })
            .WithName("AddDeviceToInventory").Idempotent().WithSummary("Provider: a new PSD in inventory (no key, no registers yet); inspect it, then commission it (§502.18, P050 3.1).")
            .Accepts<AddDeviceCommand>("application/json").Produces<DeviceView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/inspection", async (string deviceId, HttpContext http, InspectDevice inspect, CancellationToken ct) =>
                Results.Ok(DeviceView.From(await inspect.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<InspectDeviceCommand>(http.Request, ct), ct))))
            .WithName("InspectDevice").WithSummary("Provider: record the inspection of a new device before distribution (§502.18).")
            .Accepts<InspectDeviceCommand>("application/json").Produces<DeviceView>().ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/commissioning", async (string deviceId, HttpContext http, CommissionDevice commission, CancellationToken ct) =>
                Results.Ok(DeviceView.From(await commission.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<CommissionDeviceCommand>(http.Request, ct), ct))))
            .WithName("CommissionDevice").WithSummary("Provider: initialize a device for a licensee under a lease — key generated in the key store, certificate issued, registers sealed at zero, watchdog started (P050 3.1).")
            .Accepts<CommissionDeviceCommand>("application/json").Produces<DeviceView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
    
        v1.MapPost("/devices/{deviceId}/certificate-request", async (string deviceId, HttpContext http, RequestDeviceCertificate request, CancellationToken ct) =>
            {
                var body = http.Request.ContentLength is null or 0 ? new CertificateRequestCommand(null) : await JsonBody.Read<CertificateRequestCommand>(http.Request, ct);
                var made = await request.Handle(Caller.From(http.User), deviceId, ct, rollover: body.Rollover == true);
                return Results.Created($"/v1/devices/{deviceId}/certificate-request", CertificateRequestView.From(made));
            })
            .WithName("RequestDeviceCertificate").WithSummary("Provider, external-CA installations: generate the device key in the key store and a PKCS#10 request for the Postal Service CA (P050 3.1); with rollover true, a new key for a device in service, which keeps signing with its current key until the certificate is imported (§502.28); asking again returns the pending request.")
            .Accepts<CertificateRequestCommand>("application/json")
            .Produces<CertificateRequestView>(201).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapGet("/devices/{deviceId}/certificate-request", async (string deviceId, HttpContext http, ShowCertificateRequest show, CancellationToken ct) =>
                Results.Ok(CertificateRequestView.From(await show.Handle(Caller.From(http.User), deviceId, ct))))
            .WithName("GetDeviceCertificateRequest").WithSummary("Provider: the device's newest certificate request (PEM).")
            .Produces<CertificateRequestView>().ProducesProblem(404);
        v1.MapPost("/devices/{deviceId}/certificate", async (string deviceId, HttpContext http, ImportDeviceCertificate import, CancellationToken ct) =>
                Results.Ok(CertificateRequestView.From(await import.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<ImportDeviceCertificateCommand>(http.Request, ct), ct))))
            .WithName("ImportDeviceCertificate").WithSummary("Provider: the certificate the external Postal Service CA signed for the device's request; checked for key, issuer, validity and serial.")
            .Accepts<ImportDeviceCertificateCommand>("application/json").Produces<CertificateRequestView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
    }
}

/// <summary>A certificate request: the device's first key (in inventory), or with <c>rollover</c> a new key for a device in service.</summary>
public sealed record CertificateRequestCommand(bool? Rollover);
