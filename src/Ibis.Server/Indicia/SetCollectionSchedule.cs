using System.Globalization;
using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// P050 4.7: the Postal Service sets a licensing post office's collection schedule (its time zone, the collections of
/// each weekday, the days without collection); setting it again replaces it.
/// </summary>
internal sealed class SetCollectionSchedule(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.PostalRole);

    public Task<CollectionScheduleView> Handle(Caller caller, string zip, CollectionScheduleInput input, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var office = Zip5.Parse(zip);
        if (!office.Success) throw ApiException.FromParse(office, "zip");
        var schedule = CollectionSchedules.Build(input);
        var document = JsonSerializer.Serialize(new CollectionScheduleInput(input.TimeZone, CollectionSchedules.Normalise(input), input.NoCollection?.Order().ToList() ?? []), JsonBody.Options);
        var row = await db.CollectionSchedules.FirstOrDefaultAsync(s => s.PostOfficeZip == office.Value.ToString(), ct);
        if (row is null)
        {
            row = new CollectionScheduleRow { PostOfficeZip = office.Value.ToString(), TimeZone = input.TimeZone!, Document = document, UpdatedBy = caller.UserOrKeyId };
            db.CollectionSchedules.Add(row);
        }
        row.TimeZone = input.TimeZone!;
        row.Document = document;
        row.UpdatedBy = caller.UserOrKeyId;
        row.UpdatedAt = clock.GetUtcNow();
        return CollectionScheduleView.From(row, schedule, clock.GetUtcNow());
    }, ct);
}
