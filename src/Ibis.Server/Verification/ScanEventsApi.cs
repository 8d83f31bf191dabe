using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Verification;

/// <summary>The Postal Service's scan stream: POST /v1/scan-events.</summary>
public static class ScanEventsApi
{
    public static void MapScanEvents(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Verification"); // one tag per module in the API reference
        v1.MapPost("/scan-events", async (HttpContext http, RecordScanEvents record, CancellationToken ct) =>
                Results.Ok(await record.Handle(Caller.From(http.User), await JsonBody.Read<RecordScanEventsCommand>(http.Request, ct), ct)))
            .WithName("RecordScanEvents")
            // A scanner that lost the answer retries with the same key and gets the same verdicts, not its
            // own pieces back as duplicates (the scan store already holds them).
            .Idempotent()
            .WithSummary("Postal Service: verify up to 10,000 scanned indicia and remember them; one verdict per event, in order (valid, signature_invalid, certificate_unknown/revoked/expired, device_withdrawn/reported_lost/reported_stolen, date_outside_window, postage_below_rate, duplicate with the first scan's site and time, refunded, test_indicium, format_invalid). Takes an Idempotency-Key.")
            .Accepts<RecordScanEventsCommand>("application/json")
            .Produces<ScanEventsResult>()
            .ProducesProblem(400).ProducesProblem(403);
    }
}
