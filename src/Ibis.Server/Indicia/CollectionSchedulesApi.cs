using System.Globalization;
using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// Collection schedules of licensing post offices (P050 4.7: mail deposited after the day's last
/// scheduled collection may bear the date of the next one). The schedule is the post office's, so
/// the Postal Service sets it; anyone signed in may read it.
/// </summary>
public static class CollectionSchedulesApi
{
    public static void MapCollectionSchedules(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Indicia"); // one tag per module in the API reference
        v1.MapPut("/post-offices/{zip}/collection-schedule", Put)
            .WithName("SetCollectionSchedule")
            .WithSummary("Set a licensing post office's collection schedule (Postal Service).")
            .Accepts<CollectionScheduleInput>("application/json")
            .Produces<CollectionScheduleView>().ProducesProblem(400).ProducesProblem(403);
        v1.MapGet("/post-offices/{zip}/collection-schedule", Get)
            .WithName("GetCollectionSchedule")
            .WithSummary("A licensing post office's collection schedule and its next scheduled collection.")
            .Produces<CollectionScheduleView>().ProducesProblem(404);
    }

    private static async Task<IResult> Put(string zip, HttpContext http, SetCollectionSchedule set, CancellationToken ct) =>
        Results.Ok(await set.Handle(Caller.From(http.User), zip, await JsonBody.Read<CollectionScheduleInput>(http.Request, ct), ct));

    private static async Task<IResult> Get(string zip, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var row = await db.CollectionSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.PostOfficeZip == zip, ct)
                  ?? throw ApiException.NotFound("collection_schedule", zip);
        return Results.Ok(CollectionScheduleView.From(row, CollectionSchedules.Load(row), clock.GetUtcNow()));
    }
}
