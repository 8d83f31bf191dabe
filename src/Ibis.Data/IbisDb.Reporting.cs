using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// §502.14: the provider's reports on potential security weaknesses, each tied to a case.
public abstract partial class IbisDb
{
    public DbSet<SecurityReportRow> SecurityReports => Set<SecurityReportRow>();

    partial void ConfigureReporting(ModelBuilder b)
    {
        b.Entity<SecurityReportRow>(e =>
        {
            e.ToTable("security_reports");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.CaseId, x.FiledAt });
            e.HasIndex(x => x.ProviderId);
            // One preliminary, one written and one final report per case; status reports repeat.
            e.HasIndex(x => new { x.CaseId, x.Kind }).IsUnique().HasFilter("\"Kind\" <> 'status'");
        });
    }
}
