using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// Compliance: sanction procedures against providers (39 CFR 502.5, 502.13, 502.15, 502.21) and the
// daily destruction log of test indicia (39 CFR 502.17).
public abstract partial class IbisDb
{
    public DbSet<SanctionRow> Sanctions => Set<SanctionRow>();
    public DbSet<SanctionEventRow> SanctionEvents => Set<SanctionEventRow>();
    public DbSet<TestIndiciaDestructionRow> TestIndiciaDestructions => Set<TestIndiciaDestructionRow>();

    private static void ConfigureSanctions(ModelBuilder b)
    {
        b.Entity<SanctionRow>(e =>
        {
            e.ToTable("provider_sanctions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ProviderId);
            e.HasIndex(x => x.Stage);
        });
        b.Entity<SanctionEventRow>(e =>
        {
            e.ToTable("provider_sanction_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.SanctionId);
        });
        b.Entity<TestIndiciaDestructionRow>(e =>
        {
            e.ToTable("test_indicia_destructions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ProviderId, x.Day }).IsUnique();
        });
    }
}
