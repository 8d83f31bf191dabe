using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// Tables of the Rates and Indicia modules (issue 5).
public abstract partial class IbisDb
{
    public DbSet<RateTableRow> RateTables => Set<RateTableRow>();
    public DbSet<CollectionScheduleRow> CollectionSchedules => Set<CollectionScheduleRow>();
    public DbSet<AdvertisementRow> Advertisements => Set<AdvertisementRow>();
    public DbSet<IndiciumDesignRow> IndiciumDesigns => Set<IndiciumDesignRow>();
    public DbSet<RedateRow> Redates => Set<RedateRow>();
    public DbSet<ClassifiedBranchRow> ClassifiedBranches => Set<ClassifiedBranchRow>();

    partial void ConfigureRates(ModelBuilder b)
    {
        b.Entity<RateTableRow>(e =>
        {
            e.ToTable("rate_tables");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Name).IsUnique();
            // One table per effective date, enforced by the database across nodes.
            e.HasIndex(x => x.EffectiveOn).IsUnique();
        });
        b.Entity<CollectionScheduleRow>(e =>
        {
            e.ToTable("collection_schedules");
            e.HasKey(x => x.PostOfficeZip);
        });
        b.Entity<AdvertisementRow>(e =>
        {
            e.ToTable("advertisements");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ProviderId);
        });
        b.Entity<IndiciumDesignRow>(e =>
        {
            e.ToTable("indicium_designs");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ProviderId);
        });
        b.Entity<RedateRow>(e =>
        {
            e.ToTable("redates");
            e.HasKey(x => new { x.DeviceId, x.Id });
            e.HasIndex(x => x.Id).IsUnique();
        });
        b.Entity<ClassifiedBranchRow>(e =>
        {
            e.ToTable("classified_branches");
            e.HasKey(x => x.LicenseId);
        });
        b.Entity<IndiciumRow>(e =>
        {
            e.Property(x => x.Variant).HasDefaultValue("standard");
        });
    }
}
