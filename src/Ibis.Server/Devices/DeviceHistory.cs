using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;

namespace Ibis.Server.Devices;

public sealed record DeviceEventView(string Id, string Kind, string? FromStatus, string ToStatus, string Actor, string? Reason, string? Evidence, DateTimeOffset CreatedAt)
{
    public static DeviceEventView From(DeviceEventRow e) => new(e.Id, e.Kind, e.FromStatus?.ToText(), e.ToStatus.ToText(), e.Actor, e.Reason, e.Evidence, e.CreatedAt);
}

/// <summary>§502.19: the provider keeps records of each device's distribution, control and maintenance.</summary>
public static class DeviceHistory
{
    public static DeviceEventRow Record(IbisDb db, DeviceRow device, string kind, DeviceStatus? from, string actor, string? reason, DateTimeOffset now, string? evidence = null)
    {
        var row = new DeviceEventRow
        {
            DeviceId = device.Id, Id = Ids.New("dev"), Kind = kind, FromStatus = from, ToStatus = device.Status,
            Actor = actor, Reason = reason, Evidence = evidence, CreatedAt = now,
        };
        db.DeviceEvents.Add(row);
        return row;
    }

    /// <summary>Records one transition of the device aggregate (its own from, to, actor, time, reason and evidence).</summary>
    public static DeviceEventRow Record(IbisDb db, string deviceId, Domain.Psd.DeviceTransition t)
    {
        var row = new DeviceEventRow
        {
            DeviceId = deviceId, Id = Ids.New("dev"), Kind = t.Kind, FromStatus = t.From, ToStatus = t.To,
            Actor = t.Actor, Reason = t.Reason, Evidence = t.Evidence, CreatedAt = t.At,
        };
        db.DeviceEvents.Add(row);
        return row;
    }
}
