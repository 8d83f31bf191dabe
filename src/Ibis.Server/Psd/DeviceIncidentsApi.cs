using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// A device's life after commissioning over HTTP (issue 12): loss and theft (P050 2.8, §502.24), defects
/// (P050 2.7, §502.20(f)), the Inspection Service (P050 2.6), replacement, return to service, check-out,
/// and the monthly lost-and-stolen file (§502.20(k)). Each endpoint maps its body to one use case.
/// </summary>
public static class DeviceIncidentsApi
{
    public static void MapDeviceIncidents(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Devices"); // one tag per module in the API reference
        v1.MapPost("/devices/{deviceId}/loss-report", async (string deviceId, HttpContext http, ReportDeviceMissing use, CancellationToken ct) =>
                Created(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<ReportDeviceMissingCommand>(http.Request, ct), ct)))
            .WithName("ReportDeviceMissing").WithSummary("Licensee or provider: report the device lost or stolen — date, place, details, police report (P050 2.8, §502.24). The device stops printing at once.")
            .Accepts<ReportDeviceMissingCommand>("application/json").Produces<IncidentView>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/loss-report/notifications", async (string deviceId, HttpContext http, RecordLossNotifications use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<RecordLossNotificationsCommand>(http.Request, ct), ct)))
            .WithName("RecordLossNotifications").WithSummary("Record the police report and the Inspection Service (CPIP) notification (§502.24(b)(1)).")
            .Accepts<RecordLossNotificationsCommand>("application/json").Produces<IncidentView>().ProducesProblem(400).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/loss-report/location-steps", async (string deviceId, HttpContext http, CompleteLocationStep use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<CompleteLocationStepCommand>(http.Request, ct), ct)))
            .WithName("CompleteLocationStep").WithSummary("Provider: record one of the seven location actions of §502.24(a).")
            .Accepts<CompleteLocationStepCommand>("application/json").Produces<IncidentView>().ProducesProblem(400).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/loss-report/filing", async (string deviceId, HttpContext http, FileIncidentReport use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), deviceId, ct)))
            .WithName("FileIncidentReport").WithSummary("Provider: transmit the Lost and Stolen PSD Incident Report (§502.20(g), due 30 days after the determination).")
            .Produces<IncidentView>().ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/recovery", async (string deviceId, HttpContext http, RecoverDevice use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<RecoverDeviceCommand>(http.Request, ct), ct)))
            .WithName("RecoverDevice").WithSummary("Licensee or provider: a lost or stolen device was found; the recovery report is transmitted (§502.24(c), (d)).")
            .Accepts<RecoverDeviceCommand>("application/json").Produces<IncidentView>().ProducesProblem(400).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/defect-report", async (string deviceId, HttpContext http, ReportDeviceDefective use, CancellationToken ct) =>
                Created(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<ReportDeviceDefectiveCommand>(http.Request, ct), ct)))
            .WithName("ReportDeviceDefective").WithSummary("Licensee or provider: the device misregisters or is defective; it is blocked at once and due for retrieval within 3 business days (P050 2.7, §502.20(f)).")
            .Accepts<ReportDeviceDefectiveCommand>("application/json").Produces<IncidentView>(201).ProducesProblem(400).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/retrieval", async (string deviceId, HttpContext http, RecordDeviceRetrieval use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<RecordDeviceRetrievalCommand>(http.Request, ct), ct)))
            .WithName("RecordDeviceRetrieval").WithSummary("Provider: the defective device is back, with its shipment (P050 2.9, §502.20(l)).")
            .Accepts<RecordDeviceRetrievalCommand>("application/json").Produces<IncidentView>().ProducesProblem(400).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/examination", async (string deviceId, HttpContext http, RecordDeviceExamination use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<RecordDeviceExaminationCommand>(http.Request, ct), ct)))
            .WithName("RecordDeviceExamination").WithSummary("Provider: the examination report explaining the malfunction, transmitted; postage lost is credited as the provider's loss (§502.20(f), (j), P050 3.3).")
            .Accepts<RecordDeviceExaminationCommand>("application/json").Produces<IncidentView>().ProducesProblem(400).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/replacement", async (string deviceId, HttpContext http, ReplaceDevice use, CancellationToken ct) =>
                Results.Json(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<ReplaceDeviceCommand>(http.Request, ct), ct), statusCode: 201))
            .WithName("ReplaceDevice").WithSummary("Provider: commission a replacement under the same lease — for a device lost, stolen, defective or suspect, or one in service whose certificate or clock/timer life is due (§502.22(a)); a defective, suspect or due device is checked out and its postage moves to the replacement (or to the deposit account) in one ledger transaction.")
            .Accepts<ReplaceDeviceCommand>("application/json").Produces<ReplacementView>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/withheld-refund", async (string deviceId, HttpContext http, CreditWithheldRefund use, CancellationToken ct) =>
                Results.Json(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<CreditWithheldRefundCommand>(http.Request, ct), ct), statusCode: 201))
            .WithName("CreditWithheldRefund").WithSummary("Provider, Postal Service or inspector: an examination validates an amount of the refund withheld when a tampered device was checked out (registers not validated); section F records it and it is certified to the district MATS coordinator as a device-balance refund, once only, at most what the last verified registers allow (§502.20(e), §502.27(b)).")
            .Accepts<CreditWithheldRefundCommand>("application/json").Produces<ActivityReportView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/return-to-service", async (string deviceId, HttpContext http, ReturnDeviceToService use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<ReturnDeviceToServiceCommand>(http.Request, ct), ct)))
            .WithName("ReturnDeviceToService").WithSummary("Provider or Postal Service: a locked (or recovered, unreplaced) device prints again, with a finding, after a clean audit.")
            .Accepts<ReturnDeviceToServiceCommand>("application/json").Produces<DeviceView>().ProducesProblem(400).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/suspect-withdrawal", async (string deviceId, HttpContext http, WithdrawSuspectDevice use, CancellationToken ct) =>
                Created(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<WithdrawSuspectDeviceCommand>(http.Request, ct), ct)))
            .WithName("WithdrawSuspectDevice").WithSummary("Inspector: withdraw a suspect device at once, with a receipt and the recorded fraud decision (P050 2.6).")
            .Accepts<WithdrawSuspectDeviceCommand>("application/json").Produces<IncidentView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/on-site-examinations", async (string deviceId, HttpContext http, RecordUnannouncedExamination use, CancellationToken ct) =>
                Results.Json((await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<RecordUnannouncedExaminationCommand>(http.Request, ct), ct))[0], statusCode: 201))
            .WithName("RecordUnannouncedExamination").WithSummary("Inspector: an unannounced on-site examination and its findings, in the device's history (P050 2.6).")
            .Accepts<RecordUnannouncedExaminationCommand>("application/json").Produces<DeviceEventView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/check-out", CheckOut).WithName("CheckOutDevice")
            .WithSummary("Provider: check the device out of service — Form 3601-C, its DR credited to the deposit account, certificate revoked, key destroyed (§502.20(e), §502.27(b)). Takes Idempotency-Key.")
            .Accepts<CheckOutRequest>("application/json").Produces<ActivityReportView>(201).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/shipments", async (string deviceId, HttpContext http, ShipDevice use, CancellationToken ct) =>
                Results.Json(await use.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<ShipDeviceCommand>(http.Request, ct), ct), statusCode: 201))
            .WithName("ShipDevice").WithSummary("Provider: a device's journey out to its licensee or back, by Registered Mail or Priority Mail with Return Receipt, or another carrier with written permission (P050 2.9, §502.20(l)).")
            .Accepts<ShipDeviceCommand>("application/json").Produces<DeviceShipmentView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapGet("/devices/{deviceId}/shipments", Shipments).WithName("ListDeviceShipments")
            .WithSummary("The device's journeys between provider and licensee, newest first (P050 2.9).").Paged<DeviceShipmentView>();
        v1.MapGet("/devices/{deviceId}/incidents", Incidents).WithName("ListDeviceIncidents")
            .WithSummary("The device's incidents (loss, theft, defect, suspect) with their checklists and deadlines, newest first.").Paged<IncidentView>();
        v1.MapGet("/device-replacements-due", async (int? within_days, HttpContext http, ListDevicesDueForReplacement use, CancellationToken ct) =>
                Results.Ok(await use.Handle(Caller.From(http.User), within_days, ct, PageQuery.Read(http.Request))))
            .WithName("ListDevicesDueForReplacement").WithSummary("Provider: devices whose certificate or clock/timer life ends within within_days (default 90), soonest first (§502.22(a)).")
            .Paged<ReplacementDueView>(created: false).ProducesProblem(403);
        v1.MapPost("/lost-stolen-files", async (HttpContext http, ProduceLostStolenFile use, CancellationToken ct) =>
                Results.Json(await use.Handle(Caller.From(http.User), http.Request.ContentLength is null or 0 ? new ProduceLostStolenFileCommand(null) : await JsonBody.Read<ProduceLostStolenFileCommand>(http.Request, ct), ct), statusCode: 201))
            .WithName("ProduceLostStolenFile").Idempotent().WithSummary("Provider: the monthly file of lost and stolen devices for the previous month, transmitted (§502.20(k); docs/formats/lost-stolen-file.md).")
            .Accepts<ProduceLostStolenFileCommand>("application/json").Produces<Funds.TransmissionView>(201).ProducesProblem(400);
    }

    private static IResult Created(IncidentView incident) => Results.Json(incident, statusCode: 201);

    internal static async Task<IResult> CheckOut(string deviceId, HttpContext http, WithdrawDevice withdraw, CancellationToken ct)
    {
        var (body, idempotent) = http.Request.ContentLength is null or 0
            ? (new CheckOutRequest(null, null), new IdempotentRequest(IdempotentBody.Key(http), ""))
            : await IdempotentBody.Read<CheckOutRequest>(http, ct);
        var notice = body.NoticeDescendingRegister?.Parse("notice_descending_register");
        return (await withdraw.Handle(Caller.From(http.User), deviceId, body.Reason ?? "checked out of service by the provider", idempotent, ct, notice)).ToResult(http);
    }

    /// <summary>The device's journeys, newest first, for whoever may see the device.</summary>
    private static async Task<IResult> Shipments(string deviceId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var device = await DeviceLife.Visible(db, Caller.From(http.User), deviceId, ct);
        return Results.Ok(await Lists.Page(db.DeviceShipments.AsNoTracking().Where(s => s.DeviceId == device.Id), PageQuery.Read(http.Request),
            Lists.NewestFirst<DeviceShipmentRow>(s => s.ShippedAt, s => s.Id), DeviceShipmentView.From, ct));
    }

    private static async Task<IResult> Incidents(string deviceId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var device = await DeviceLife.Visible(db, Caller.From(http.User), deviceId, ct);
        var (rows, hasMore) = await Lists.Rows(db.Incidents.AsNoTracking().Where(i => i.DeviceId == device.Id), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.IncidentRow>(i => i.ReportedAt, i => i.Id), ct);
        var ids = rows.Select(r => r.Id).ToList();
        var steps = await db.IncidentSteps.AsNoTracking().Where(s => ids.Contains(s.IncidentId)).ToListAsync(ct);
        return Results.Ok(ListView<IncidentView>.Of(rows.Select(r => IncidentView.From(r, steps.Where(s => s.IncidentId == r.Id).ToList(), device.Status)).ToList(), hasMore));
    }
}

/// <param name="NoticeDescendingRegister">The DR the provider noted when the licensee gave notice (§502.27(b)(1)), reconciled on Form 3601-C.</param>
public sealed record CheckOutRequest(string? Reason, MoneyInput? NoticeDescendingRegister);
