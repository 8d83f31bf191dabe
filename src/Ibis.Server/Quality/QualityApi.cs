using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;

namespace Ibis.Server.Quality;

/// <summary>Mailpiece quality assurance (P050 2.5h, §502.26): the licensee forwards samples, the provider evaluates them.</summary>
public static class QualityApi
{
    public static void MapQuality(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Quality"); // one tag per module in the API reference
        v1.MapPost("/devices/{deviceId}/quality-samples", async (string deviceId, HttpContext http, SubmitQualitySample submit, CancellationToken ct) =>
            {
                var sample = await submit.Handle(Caller.From(http.User), deviceId, await JsonBody.Read<SubmitQualitySampleCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/quality-samples/{sample.Id}", sample);
            })
            .WithName("SubmitQualitySample").Idempotent().WithSummary("Licensee: forward a mailpiece (a PNG scan of its indicium) for quality assurance, at least every 6 months (P050 2.5h).")
            .Accepts<SubmitQualitySampleCommand>("application/json").Produces<QualitySampleView>(201).ProducesProblem(400).ProducesProblem(404);
        v1.MapPost("/quality-samples/{sampleId}/evaluation", async (string sampleId, HttpContext http, EvaluateQualitySample evaluate, CancellationToken ct) =>
                Results.Ok(await evaluate.Handle(Caller.From(http.User), sampleId, await JsonBody.Read<EvaluateQualitySampleCommand>(http.Request, ct), ct)))
            .WithName("EvaluateQualitySample").WithSummary("Provider: grade the sample's barcode (ISO/IEC 15415, computed by Ibis), record deficiencies and guidance; a failed sample stops resets (§502.26).")
            .Accepts<EvaluateQualitySampleCommand>("application/json").Produces<QualitySampleView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
    }
}
