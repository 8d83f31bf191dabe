using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>§502.20(h), P050 2.5e: the provider records a task after a revocation or a move done — a check-out only when the PSD is in fact withdrawn, a lease cancellation by cancelling the lease.</summary>
public sealed class CompleteProviderTask(IbisDb db, CommandPipeline pipeline, LicensingQueries queries, TimeProvider clock)
{
    /// <summary>§502.20(h): the provider completes its own tasks.</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    /// <summary>The provider records a task done; a check-out is done only when the PSD is in fact withdrawn.</summary>
    public Task<ProviderTaskView> Handle(Caller caller, string taskId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var task = await queries.VisibleTasks(caller).FirstOrDefaultAsync(t => t.Id == taskId, ct) ?? throw ApiException.NotFound("provider_task", taskId);
        Rules.Check(new ProviderTaskMustBeOpenRule(task.Id, task.Status));
        var now = clock.GetUtcNow();
        if (task.Kind == "check_out_psd" && task.DeviceId is not null)
            Rules.Check(new TaskRequiresDeviceCheckedOutRule(task.DeviceId, await db.Devices.AnyAsync(d => d.Id == task.DeviceId && d.Status != DeviceStatus.Withdrawn, ct)));
        if (task.Kind == "cancel_lease" && task.LeaseId is not null)
        {
            var row = await db.Leases.FirstAsync(l => l.Id == task.LeaseId, ct);
            var lease = LeaseRecords.Aggregate(row);
            // A lease already cancelled fulfils the task as it stands, with its first cancellation kept.
            if (lease.Status == LeaseStatus.Active)
            {
                lease.Cancel("license revoked (§502.20(h))", now);
                LeaseRecords.Store(lease, row);
            }
        }
        task.Status = ProviderTaskStatus.Done;
        task.CompletedAt = now;
        await db.SaveChangesAsync(ct);
        return ProviderTaskView.From(task);
    }, ct);
}
