using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// The Postal Service's side: its officials' reads (each logged with a purpose) and the provider's
// mailpiece quality assurance (P050 2.5h, §502.26). The scan store is not here: see ScanStoreSchema.
public abstract partial class IbisDb
{
    public DbSet<OversightReadRow> OversightReads => Set<OversightReadRow>();
    public DbSet<QualitySampleRow> QualitySamples => Set<QualitySampleRow>();
    public DbSet<ScanTallyRow> ScanTallies => Set<ScanTallyRow>();

    partial void ConfigureOversight(ModelBuilder b)
    {
        b.Entity<OversightReadRow>(e =>
        {
            e.ToTable("oversight_reads");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ReadAt);
            e.HasIndex(x => x.SubjectId);
        });
        b.Entity<QualitySampleRow>(e =>
        {
            e.ToTable("quality_samples");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DeviceId, x.SubmittedAt });
            e.HasIndex(x => x.ProviderId);
        });
        b.Entity<ScanTallyRow>(e =>
        {
            e.ToTable(ScanTallyTable);
            e.HasKey(x => new { x.Sandbox, x.Day, x.DeviceId });
            e.HasIndex(x => new { x.Sandbox, x.ProviderId, x.Day });
            e.HasIndex(x => new { x.Sandbox, x.LicenseeId, x.Day });
        });
    }

    /// <summary>The tallies' table, which the scan stream adds to with one upsert per device and day.</summary>
    public const string ScanTallyTable = "scan_tallies";
}
