using Ibis.Server.Api;
using Ibis.Server.Auth;

namespace Ibis.Server.Oversight;

/// <summary>
/// GET /v1/oversight/…: the Postal Service's read-only view of every provider (postal, auditor, inspector).
/// Every request names its <c>purpose</c>, which is logged with the read (GET /v1/oversight/reads).
/// </summary>
public static class OversightApi
{
    public static void MapOversight(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Oversight"); // one tag per module in the API reference
        var g = v1.MapGroup("/oversight");
        g.MapGet("/devices", (HttpContext http, ListDevicesForOversight list, string? purpose, string? provider_id, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), new OversightQuery(purpose, PageQuery.Read(http.Request), provider_id), ct)))
            .WithName("OversightListDevices").WithSummary("Postal Service: the devices of every provider (or provider_id), with registers; purpose required and logged (P050 3.4, §502.19).")
            .Paged<OversightDeviceView>().ProducesProblem(403);
        foreach (var (path, records, name) in new[]
                 {
                     ("/devices/{deviceId}", DeviceRecords.Device, "OversightGetDevice"),
                     ("/devices/{deviceId}/resets", DeviceRecords.Resets, "OversightListResets"),
                     ("/devices/{deviceId}/audits", DeviceRecords.Audits, "OversightListAudits"),
                     ("/devices/{deviceId}/indicia", DeviceRecords.Indicia, "OversightListIndicia"),
                     ("/devices/{deviceId}/history", DeviceRecords.History, "OversightDeviceHistory"),
                     ("/devices/{deviceId}/cases", DeviceRecords.Cases, "OversightDeviceCases"),
                 })
        {
            var endpoint = g.MapGet(path, (string deviceId, HttpContext http, ReadDeviceForOversight read, string? purpose, CancellationToken ct) =>
                    Ok(read.Handle(Caller.From(http.User), deviceId, records, new OversightQuery(purpose, PageQuery.Read(http.Request)), ct)))
                .WithName(name).WithSummary($"Postal Service: a device's {records.ToString().ToLowerInvariant()} of any provider, read-only; purpose required and logged (P050 2.5b, 3.4; §502.23, §502.25(b)).")
                .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
            _ = records switch
            {
                DeviceRecords.Resets => endpoint.Paged<OversightResetView>(),
                DeviceRecords.Audits => endpoint.Paged<OversightAuditView>(),
                DeviceRecords.Indicia => endpoint.Paged<OversightIndiciumView>(),
                DeviceRecords.History => endpoint.Paged<Devices.DeviceEventView>(),
                DeviceRecords.Cases => endpoint.Paged<OversightCaseView>(),
                _ => endpoint.Produces<OversightDeviceView>(),
            };
        }
        foreach (var (path, records, name) in new[]
                 {
                     ("/resets", OversightRecords.Resets, "OversightAllResets"),
                     ("/audits", OversightRecords.Audits, "OversightAllAudits"),
                     ("/indicia", OversightRecords.Indicia, "OversightAllIndicia"),
                 })
        {
            var endpoint = g.MapGet(path, (HttpContext http, ListRecordsForOversight list, string? purpose, string? provider_id, CancellationToken ct) =>
                    Ok(list.Handle(Caller.From(http.User), records, new OversightQuery(purpose, PageQuery.Read(http.Request), provider_id), ct)))
                .WithName(name).WithSummary($"Postal Service: the {records.ToString().ToLowerInvariant()} of every provider's devices (or provider_id's), newest first, read-only; purpose required and logged (P050 2.5b, 3.4; §502.10, §502.23).")
                .ProducesProblem(400).ProducesProblem(403);
            _ = records switch
            {
                OversightRecords.Resets => endpoint.Paged<OversightResetView>(),
                OversightRecords.Audits => endpoint.Paged<OversightAuditView>(),
                _ => endpoint.Paged<OversightIndiciumView>(),
            };
        }
        g.MapGet("/revenue-protection", async (HttpContext http, ShowRevenueProtection figures, ExportRevenueProtection export, TimeProvider clock, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                var query = RevenueQuery.Read(http.Request.Query, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
                if (http.Request.Query["format"].ToString() != "csv") return Results.Ok(await figures.Handle(caller, query, ct));
                // Checked and logged before the first byte goes out, so a refusal is still a problem+json.
                var csv = await export.Handle(caller, query, ct);
                return Results.Stream(body => csv.WriteTo(body, http.RequestAborted), "text/csv; charset=utf-8", csv.FileName);
            })
            .WithName("OversightRevenueProtection")
            .WithSummary("Postal Service: duplicates, invalid and late pieces of the scanned mail by device, licensee or provider over time (from, to, granularity day|week|month, group_by device|licensee|provider, provider_id, licensee_id, device_id), with the suspect devices' open cases; format=csv streams every group; purpose required and logged (§502.25(b)).")
            .Produces<RevenueProtectionView>().Produces(200, contentType: "text/csv").ProducesProblem(400).ProducesProblem(403);
        g.MapGet("/cases", (HttpContext http, ListCasesForOversight list, string? purpose, string? provider_id, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), new OversightQuery(purpose, PageQuery.Read(http.Request), provider_id), ct)))
            .WithName("OversightListCases").WithSummary("Postal Service: the providers' cases (failed audits, integrity failures); purpose required and logged (§502.25(b)).")
            .Paged<OversightCaseView>().ProducesProblem(403);
        g.MapGet("/revocation-evidence", (HttpContext http, ListRevocationEvidence list, string? purpose, string? provider_id, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), new OversightQuery(purpose, PageQuery.Read(http.Request), provider_id), ct)))
            .WithName("OversightRevocationEvidence").WithSummary("Postal Service: expired watchdogs (P050 2.3b) and overdue or failed quality-assurance samples (P050 2.3f, §502.26); purpose required and logged.")
            .Paged<RevocationEvidenceView>(created: false).ProducesProblem(403);
        g.MapGet("/reads", (HttpContext http, ListOversightReads list, string? subject_id, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), subject_id, PageQuery.Read(http.Request), ct)))
            .WithName("OversightReadLog").WithSummary("Postal Service (postal, auditor): the log of oversight reads — who read what, when and why.")
            .Paged<OversightReadView>().ProducesProblem(403);
    }

    private static async Task<IResult> Ok<T>(Task<T> result) => Results.Ok(await result);
}
