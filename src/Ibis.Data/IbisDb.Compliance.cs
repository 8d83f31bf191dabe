using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// Compliance: dated duties of the rule, and the outbox that delivers their notices.
public abstract partial class IbisDb
{
    public DbSet<DutyRow> Duties => Set<DutyRow>();
    public DbSet<OutboxMessageRow> Outbox => Set<OutboxMessageRow>();
    public DbSet<OutboxDeliveryRow> OutboxDeliveries => Set<OutboxDeliveryRow>();

    partial void ConfigureCompliance(ModelBuilder b)
    {
        ConfigureSanctions(b);
        b.Entity<DutyRow>(e =>
        {
            e.ToTable("compliance_duties");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Rule, x.SubjectId, x.DueAt }).IsUnique();
            e.HasIndex(x => new { x.State, x.DueAt });
            e.HasIndex(x => x.ProviderId);
            e.HasIndex(x => x.LicenseeId);
        });
        b.Entity<OutboxMessageRow>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SourceKey, x.UserId }).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.UserId);
        });
        b.Entity<OutboxDeliveryRow>(e =>
        {
            e.ToTable("outbox_deliveries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.MessageId);
        });
    }
}
