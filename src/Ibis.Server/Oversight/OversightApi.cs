using Ibis.Server.Api;
using Ibis.Server.Auth;

namespace Ibis.Server.Oversight;

/// <summary>
/// GET /v1/oversight/…: the Postal Service's read-only view of every provider (postal, auditor, inspector).
/// Every request names its <c>purpose</c>, which is logged with the read (GET /v1/oversight/reads).
/// </summary>
public static class OversightApi
{
    public static void MapOversight(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/oversight");
        g.MapGet("/devices", (HttpContext http, ListDevicesForOversight list, string? purpose, int? limit, string? starting_after, string? provider_id, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), new OversightQuery(purpose, limit, starting_after, provider_id), ct)))
            .WithName("OversightListDevices").WithSummary("Postal Service: the devices of every provider (or provider_id), with registers; purpose required and logged (P050 3.4, §502.19).")
            .Produces<ListView<OversightDeviceView>>().ProducesProblem(400).ProducesProblem(403);
        foreach (var (path, records, name) in new[]
                 {
                     ("/devices/{deviceId}", DeviceRecords.Device, "OversightGetDevice"),
                     ("/devices/{deviceId}/resets", DeviceRecords.Resets, "OversightListResets"),
                     ("/devices/{deviceId}/audits", DeviceRecords.Audits, "OversightListAudits"),
                     ("/devices/{deviceId}/indicia", DeviceRecords.Indicia, "OversightListIndicia"),
                 })
        {
            g.MapGet(path, (string deviceId, HttpContext http, ReadDeviceForOversight read, string? purpose, int? limit, string? starting_after, CancellationToken ct) =>
                    Ok(read.Handle(Caller.From(http.User), deviceId, records, new OversightQuery(purpose, limit, starting_after), ct)))
                .WithName(name).WithSummary($"Postal Service: a device's {records.ToString().ToLowerInvariant()} of any provider, read-only; purpose required and logged (P050 2.5b, 3.4; §502.23, §502.25(b)).")
                .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        }
        g.MapGet("/cases", (HttpContext http, ListCasesForOversight list, string? purpose, int? limit, string? starting_after, string? provider_id, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), new OversightQuery(purpose, limit, starting_after, provider_id), ct)))
            .WithName("OversightListCases").WithSummary("Postal Service: the providers' cases (failed audits, integrity failures); purpose required and logged (§502.25(b)).")
            .Produces<ListView<OversightCaseView>>().ProducesProblem(400).ProducesProblem(403);
        g.MapGet("/revocation-evidence", (HttpContext http, ListRevocationEvidence list, string? purpose, int? limit, string? starting_after, string? provider_id, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), new OversightQuery(purpose, limit, starting_after, provider_id), ct)))
            .WithName("OversightRevocationEvidence").WithSummary("Postal Service: expired watchdogs (P050 2.3b) and overdue or failed quality-assurance samples (P050 2.3f, §502.26); purpose required and logged.")
            .Produces<ListView<RevocationEvidenceView>>().ProducesProblem(400).ProducesProblem(403);
        g.MapGet("/reads", (HttpContext http, ListOversightReads list, string? subject_id, int? limit, CancellationToken ct) =>
                Ok(list.Handle(Caller.From(http.User), subject_id, limit, ct)))
            .WithName("OversightReadLog").WithSummary("Postal Service (postal, auditor): the log of oversight reads — who read what, when and why.")
            .Produces<ListView<OversightReadView>>().ProducesProblem(403);
    }

    private static async Task<IResult> Ok<T>(Task<T> result) => Results.Ok(await result);
}
