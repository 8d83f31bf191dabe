using System.Net;
using Ibis.Server.Api;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// One aggregate per PSD transaction (issue 18): a life-cycle step run inside <see cref="PsdTransaction"/> (the
/// check-out, §502.20(e)) moves the aggregate the transaction loaded with its registers and its open incident —
/// the instance the seal then covers — and a status saved from a second instance is refused.
/// </summary>
public abstract class OneAggregateTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    /// <summary>A device reported defective (P050 2.7): its open incident is what the check-out closes.</summary>
    private async Task<string> DefectiveDevice(string name)
    {
        var who = await App.NewLicensee(name);
        await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/defect-report", new { details = "the display is dark" }).Ok(HttpStatusCode.Created);
        return who.DeviceId;
    }

    private async Task<Reply<object>> Run(string deviceId, Func<PsdContext, Task<Outcome<object>>> operation, bool withIncident)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var psd = scope.ServiceProvider.GetRequiredService<PsdTransaction>();
        return await psd.Run(deviceId, IdempotentRequest.None, operation, default, allowLocked: true, withIncident: withIncident);
    }

    [SkippableFact]
    public async Task ACheckOut_MovesTheTransactionsAggregate_WithItsIncident_AndTheSealCoversThatInstance()
    {
        var deviceId = await DefectiveDevice("One Aggregate Mailer");
        Domain.Psd.PostalSecurityDevice? moved = null;
        string? incidentSeen = null;
        await Run(deviceId, ctx =>
        {
            moved = ctx.Psd;
            incidentSeen = ctx.Psd.Incident?.Kind;
            ctx.Psd.CheckOut("the test checks it out", "test", ctx.Now);
            ctx.SaveLife();
            ctx.Changed = true;
            return Task.FromResult(Outcome.Done(new object()));
        }, withIncident: true);

        Assert.Equal("defective", incidentSeen);
        var row = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId));
        // The row holds the status of the instance checked out, and the seal of that same instance.
        Assert.Equal(moved!.Status, row.Status);
        Assert.Equal(Domain.Psd.DeviceStatus.Withdrawn, row.Status);
        Assert.Equal(moved.Mac.ToArray(), row.RegisterMac);
        Assert.Equal(0, await App.WithDb(db => db.Incidents.CountAsync(i => i.DeviceId == deviceId && i.ClosedAt == null)));
    }

    [SkippableFact]
    public async Task ACheckOut_OnASecondInstance_InsideTheTransaction_IsRefused_AndNothingIsKept()
    {
        var deviceId = await DefectiveDevice("Second Instance Mailer");
        var before = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId));

        // The shape this replaced: a second aggregate loaded beside ctx.Psd (as DeviceLife.Load made it), checked out and saved.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(deviceId, ctx =>
        {
            var second = Domain.Psd.PostalSecurityDevice.Load(ctx.Device.Id, ctx.Device.Status, null);
            second.CheckOut("the test checks it out", "test", ctx.Now);
            DeviceLife.Save(ctx.Db, new LoadedDevice(ctx.Device, second, null));
            ctx.Changed = true;
            return Task.FromResult(Outcome.Done(new object()));
        }, withIncident: true));

        // A transition on the transaction's aggregate without its open incident cannot be saved either.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(deviceId, ctx =>
        {
            ctx.Psd.CheckOut("the test checks it out", "test", ctx.Now);
            ctx.SaveLife();
            return Task.FromResult(Outcome.Done(new object()));
        }, withIncident: false));

        var after = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId));
        Assert.Equal((before.Status, before.Version), (after.Status, after.Version));
        Assert.Equal(1, await App.WithDb(db => db.Incidents.CountAsync(i => i.DeviceId == deviceId && i.ClosedAt == null)));
    }
}

[Collection("sqlite")]
public sealed class SqliteOneAggregateTests(SqliteAppFixture f) : OneAggregateTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresOneAggregateTests(PostgresAppFixture f) : OneAggregateTests(() => f.App), IClassFixture<PostgresAppFixture>;
