using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// A device's life after commissioning: incidents (lost, stolen, defective, suspect), the location
// checklist of §502.24(a), custody shipments (P050 2.9), and key destructions still to finish.
public abstract partial class IbisDb
{
    public DbSet<IncidentRow> Incidents => Set<IncidentRow>();
    public DbSet<IncidentStepRow> IncidentSteps => Set<IncidentStepRow>();
    public DbSet<KeyDestructionRow> KeyDestructions => Set<KeyDestructionRow>();
    public DbSet<DeviceShipmentRow> DeviceShipments => Set<DeviceShipmentRow>();

    partial void ConfigureDeviceLife(ModelBuilder b)
    {
        b.Entity<IncidentRow>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DeviceId);
            e.HasIndex(x => new { x.ProviderId, x.Kind });
        });
        b.Entity<IncidentStepRow>(e =>
        {
            e.ToTable("incident_steps");
            e.HasKey(x => new { x.IncidentId, x.Number });
            e.Property(x => x.Number).ValueGeneratedNever();
        });
        b.Entity<DeviceShipmentRow>(e =>
        {
            e.ToTable("device_shipments");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DeviceId, x.ShippedAt });
        });
        b.Entity<KeyDestructionRow>(e =>
        {
            e.ToTable("key_destructions");
            e.HasKey(x => x.DeviceId);
            e.HasIndex(x => x.DestroyedAt);
        });
    }
}
